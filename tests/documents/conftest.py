"""The client-document tests render with freshly compiled catalogues."""

from __future__ import annotations

from collections.abc import Iterator
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

import lotse

LOCALE_DIR = Path(lotse.__file__).resolve().parent / "locale"
CATALOGUE_LANGUAGES = ["de", "ar", "fa", "tr", "fr", "ru", "uk"]


def _needs_compiling(language: str) -> bool:
    po = LOCALE_DIR / language / "LC_MESSAGES" / "django.po"
    mo = po.with_suffix(".mo")
    return not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime


@pytest.fixture(autouse=True)
def compiled_catalogues(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Compile stale catalogues (the .mo files are not in git) and read them afresh."""
    stale = [language for language in CATALOGUE_LANGUAGES if _needs_compiling(language)]
    if stale:
        with monkeypatch.context() as patch:
            # compilemessages also walks the working directory: keep it small.
            patch.chdir(LOCALE_DIR)
            call_command("compilemessages", locale=stale, stdout=StringIO())
    # Re-setting LOCALE_PATHS drops Django's cached catalogues.
    with override_settings(LOCALE_PATHS=list(settings.LOCALE_PATHS)):
        yield
