"""The subject-access PDF speaks the client's document language, labels included.

Headings, field labels and choice labels of the export are model strings; without their own
translation they fell back to German in an Arabic or Turkish export.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.utils import translation
from django.utils.translation import pgettext

from lotse.clients.models import Client
from lotse.privacy.subject_access import export_labels, subject_access_data, subject_access_pdf
from lotse_testing import pdf_text

from .test_retention_erasure import _contact

ARABIC_SCRIPT = re.compile("[\u0600-\u06ff]")
CYRILLIC = re.compile("[\u0400-\u04ff]")
SCRIPTS = {"ar": ARABIC_SCRIPT, "fa": ARABIC_SCRIPT, "ru": CYRILLIC, "uk": CYRILLIC}
# Persian has its own yeh and keheh, Arabic its own; Ukrainian is not Russian, nor vice versa.
FOREIGN_LETTERS = {
    "fa": "\u064a\u0643",
    "ar": "\u06cc\u06a9",
    "uk": "ыэъё",
    "ru": "іїєґ",
}
LANGUAGES = ["ar", "fa", "tr", "fr", "ru", "uk"]
# The same in every language: the levels of the Common European Framework of Reference and
# the names of the two federal programmes.
SAME_EVERYWHERE = {"A1", "A2", "B1", "B2", "C1", "C2", "MBE", "JMD"}


def _labels(language: str) -> list[str]:
    with translation.override(language):
        return [str(label) for label in export_labels()]


def test_the_export_has_many_labels() -> None:
    assert len(set(_labels("en"))) > 300


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_label_of_the_export_is_translated(language: str) -> None:
    german = _labels("de")
    local = _labels(language)
    fallen_back = sorted(
        {g for g, text in zip(german, local, strict=True) if text == g} - SAME_EVERYWHERE
    )
    assert not fallen_back, f"{language}: shown in German: {fallen_back}"
    if language in SCRIPTS:
        wrong_script = sorted(
            {t for t in local if not SCRIPTS[language].search(t)} - SAME_EVERYWHERE
        )
        assert not wrong_script, f"{language}: not in its script: {wrong_script}"
    foreign = FOREIGN_LETTERS.get(language, "")
    mixed = sorted({t for t in local if any(c in t.lower() for c in foreign)})
    assert not mixed, f"{language}: letters of another language: {mixed}"


def test_every_exported_field_has_a_translatable_label() -> None:
    """A field without a verbose name would show its bare English name, even in German."""
    with translation.override("de"):
        german = _labels("de")
    english = _labels("en")
    same = sorted({g for g, e in zip(german, english, strict=True) if g == e} - SAME_EVERYWHERE)
    # German words that are English words too.
    assert set(same) <= {"Team", "Name", "E-Mail", "Partner", "Status", "Info", "online"}, same


def test_arabic_export_pdf_speaks_arabic(org) -> None:
    _contact(org, org.client_a, date(2026, 3, 1))
    pdf = subject_access_pdf(
        org.client_a, language="ar", centre=org.centre, counsellor_name="Beraterin"
    )
    text = pdf_text(pdf)
    # (pdftotext splits the lam-alef ligature, so the check uses a label without one.)
    label = Client._meta.get_field("file_number").verbose_name
    with translation.override("ar"):
        file_number = str(label)
    with translation.override("de"):
        german = str(label)
        heading = pgettext("client document", "Your data at our counselling centre")
    assert ARABIC_SCRIPT.search(file_number)
    assert file_number in text
    assert german not in text
    assert heading not in text


def test_export_lists_nationalities_in_the_document_language(org) -> None:
    client = org.client_a
    client.nationalities = ["SY", "UA"]
    client.country_of_origin = "SY"
    client.save()
    label = Client._meta.get_field("nationalities").verbose_name
    with translation.override("de"):
        german = subject_access_data(client)["person"][str(label)]
    with translation.override("ar"):
        arabic = subject_access_data(client)["person"][str(label)]
    assert german == ["Syrien", "Ukraine"]
    assert all(ARABIC_SCRIPT.search(name) for name in arabic) and len(arabic) == 2
