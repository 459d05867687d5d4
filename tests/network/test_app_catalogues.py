"""The network and course pages have their own German catalogues: complete, and served."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django.utils.translation import gettext, ngettext, override

import lotse.courses
import lotse.network
from test_translations import parse_po

CATALOGUES = [
    Path(package.__file__).resolve().parent / "locale" / "de" / "LC_MESSAGES" / "django.po"
    for package in (lotse.network, lotse.courses)
]


@pytest.mark.parametrize("po", CATALOGUES, ids=["network", "courses"])
def test_app_catalogue_is_complete(po: Path) -> None:
    entries = [e for e in parse_po(po) if e.msgid]
    assert len(entries) > 150
    untranslated = [e.msgid for e in entries if not all(e.msgstrs.values())]
    assert not untranslated, untranslated
    assert not [e.msgid for e in entries if "fuzzy" in e.flags]


@pytest.fixture
def compiled(monkeypatch: pytest.MonkeyPatch) -> None:
    for po in CATALOGUES:
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            monkeypatch.chdir(po.parents[2])  # the app directory: compile only its catalogue
            call_command("compilemessages", locale=["de"], stdout=StringIO())


@pytest.mark.usefixtures("compiled")
def test_german_is_served_for_network_and_courses() -> None:
    with override_settings(LOCALE_PATHS=list(settings.LOCALE_PATHS)), override("de"):
        assert gettext("Network") == "Netzwerk"
        assert gettext("Integration courses") == "Integrationskurse"
        assert gettext("Course participants at risk") == "Abbruchgefährdete Kursteilnehmende"
        # The project catalogue may word the shared msgid inclusively; both are German.
        assert ngettext("%(n)s partner", "%(n)s partners", 2) % {"n": 2} in {
            "2 Partner",
            "2 Partner:innen",
        }
