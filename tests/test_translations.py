"""The German catalogue is complete, and Django actually serves it.

Workflow when a test here fails: `make messages`, translate the new entries in
src/lotse/locale/de/LC_MESSAGES/django.po, then `make test` (which compiles the catalogues).
"""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django.utils.translation import gettext, ngettext, override

import lotse
from po_reader import parse_po

LOCALE_DIR = Path(lotse.__file__).resolve().parent / "locale"
DE_PO = LOCALE_DIR / "de" / "LC_MESSAGES" / "django.po"
DE_MO = DE_PO.with_suffix(".mo")


def test_parser_reads_plurals_and_flags(tmp_path: Path) -> None:
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: de\\n"\n\n'
        '#: a.html:1\n#, fuzzy, python-format\nmsgid "%(n)s file"\n'
        'msgid_plural ""\n"%(n)s files"\nmsgstr[0] "%(n)s Akte"\nmsgstr[1] ""\n\n'
        '#~ msgid "gone"\n#~ msgstr ""\n',
        encoding="utf-8",
    )
    header, plural = parse_po(po)
    assert header.fields["msgstr"] == "Language: de\n"
    assert plural.fields["msgid_plural"] == "%(n)s files"
    assert plural.msgstrs == {"msgstr[0]": "%(n)s Akte", "msgstr[1]": ""}
    assert plural.flags == {"fuzzy", "python-format"}


def test_german_catalogue_is_complete() -> None:
    assert DE_PO.exists(), f"{DE_PO} is missing; run `make messages`."
    entries = parse_po(DE_PO)
    assert len(entries) > 100, "The German catalogue looks truncated."
    untranslated = [
        e.msgid for e in entries if e.msgid and (not e.msgstrs or not all(e.msgstrs.values()))
    ]
    fuzzy = [e.msgid or "(header)" for e in entries if "fuzzy" in e.flags]
    assert not untranslated, (
        f"{len(untranslated)} untranslated German entries in {DE_PO}:\n"
        + "\n".join(f"  {m!r}" for m in untranslated)
    )
    assert not fuzzy, (
        f"{len(fuzzy)} German entries marked fuzzy in {DE_PO} (check and remove the flag):\n"
        + "\n".join(f"  {m!r}" for m in fuzzy)
    )


@pytest.fixture
def compiled_german(monkeypatch: pytest.MonkeyPatch) -> None:
    """Compile the German catalogue if the .mo is missing or older than the .po."""
    if not DE_MO.exists() or DE_MO.stat().st_mtime < DE_PO.stat().st_mtime:
        # compilemessages also walks the working directory for locale folders: keep it small.
        monkeypatch.chdir(LOCALE_DIR)
        call_command("compilemessages", locale=["de"], stdout=StringIO())
    assert DE_MO.exists(), f"{DE_MO} is missing; run `make test` (it compiles the catalogues)."


@pytest.mark.usefixtures("compiled_german")
def test_german_is_served() -> None:
    # Re-setting LOCALE_PATHS drops Django's cached catalogues, so the .mo is read afresh.
    with override_settings(LOCALE_PATHS=list(settings.LOCALE_PATHS)), override("de"):
        assert gettext("Skip to content") == "Zum Inhalt springen"
        assert gettext("Counsellor") == "Berater:in"
        assert ngettext("%(n)s client file", "%(n)s client files", 2) % {"n": 2} == (
            "2 Klient:innenakten"
        )
    with override_settings(LOCALE_PATHS=list(settings.LOCALE_PATHS)), override("en"):
        assert gettext("Skip to content") == "Skip to content"


@pytest.mark.usefixtures("compiled_german")
def test_the_empty_choice_of_a_select_is_german() -> None:
    """Django 6.1 labels a select's empty choice "- Select an option -" and its own German
    catalogue does not translate it yet: it showed in English on the German client page."""
    from django.db.models.fields import BLANK_CHOICE_LABEL

    from lotse.clients.models import ClientLanguage

    with override_settings(LOCALE_PATHS=list(settings.LOCALE_PATHS)), override("de"):
        assert str(BLANK_CHOICE_LABEL) == "– Bitte auswählen –"
        choices = ClientLanguage._meta.get_field("level").get_choices()
        assert choices[0] == ("", "– Bitte auswählen –")
