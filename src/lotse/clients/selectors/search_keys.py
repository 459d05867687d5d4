"""Keyed search tokens of a client's names, and the digests a search looks them up by.

Every token is an HMAC (``lotse.common.crypto``), never the name: the token table can be
read by anyone with a database dump and still names nobody. Three kinds per name word:

* the word's prefixes (2–12 letters) as typed, accents and case folded (``Amira`` → am, ami …);
* the same prefixes of its Latin transliteration by ``anyascii`` (``Олена`` → ol, ole …,
  ``محمد`` → mh, mhm, mhmd), under the same purpose, so that a Latin prefix finds a name
  written in another script and the other way round;
* the Kölner Phonetik code of every word of the normalised name (``phonetics.normalise_name``:
  transliteration, spelling folds, the Muhammad spellings as one), under its own purpose, so
  that a whole word finds its spelling variants (Mohammed / Muhammad / محمد, Yusuf / Youssef);
* the consonant skeleton of every word (``phonetics.arabic_skeletons``), under one purpose for
  every name and under a second one only for names written in Arabic script: a query in Arabic
  script is compared by consonants with every name, a Latin query only with names in Arabic
  script (حداد ~ Haddad), so that Nazir does not find Nadir.

A query word matches a file when the file holds any of that word's digests; every word of the
query must match.
"""

from __future__ import annotations

from anyascii import anyascii

from lotse.common import crypto

from ..phonetics import arabic_skeletons, cologne_phonetic, normalise_name

NAME_PURPOSE = "client.name"
PHONETIC_PURPOSE = "client.phonetic"
PHONETIC_WORD_PURPOSE = "client.phonetic:word"
SKELETON_PURPOSE = "client.skeleton:word"
ARABIC_SKELETON_PURPOSE = "client.skeleton:arabic-script"

PREFIX_MAX = 12
"""Longest stored prefix; a longer query word is cut to it."""

PHONETIC_MIN_LETTERS = 3
"""A query word shorter than this is matched by prefix only: the code of "Mo" is that of Emma."""


def latin(value: str) -> str:
    """``value`` in Latin letters (anyascii); unchanged if it is Latin already."""
    return anyascii(value)


def phonetic_word_codes(value: str) -> list[str]:
    """Kölner Phonetik of every word of the normalised ``value``, without empty codes."""
    codes = (cologne_phonetic(word) for word in normalise_name(value).split())
    return list(dict.fromkeys(code for code in codes if code))


def name_token_digests(*names: str) -> list[str]:
    """Every token digest stored for a client with these names (first, last, pseudonym)."""
    text = " ".join(name for name in names if name)
    digests: dict[str, None] = {}
    for variant in (text, latin(text)):
        for digest in crypto.prefix_digests(variant, purpose=NAME_PURPOSE, max_len=PREFIX_MAX):
            digests.setdefault(digest)
    for code in phonetic_word_codes(text):
        digests.setdefault(crypto.blind_index(code, purpose=PHONETIC_WORD_PURPOSE))
    for name in names:
        skeletons, arabic = arabic_skeletons(name)
        for purpose in (
            (SKELETON_PURPOSE, ARABIC_SKELETON_PURPOSE) if arabic else (SKELETON_PURPOSE,)
        ):
            for skeleton in skeletons:
                digests.setdefault(crypto.blind_index(skeleton, purpose=purpose))
    return list(digests)


def query_word_digests(word: str) -> list[str]:
    """Digests of which a file must hold at least one to match the query word ``word``.

    Empty if the word is too short to search for (one letter): nothing was stored for it.
    """
    digests: dict[str, None] = {}
    for variant in (word, latin(word)):
        for folded in crypto.normalise_for_index(variant).split():
            if len(folded) >= 2:
                digest = crypto.blind_index(folded[:PREFIX_MAX], purpose=NAME_PURPOSE + ":prefix")
                digests.setdefault(digest)
    if len(crypto.normalise_for_index(latin(word)).replace(" ", "")) >= PHONETIC_MIN_LETTERS:
        codes = phonetic_word_codes(word)
        # A word that normalises to several (Abdelrahman → abdal rahman) would match any one
        # of them, which is too loose: only a single word is matched by sound.
        if len(codes) == 1:
            digests.setdefault(crypto.blind_index(codes[0], purpose=PHONETIC_WORD_PURPOSE))
        skeletons, arabic = arabic_skeletons(word)
        if len(skeletons) == 1:
            purpose = SKELETON_PURPOSE if arabic else ARABIC_SKELETON_PURPOSE
            digests.setdefault(crypto.blind_index(skeletons[0], purpose=purpose))
    return list(digests)
