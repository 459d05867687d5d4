"""The subject-access letter names decisions, free times and interests in each client language.

Their catalogue entries were filled only in Arabic: in the Persian, Turkish, French, Russian and
Ukrainian letters these labels fell back to German ("nicht berechtigt", "Mittwoch Nachmittag",
"Lesen und Schreiben"). The letter below shows every decision code, every part of the day and
every interest.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.utils import translation
from django.utils.text import capfirst

from lotse.clients.models import EligibilityDecision
from lotse.clients.models.intake import DECISION_LABELS
from lotse.privacy.subject_access import letter_record, subject_access_pdf
from lotse.volunteers.choices import SLOT_LABELS, Day, DayPart, Interest
from lotse_testing import pdf_text

MANGLED = re.compile("\u0644[\u0622\u0623\u0625\u0627]|[\u064b-\u065f]")
CLIENT_LANGUAGES = ["ar", "fa", "tr", "fr", "ru", "uk"]
SLOTS = ["mon_morning", "wed_afternoon", "fri_evening"]
# (mbe, mbe_basis, jmd, referral): together every code of the eligibility engine.
DECISIONS = [
    ("eligible", "new_arrival", "not_eligible", "refugee_counselling"),
    ("opening_clause", "resettler", "unknown", "no_status_counselling"),
    ("not_eligible", "crisis", "eligible", "youth_welfare"),
    ("unknown", "", "unknown", "regular_services"),
    ("not_eligible", "", "eligible", "jmd"),
]


def _labels() -> list[Any]:
    """The lazy labels the letter below shows, each as the reader sees it."""
    return [
        *DECISION_LABELS.values(),
        *(SLOT_LABELS[slot] for slot in SLOTS),
        *(label for _, label in Interest.choices),
    ]


def _in(language: str) -> list[str]:
    with translation.override(language):
        return [str(label) for label in _labels()]


def _words(text: str) -> set[str]:
    """The words of a text as pdftotext gives them back: without punctuation and the
    zero-width non-joiner of Persian (pdftotext drops it), and without Arabic words with a
    vowel mark or a lam-alef ligature (pdftotext splits them: "مساءً" comes out as "مسا ًء")."""
    plain = re.sub(r"[,()\u060c]", " ", text.replace("\u200c", ""))
    return {w for w in plain.split() if not MANGLED.search(w)}


def _letter(org, language: str) -> str:
    from lotse.volunteers.models import TandemPartner

    for number, (mbe, basis, jmd, referral) in enumerate(DECISIONS, start=1):
        EligibilityDecision.objects.create(
            client=org.client_a,
            decided_on=date(2026, 2, number),
            inputs={"on": f"2026-02-0{number}", "crisis": basis == "crisis"},
            mbe=mbe,
            mbe_basis=basis,
            jmd=jmd,
            referral=referral,
            rule_set="2016-01",
            rule="mbe.test",
            explanation_de="Geprüft.",
            explanation_en="Checked.",
            decided_by=org.users["counsellor"],
        )
    TandemPartner.objects.create(
        team=org.team_a,
        client=org.client_a,
        first_name="Amira",
        consent_on=date(2026, 1, 5),
        slots=SLOTS,
        interests=[code for code, _ in Interest.choices],
    )
    pdf = subject_access_pdf(
        org.client_a, language=language, centre=org.centre, counsellor_name="Bea Beraterin"
    )
    return pdf_text(pdf)


@pytest.mark.parametrize("language", CLIENT_LANGUAGES)
def test_the_labels_have_their_own_translation(language: str) -> None:
    german, local = _in("de"), _in(language)
    fallen_back = [g for g, text in zip(german, local, strict=True) if g == text]
    assert not fallen_back, f"{language}: shown in German: {fallen_back}"


@pytest.mark.parametrize("language", CLIENT_LANGUAGES)
def test_the_letter_shows_no_german_label(org, language: str) -> None:
    text = _letter(org, language)
    german = set(_in("de"))
    # Days and day parts each on their own: a German part beside a translated day.
    with translation.override("de"):
        german |= {str(label) for _, label in [*Day.choices, *DayPart.choices]}
    shown = sorted(g for g in german if g in text or g.capitalize() in text)
    assert not shown, f"{language}: German in the letter: {shown}"
    # The translations themselves are there, word by word: a long label wraps in its table
    # cell and pdftotext interleaves it with the next cell's lines.
    words = {w for label in _in(language) for w in _words(label)}
    missing = sorted(w for w in words if w not in _words(text))
    assert not missing, f"{language}: not in the letter: {missing}"


def test_free_times_and_interests_are_one_per_line(org) -> None:
    """Joined by commas, "Museum, Theater, Kino, Natur, Spaziergänge, Garten" read as six
    interests, not two (seen on the rendered Russian and Persian letters)."""
    from lotse.volunteers.models import TandemPartner

    partner = TandemPartner.objects.create(
        team=org.team_a,
        client=org.client_a,
        first_name="Amira",
        consent_on=date(2026, 1, 5),
        slots=["mon_morning", "wed_afternoon"],
        interests=["culture", "nature"],
    )
    with translation.override("ru"):
        rows = dict(letter_record(partner, "ru", link="client"))
        slots = capfirst(str(TandemPartner._meta.get_field("slots").verbose_name))
        interests = capfirst(str(TandemPartner._meta.get_field("interests").verbose_name))
        assert rows[slots] == [str(SLOT_LABELS["mon_morning"]), str(SLOT_LABELS["wed_afternoon"])]
        assert rows[interests] == [str(Interest.CULTURE.label), str(Interest.NATURE.label)]
    assert rows[interests] == ["музеи, театр, кино", "природа, прогулки, садоводство"]
