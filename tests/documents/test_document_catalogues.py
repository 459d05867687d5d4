"""Every client-document string is translated in every catalogue, in the right script.

The client documents use msgctxt "client document"; the other (UI) entries of the ar, fa, tr,
fr, ru and uk catalogues stay empty on purpose: the UI speaks German and English only.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import lotse
from po_reader import Entry, parse_po

LOCALE_DIR = Path(lotse.__file__).resolve().parent / "locale"
PROJECT_DIR = LOCALE_DIR.parent
LANGUAGES = ["de", "ar", "fa", "tr", "fr", "ru", "uk"]
CONTEXT = "client document"

_PLACEHOLDER = re.compile(r"%\((\w+)\)s")
ARABIC_SCRIPT = re.compile("[\u0600-\u06ff]")
CYRILLIC = re.compile("[\u0400-\u04ff]")


def catalogue(language: str) -> list[Entry]:
    """The project catalogue of ``language`` followed by the apps' own (network, courses)."""
    project = LOCALE_DIR / language / "LC_MESSAGES" / "django.po"
    apps = sorted(PROJECT_DIR.glob(f"*/locale/{language}/LC_MESSAGES/django.po"))
    return [entry for path in [project, *apps] for entry in parse_po(path)]


def document_entries(language: str) -> dict[str, Entry]:
    return {e.msgid: e for e in catalogue(language) if e.fields.get("msgctxt") == CONTEXT}


def strings_in_the_documents() -> set[str]:
    """The msgids every client document asks for (blocktranslate with `trimmed`), in any app:
    the documents app's own and those of the apps that print letters (referral letter,
    appointment letter, flyer, subject-access export)."""
    found: set[str] = set()
    for template in PROJECT_DIR.rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        found.update(re.findall(r'{% translate "([^"]+)" context "client document" %}', text))
        for block in re.findall(
            r'{% blocktranslate [^%]*context "client document"[^%]*%}(.*?){% endblocktranslate %}',
            text,
            flags=re.DOTALL,
        ):
            singular = block.split("{% plural %}")[0]
            found.add(" ".join(re.sub(r"{{ (\w+) }}", r"%(\1)s", singular).split()))
    for module in PROJECT_DIR.rglob("*.py"):
        found.update(_pgettext_calls(ast.parse(module.read_text(encoding="utf-8"))))
    return found


def _pgettext_calls(tree: ast.AST) -> set[str]:
    """msgids of pgettext(_lazy)("client document", "...") calls, implicit concatenation joined."""
    found = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or len(node.args) < 2:
            continue
        name = getattr(node.func, "id", getattr(node.func, "attr", ""))
        context, message = node.args[0], node.args[1]
        if (
            name in {"pgettext", "pgettext_lazy"}
            and isinstance(context, ast.Constant)
            and context.value == CONTEXT
            and isinstance(message, ast.Constant)
            and isinstance(message.value, str)
        ):
            found.add(message.value)
    return found


def test_parser_reads_context_plurals_and_flags(tmp_path: Path) -> None:
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: ru\\n"\n\n'
        '#, python-format\nmsgctxt "client document"\nmsgid "%(n)s year"\n'
        'msgid_plural ""\n"%(n)s years"\nmsgstr[0] "%(n)s год"\nmsgstr[1] ""\n\n'
        '#~ msgid "gone"\n#~ msgstr ""\n',
        encoding="utf-8",
    )
    header, plural = parse_po(po)
    assert header.fields["msgstr"] == "Language: ru\n"
    assert plural.fields["msgctxt"] == CONTEXT
    assert plural.fields["msgid_plural"] == "%(n)s years"
    assert plural.msgstr_values == ["%(n)s год", ""]
    assert plural.flags == {"python-format"}


def test_the_documents_use_many_strings() -> None:
    assert len(strings_in_the_documents()) > 60


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_document_string_is_translated(language: str) -> None:
    entries = document_entries(language)
    missing = strings_in_the_documents() - set(entries)
    assert not missing, f"{language}: not in the catalogue (run makemessages): {sorted(missing)}"
    empty = [
        msgid for msgid, e in entries.items() if not e.msgstr_values or not all(e.msgstr_values)
    ]
    assert not empty, f"{language}: empty client-document entries: {empty}"
    fuzzy = [msgid for msgid, e in entries.items() if "fuzzy" in e.flags]
    assert not fuzzy, f"{language}: fuzzy client-document entries: {fuzzy}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_header_is_usable(language: str) -> None:
    header = catalogue(language)[0]
    assert header.msgid == ""
    assert "fuzzy" not in header.flags
    assert f"Language: {language}\n" in header.fields["msgstr"]
    assert "charset=UTF-8" in header.fields["msgstr"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_placeholders_survive_translation(language: str) -> None:
    for msgid, entry in document_entries(language).items():
        names = set(_PLACEHOLDER.findall(msgid + entry.fields.get("msgid_plural", "")))
        for text in entry.msgstr_values:
            assert set(_PLACEHOLDER.findall(text)) <= names, (language, msgid, text)
        # The general plural form (the last) must show the number.
        assert set(_PLACEHOLDER.findall(entry.msgstr_values[-1])) == names, (language, msgid)


@pytest.mark.parametrize(
    ("language", "script", "foreign"),
    [
        # Persian uses its own yeh and keheh, Arabic the Arabic ones.
        ("fa", ARABIC_SCRIPT, {"\u064a": "Arabic yeh ي", "\u0643": "Arabic kaf ك"}),
        ("ar", ARABIC_SCRIPT, {"\u06cc": "Persian yeh ی", "\u06a9": "Persian keheh ک"}),
        # Ukrainian is not Russian, and the other way round.
        ("uk", CYRILLIC, {"ы": "ы", "э": "э", "ъ": "ъ", "ё": "ё"}),
        ("ru", CYRILLIC, {"і": "і", "ї": "ї", "є": "є", "ґ": "ґ"}),
    ],
)
def test_translations_are_in_the_right_script(
    language: str, script: re.Pattern[str], foreign: dict[str, str]
) -> None:
    for msgid, entry in document_entries(language).items():
        for text in entry.msgstr_values:
            assert script.search(text), f"{language}: {msgid!r} is not translated: {text!r}"
            wrong = {name for char, name in foreign.items() if char in text.lower()}
            assert not wrong, f"{language}: {text!r} contains {wrong}"


def test_ukrainian_is_not_a_copy_of_russian() -> None:
    russian = {m: e.msgstr_values for m, e in document_entries("ru").items()}
    same = [m for m, e in document_entries("uk").items() if e.msgstr_values == russian.get(m)]
    # Short labels may coincide ("Телефон", "Дата", "Консультант"); sentences may not.
    # "Ваш консультант" is correct Ukrainian as well as Russian.
    identical_on_purpose = {"Your counsellor"}
    assert all(len(m) < 12 or m in identical_on_purpose for m in same), same
