"""Name matching for duplicate detection (issue #3 §2).

Pure functions, no Django: a candidate duplicate is a file with the same birth date and a
similar name. Clients' names reach us in German spellings, in English/French/Turkish
transliterations of Arabic and Persian names, in Ukrainian and Russian passport spellings and
now and then in the original script. The pipeline is

    transliterate  →  normalise_name  →  cologne_phonetic per word  →  name_key
                                      ↘  Jaro-Winkler per word      →  name_similarity

``name_key`` is exact and cheap, so it can be stored (as a blind index) and looked up;
``name_similarity`` catches what the key misses and is only run on the few files that already
share the birth date. Both are recall-oriented: they propose candidates, a person decides.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import jellyfish
from anyascii import anyascii

__all__ = [
    "DEFAULT_THRESHOLD",
    "PreparedName",
    "arabic_skeletons",
    "cologne_phonetic",
    "is_probable_duplicate",
    "name_key",
    "name_similarity",
    "normalise_name",
    "prepare_name",
    "prepared_duplicate",
    "transliterate",
]

DEFAULT_THRESHOLD = 0.88
"""Jaro-Winkler score from which two names count as similar (see ``name_similarity``)."""

# --------------------------------------------------------------------------------------------
# transliterate
# --------------------------------------------------------------------------------------------

# Latin letters that Unicode does not decompose into "base letter + diacritic".
_LATIN_SPECIAL = {
    "ß": "ss",
    "ı": "i",  # Turkish dotless i; İ is handled by casefold ("i" + combining dot)
    "ə": "e",  # Azerbaijani schwa
    "æ": "ae",
    "œ": "oe",
    "ø": "o",
    "đ": "d",
    "ð": "d",
    "þ": "th",
    "ł": "l",
    "ħ": "h",
    "ŋ": "n",
}

# Russian letters, close to the BGN/PCGN scheme English-language documents use.
_CYRILLIC = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ё": "e",  # printed Russian mostly writes ё as е, so both must agree
    "ж": "zh",
    "з": "z",
    "и": "i",
    "й": "y",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "yu",
    "я": "ya",
    "ў": "u",  # Belarusian
    "ґ": "g",
    "є": "ye",
    "і": "i",
    "ї": "yi",
}
# Ukrainian national transliteration (KMU 2010) differs for two shared letters; a name is read as
# Ukrainian when it contains a letter Russian does not have.
_UKRAINIAN = {"г": "h", "и": "y"}
_UKRAINIAN_ONLY = frozenset("ґєії")

# Arabic script (Arabic, Persian, Dari, Urdu, Kurdish): a consonant skeleton plus long vowels.
# Short vowels are not written, so they cannot be recovered; ث ذ ض ظ take their Persian/Turkish
# value (s, z, z, z) – the Arabic one (th, dh, d, z) would split Reza/رضا and Osman/عثمان.
_ARABIC = {
    "ا": "a",
    "أ": "a",
    "إ": "i",  # hamza below is an i-sound: إبراهيم Ibrahim, إيمان Iman
    "آ": "a",
    "ٱ": "a",
    "ء": "a",
    "ئ": "i",
    "ؤ": "u",
    "ب": "b",
    "ت": "t",
    "ث": "s",
    "ج": "j",
    "ح": "h",
    "خ": "kh",
    "د": "d",
    "ذ": "z",
    "ر": "r",
    "ز": "z",
    "س": "s",
    "ش": "sh",
    "ص": "s",
    "ض": "z",
    "ط": "t",
    "ظ": "z",
    "ع": "a",  # ʿayn mostly surfaces as a vowel in Latin spellings: Ali, Saad, Ismail, Jaafar
    "غ": "gh",
    "ف": "f",
    "ق": "q",
    "ك": "k",
    "ک": "k",
    "ل": "l",
    "م": "m",
    "ن": "n",
    "ه": "h",
    "ة": "a",
    "ى": "a",  # alif maqsura: Musa, Mustafa, Layla
    "پ": "p",
    "چ": "ch",
    "ژ": "zh",
    "گ": "g",
    "ڤ": "v",
}
_ARABIC_WAW = "و"
_ARABIC_YEH = frozenset("يی")
_ARABIC_ALEF = frozenset("اأإآٱ")
_ARABIC_LETTERS = frozenset(_ARABIC) | _ARABIC_YEH | {_ARABIC_WAW}
# Short-vowel signs, shadda, sukun, dagger alif and tatweel carry nothing we can use.
_ARABIC_IGNORED = re.compile("[\u064b-\u065f\u0670\u0640]")
_ARABIC_SCRIPT = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")

_ABDULLAH = re.compile(r"عبد\s*الله")

# Apostrophes (O'Brien, Ma'mun, ʿAli) join; other punctuation separates words.
_APOSTROPHES = frozenset("'`´‘’ʼʻʾʿ′")


def transliterate(value: str) -> str:
    """Lower-case Latin approximation of a name: only ``a``–``z`` and single spaces.

    One scheme for everything, no German umlaut expansion: ä→a, ö→o, ü→u, ß→ss, ç→c, ş→s,
    ğ→g, ı/İ→i. Russian and Ukrainian Cyrillic follow the usual English passport spellings
    (Олександр→oleksandr, Щ→shch). Arabic-script letters become a consonant skeleton with the
    long vowels (محمد→mhmd, رضا→rza, الحسن→"al hsn"). Letters of other scripts (Ge'ez,
    Greek, Armenian, Georgian, Han …) take their ``anyascii`` transliteration (ተስፋይ→tesfay).
    """
    text = unicodedata.normalize("NFC", unicodedata.normalize("NFKC", value).casefold())
    text = _ARABIC_IGNORED.sub("", text)
    # The word Allah keeps its article, and Abd Allah is one name however it is spaced
    # (Abdullah, Abdallah); Latin letters pass through the loop below unchanged.
    text = _ABDULLAH.sub("abdallah", text).replace("الله", "allah")
    ukrainian = not _UKRAINIAN_ONLY.isdisjoint(text)
    out: list[str] = []
    for index, char in enumerate(text):
        if char in _ARABIC_LETTERS:
            out.append(_arabic_letter(text, index))
        elif char in _CYRILLIC or char in _UKRAINIAN:
            out.append(_UKRAINIAN[char] if ukrainian and char in _UKRAINIAN else _CYRILLIC[char])
        elif char in _LATIN_SPECIAL:
            out.append(_LATIN_SPECIAL[char])
        elif "a" <= char <= "z":
            out.append(char)
        elif char in _APOSTROPHES:
            continue
        elif char.isspace() or unicodedata.category(char)[0] in "PZC":
            out.append(" ")
        else:
            # Accented Latin letters decompose into base letter + marks; letters of other
            # scripts are transliterated by anyascii; digits, symbols and marks contribute
            # nothing.
            decomposed = unicodedata.normalize("NFKD", char)
            latin = "".join(c for c in decomposed if "a" <= c <= "z")
            if not latin and unicodedata.category(char)[0] == "L":
                latin = "".join(c for c in anyascii(char).casefold() if "a" <= c <= "z")
            out.append(latin)
    return " ".join("".join(out).split())


def _arabic_letter(text: str, index: int) -> str:
    char = text[index]
    nxt = text[index + 1] if index + 1 < len(text) else ""
    if char == "ل" and index > 0 and _is_article(text, index - 1):
        return "l "  # joined article (الحسن): make it a word of its own, like "al-Hassan"
    prev = text[index - 1] if index > 0 else ""
    word_start = prev not in _ARABIC_LETTERS or (index > 1 and _is_article(text, index - 2))
    if char == _ARABIC_WAW:
        # A consonant at the start of a word, next to an alif and before a yeh (Walid, Radwan,
        # Dawud, Parviz); otherwise the long vowel u (Mahmud, Nur, Yusuf).
        consonant = prev in _ARABIC_ALEF or nxt in _ARABIC_ALEF or nxt in _ARABIC_YEH
        return "w" if word_start or consonant else "u"
    if char in _ARABIC_YEH:
        return "y" if word_start else "i"  # Yusuf, Yasin – but Ziad, Husain, Ali
    return _ARABIC[char]


def _is_article(text: str, index: int) -> bool:
    """Does the article ال start a word at ``index`` and leave at least two letters after it?"""
    if index > 0 and text[index - 1] in _ARABIC_LETTERS:
        return False
    end = index
    while end < len(text) and text[end] in _ARABIC_LETTERS:
        end += 1
    return text.startswith("ال", index) and end - index > 3


# --------------------------------------------------------------------------------------------
# normalise_name
# --------------------------------------------------------------------------------------------

_VOWELS = "aeiou"

# Spelling folds, applied in this order to every word until nothing changes. Each one maps
# spellings of the same sound onto one of them; none of them tries to be phonetically exact.
_FOLDS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        # ج / дж: English j, French dj, German dsch (Jamal, Djamal, Dschamal; Dzhamal).
        (r"dsch|dzh|dj", "j"),
        # ч: German tsch, English ch (Tschernow / Chernov).
        (r"tsch", "ch"),
        # ش / ш: German sch, English sh; ж: German sch, English zh (Schukow / Zhukov).
        (r"sch|zh", "sh"),
        # خ / х: English kh, German ch (Khalid / Chalid, Mikhail / Michail).
        (r"kh", "ch"),
        # ph is f (Christoph / Christof, Joseph / Josef).
        (r"ph", "f"),
        # German th and dt are plain t (Matthias / Matias, Schmidt / Schmitt).
        (r"th|dt", "t"),
        # ck and q are k (Becker / Beker; ق: Qasim / Kasim).
        (r"ck|q", "k"),
        # x is ks (Alexander / Aleksandr).
        (r"x", "ks"),
        # w is v in German and in Slavic transliteration (Kowalenko / Kovalenko, Iwan / Ivan).
        (r"w", "v"),
        # English ee (Saeed, Fareed) is i; English oo (Noor) and French ou (Youssef) are u.
        (r"ee", "i"),
        (r"oo|ou", "u"),
        # German umlauts typed without diacritics: Mueller, Goetz, Baer.
        (r"ue", "u"),
        (r"oe", "o"),
        (r"ae", "a"),
        # A word-final y is a vowel (Aly, Fahmy, Dmitriy); so is j after a vowel (Sergej, Nikolaj).
        (r"y$", "i"),
        (r"(?<=[aeiou])j$", "i"),
        # One diphthong, many spellings: Meyer/Maier/Meier/Mayer, Hussein/Husain, Zeinab/Zaynab.
        (r"ey|ay|ei", "ai"),
        # Otherwise y is j before a vowel (Yusuf / Jusuf, Yilmaz) and i elsewhere (Dmytro).
        (r"y(?=[aeiou])", "j"),
        (r"y", "i"),
        # Doubled letters are not heard: Hassan / Hasan, Müller / Muller, Mohammed / Mohamed.
        (r"([a-z])\1+", r"\1"),
        # A final h after a vowel or plain consonant is silent: Fatimah / Fatima, Noah, فاطمه.
        (r"(?<=[^csg])h$", ""),
    )
)

# Whole-word spellings of the name Muhammad, folded, mapped to one form. Mehmet / Mehmed and
# Mahmud are different names and stay apart; "mhd" is the common Syrian abbreviation and
# "mhmd" the unvocalised Arabic script (محمد).
_MUHAMMAD = "muhamad"
_MUHAMMAD_SPELLINGS = (
    "muhammad",
    "muhammed",
    "muhammet",
    "mohammad",
    "mohammed",
    "mohamad",
    "mohamed",
    "mouhamed",
    "mouhamad",
    "mohd",
    "muhd",
    "mhd",
    "mhmd",
)
# "Servant of" + article: Abdel, Abdul, Abd al-, Abd el- … all become the word "abdal".
_ABD = "abdal"
_ABD_WORDS = frozenset({"abd", "abdal", "abdel", "abdul", "abdil", "abdol"})
# Written together (Abdelrahman, Abdulaziz) or with the article assimilated to a sun letter
# (Abdurrahman, Abderrahmane, Abdisalam): split so it equals the spelling with a space.
_ABD_JOINED = re.compile(r"abd[aeiou](?:l(?P<rest>[a-z]{3,})|(?P<sun>[dnrstz][a-z]{2,}))")
# The Arabic article as a word of its own (al-Hassan, El Hasan; ul as in Zia ul Haq).
_ARTICLES = frozenset({"al", "el", "ul"})


def _fold(word: str) -> str:
    for _ in range(10):  # every fold shortens or settles a word; 10 rounds are plenty
        before = word
        for pattern, replacement in _FOLDS:
            word = pattern.sub(replacement, word)
        if word == before:
            break
    return word


_MUHAMMAD_FOLDED = frozenset(_fold(spelling) for spelling in _MUHAMMAD_SPELLINGS)


def _normalise_word(word: str) -> list[str]:
    word = _fold(word)
    if word in _MUHAMMAD_FOLDED:
        return [_MUHAMMAD]
    if word in _ABD_WORDS:
        return [_ABD]
    joined = _ABD_JOINED.fullmatch(word)
    if joined:
        return [_ABD, _fold(joined["rest"] or joined["sun"])]
    return [word] if word else []


def normalise_name(value: str) -> str:
    """Words of a name in one canonical spelling, separated by single spaces.

    ``transliterate``, then per word the spelling folds above (run until stable), then the
    whole-word rules: the Muhammad spellings become ``muhamad``; Abd/Abdel/Abdul (+ article)
    become ``abdal`` followed by the rest of the name; a separate article word (al, el, ul) is
    dropped unless the name consists of nothing else. Word order is kept, and every rule
    looks at one word at a time (the article rule at the whole set), so permuting the input
    words permutes the output words.
    """
    words = [part for word in transliterate(value).split() for part in _normalise_word(word)]
    if any(word not in _ARTICLES for word in words):
        words = [word for word in words if word not in _ARTICLES]
    return " ".join(words)


# --------------------------------------------------------------------------------------------
# Kölner Phonetik
# --------------------------------------------------------------------------------------------

_COLOGNE_SIMPLE = {
    **dict.fromkeys("aeijouy", "0"),
    "b": "1",
    **dict.fromkeys("fvw", "3"),
    **dict.fromkeys("gkq", "4"),
    "l": "5",
    **dict.fromkeys("mn", "6"),
    "r": "7",
    **dict.fromkeys("sz", "8"),
}


def cologne_phonetic(value: str) -> str:
    """Kölner Phonetik (H. J. Postel, 1969) of ``value`` read as one word.

    The value is transliterated first (ä→a, ß→ss, Cyrillic, Arabic); spaces and hyphens are
    ignored, so "Müller-Lüdenscheidt" is coded as one word, as in the published examples.
    Letter codes with context (``prev``/``next`` are the neighbouring letters):

    ====================  ============================================================  ====
    A E I J O U Y         –                                                             0
    H                     never coded (and so does not separate equal codes)           –
    B                     –                                                             1
    P                     not before H / before H                                       1/3
    D T                   not before C S Z / before C S Z                               2/8
    F V W                 –                                                             3
    G K Q                 –                                                             4
    C                     at the start before A H K L O Q R U X                         4
    C                     elsewhere before A H K O Q U X, unless after S or Z           4
    C                     otherwise (after S Z, before other letters, start + other)    8
    X                     after C K Q / otherwise                                       8/48
    L / M N / R / S Z     –                                                             5/6/7/8
    ====================  ============================================================  ====

    Then runs of the same digit are collapsed and every 0 except a leading one is removed.
    """
    letters = transliterate(value).replace(" ", "")
    digits: list[str] = []
    for index, char in enumerate(letters):
        prev = letters[index - 1] if index > 0 else ""
        nxt = letters[index + 1] if index + 1 < len(letters) else ""
        if char == "h":
            continue
        if char == "p":
            digits.append("3" if nxt == "h" else "1")
        elif char in ("d", "t"):
            digits.append("8" if nxt and nxt in "csz" else "2")
        elif char == "c":
            if index == 0:
                hard = bool(nxt) and nxt in "ahkloqrux"
            else:
                hard = prev not in ("s", "z") and bool(nxt) and nxt in "ahkoqux"
            digits.append("4" if hard else "8")
        elif char == "x":
            digits.extend("8" if prev in ("c", "k", "q") and prev else "48")
        else:
            digits.append(_COLOGNE_SIMPLE[char])
    collapsed = [d for i, d in enumerate(digits) if i == 0 or d != digits[i - 1]]
    if not collapsed:
        return ""
    return collapsed[0] + "".join(d for d in collapsed[1:] if d != "0")


# --------------------------------------------------------------------------------------------
# Key and similarity
# --------------------------------------------------------------------------------------------


def name_key(first: str, last: str) -> str:
    """Phonetic key of a full name, for exact lookup in an indexed column.

    The Kölner Phonetik of every word of the normalised name, sorted and joined by spaces, so
    the key ignores case, spelling variants, word order and which field a word was typed in.
    Empty if the name has no usable letters.
    """
    return _key_of(normalise_name(f"{first} {last}").split())


def _key_of(words: Iterable[str]) -> str:
    codes = (cologne_phonetic(word) for word in words)
    return " ".join(sorted(code for code in codes if code))


SURPLUS_WORD_FACTOR = 0.95
"""Similarity factor per word one name has beyond the other (see ``name_similarity``)."""


def name_similarity(a: str, b: str) -> float:
    """How alike two full names are, from 0.0 to 1.0; symmetric and word-order-insensitive.

    Both names are normalised, the words of the shorter name are paired with words of the
    longer one, and the pairing that maximises the *weakest* pair's Jaro-Winkler score wins;
    that weakest score is the result. One clearly different word therefore keeps two names
    apart even when the others agree ("Mehmet Yilmaz" / "Ahmet Yilmaz").

    Words without a partner (an omitted middle name or part of an Arabic name chain) lower the
    score by ``SURPLUS_WORD_FACTOR`` each, provided at least two words were paired; a single
    word is never enough to match a longer name ("Ali" / "Ali Yilmaz" → 0.0).

    If either name is in Arabic script its short vowels are unknown, so the words are also
    compared as consonant skeletons (see ``_skeleton``) and the better result counts.
    """
    return _similarity(
        normalise_name(a).split(),
        normalise_name(b).split(),
        arabic=bool(_ARABIC_SCRIPT.search(a) or _ARABIC_SCRIPT.search(b)),
    )


def _similarity(words_a: Sequence[str], words_b: Sequence[str], *, arabic: bool) -> float:
    if not words_a or not words_b:
        return 1.0 if list(words_a) == list(words_b) else 0.0
    score = _word_set_similarity(words_a, words_b)
    if arabic:
        skeleton_a = [_skeleton(word) for word in words_a]
        skeleton_b = [_skeleton(word) for word in words_b]
        score = max(score, _word_set_similarity(skeleton_a, skeleton_b))
    return score


def is_probable_duplicate(
    a_first: str,
    a_last: str,
    b_first: str,
    b_last: str,
    *,
    threshold: float = DEFAULT_THRESHOLD,
) -> bool:
    """Whether two names (of people with the same birth date) should be shown as candidates.

    True if the phonetic keys are equal or ``name_similarity`` reaches ``threshold``. Names
    without any usable letters never match anything.
    """
    return prepared_duplicate(
        prepare_name(a_first, a_last), prepare_name(b_first, b_last), threshold=threshold
    )


@dataclass(frozen=True, slots=True)
class PreparedName:
    """A full name with what comparing it needs, worked out once (``prepare_name``).

    Comparing one name with many (the spreadsheet import meets the same files again and
    again) would otherwise transliterate and fold both names three times per comparison.
    """

    normalised: str
    words: tuple[str, ...]
    key: str
    arabic: bool


def prepare_name(first: str, last: str) -> PreparedName:
    full = f"{first} {last}"
    normalised = normalise_name(full)
    words = tuple(normalised.split())
    return PreparedName(normalised, words, _key_of(words), bool(_ARABIC_SCRIPT.search(full)))


def prepared_duplicate(
    a: PreparedName, b: PreparedName, *, threshold: float = DEFAULT_THRESHOLD
) -> bool:
    """``is_probable_duplicate`` of two prepared names."""
    if not a.normalised or not b.normalised:
        return False
    if a.key == b.key:
        return True
    return _similarity(a.words, b.words, arabic=a.arabic or b.arabic) >= threshold


def _word_similarity(a: str, b: str) -> float:
    if a == b:
        return 1.0
    first, second = sorted((a, b))  # same argument order either way round: exactly symmetric
    return min(1.0, max(0.0, jellyfish.jaro_winkler_similarity(first, second)))


def _word_set_similarity(words_a: Sequence[str], words_b: Sequence[str]) -> float:
    short, long = sorted((words_a, words_b), key=len)
    scores = [[_word_similarity(s, t) for t in long] for s in short]
    # Bottleneck assignment: the highest level at which every word of the shorter name still
    # finds its own partner. Feasibility only grows as the level drops, and the lowest score
    # is always feasible, so a binary search over the distinct scores finds it.
    levels = sorted({score for row in scores for score in row})
    low, high = 0, len(levels) - 1
    while low < high:
        middle = (low + high + 1) // 2
        if _has_full_matching(scores, levels[middle]):
            low = middle
        else:
            high = middle - 1
    best = levels[low]
    surplus = len(long) - len(short)
    if surplus == 0:
        return best
    if len(short) < 2:
        return 0.0
    return best * SURPLUS_WORD_FACTOR**surplus


def _has_full_matching(scores: Sequence[Sequence[float]], level: float) -> bool:
    """Can every row get its own column with a score of at least ``level``? (Kuhn's method)"""
    owner: dict[int, int] = {}

    def place(row: int, seen: set[int]) -> bool:
        for col, score in enumerate(scores[row]):
            if score >= level and col not in seen:
                seen.add(col)
                if col not in owner or place(owner[col], seen):
                    owner[col] = row
                    return True
        return False

    return all(place(row, set()) for row in range(len(scores)))


def arabic_skeletons(value: str) -> tuple[list[str], bool]:
    """Consonant skeletons of the words of the normalised ``value`` (see ``_skeleton``), and
    whether ``value`` is written in Arabic script.

    Arabic script writes no short vowels, so a Latin spelling and the script only agree on
    their consonants: حداد and Haddad both give "hd", عمر and Omar "amr".
    """
    words = normalise_name(value).split()
    return list(dict.fromkeys(_skeleton(word) for word in words)), bool(
        _ARABIC_SCRIPT.search(value)
    )


def _skeleton(word: str) -> str:
    """Consonants of a normalised word, for comparison with unvocalised Arabic script.

    A leading vowel becomes "a" (an alif or ʿayn in the script: Omar ~ عمر, Ibrahim ~ إبراهيم);
    d and z merge because ض ذ ظ are spelled d, dh or z depending on the language.
    """
    head = "a" if word[0] in _VOWELS else ""
    consonants = "".join(c for c in word if c not in _VOWELS).replace("z", "d")
    return head + _collapse(consonants)


def _collapse(letters: Iterable[str]) -> str:
    out: list[str] = []
    for letter in letters:
        if not out or out[-1] != letter:
            out.append(letter)
    return "".join(out)
