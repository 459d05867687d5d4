"""The subject-access PDF reads as a letter to the client (issue #19 §2).

Before: raw Python dicts ("{'birth_date': '1980-05-17', ...}"), engine codes ("not_eligible",
"mbe.residence_unknown"), language codes ("fa") and a "Client: <file number>" row in every
record.
"""

from __future__ import annotations

import re
import shutil
import subprocess  # nosec B404 - runs pdftotext on our own PDF
from datetime import date

from lotse.clients.models import ClientLanguage, EligibilityDecision
from lotse.privacy.subject_access import subject_access_data, subject_access_pdf
from lotse_testing import pdf_text

from .test_retention_erasure import _contact

CODE = re.compile(r"\b[a-z]+_[a-z_]+\b")


def _decision(org) -> EligibilityDecision:
    return EligibilityDecision.objects.create(
        client=org.client_a,
        decided_on=date(2026, 2, 10),
        inputs={
            "on": "2026-02-10",
            "birth_date": "1980-05-17",
            "entry_date": None,
            "residence": "permanent",
            "course_obligation": False,
            "crisis": False,
        },
        mbe="not_eligible",
        jmd="unknown",
        rule_set="2016-01",
        rule="mbe.residence_unknown",
        explanation_de="Die Person ist 45 Jahre alt.",
        explanation_en="The person is 45 years old.",
        decided_by=org.users["counsellor"],
    )


def test_german_letter_has_labels_dates_and_no_codes(org) -> None:
    _contact(org, org.client_a, date(2026, 3, 1))
    _decision(org)
    ClientLanguage.objects.create(client=org.client_a, language="fa", level="native")
    pdf = subject_access_pdf(
        org.client_a, language="de", centre=org.centre, counsellor_name="Bea Beraterin"
    )
    text = pdf_text(pdf)
    # A letter: greeting, why, closing with the counsellor's name.
    assert "Guten Tag Amira Haddad," in text
    assert "Artikel 15 DSGVO" in text
    assert "Mit freundlichen Grüßen Bea Beraterin" in text
    # Facts of the decision by label, dates as 25.11.2026, codes as words.
    assert "Verwendete Angaben" in text
    assert "Geburtsdatum: 17.05.1980" in text
    assert "Beurteilt am: 10.02.2026" in text
    assert "nicht berechtigt" in text
    assert "Persisch" in text and "Muttersprache" in text
    assert "01.03.2026" in text
    # Nothing a developer wrote for a machine.
    assert "{" not in text and "}" not in text
    assert not CODE.findall(text), CODE.findall(text)
    assert "2026-03-01" not in text and "not_eligible" not in text
    assert org.client_a.file_number in text
    assert text.count(org.client_a.file_number) <= 3  # not once per record


def test_json_export_keeps_everything(org) -> None:
    _decision(org)
    data = subject_access_data(org.client_a)
    (decision,) = data["records"][str(EligibilityDecision._meta.verbose_name_plural)]
    assert "mbe.residence_unknown" in decision.values()
    assert any(isinstance(v, dict) and v["birth_date"] == "1980-05-17" for v in decision.values())


def test_arabic_letter_greets_and_closes_in_arabic(org) -> None:
    _contact(org, org.client_a, date(2026, 3, 1))
    pdf = subject_access_pdf(
        org.client_a, language="ar", centre=org.centre, counsellor_name="Bea Beraterin"
    )
    text = pdf_text(pdf)
    assert "مرحبًا" in text and "مع أطيب التحيات" in text
    assert "01/03/2026" in text
    assert "{" not in text


def test_the_clients_languages_and_those_as_a_tandem_partner_are_both_listed(org) -> None:
    """Both kinds of record are called "Sprachen": under one heading the tandem partner's
    languages replaced the client's own, in the letter and in the JSON export, and each row
    began with "Tandempartner:in: partner #15" (seen on the rendered letter)."""
    from lotse.volunteers.models import TandemPartner, TandemPartnerLanguage

    ClientLanguage.objects.create(client=org.client_a, language="ku", level="native")
    partner = TandemPartner.objects.create(
        team=org.team_a,
        client=org.client_a,
        first_name="Amira",
        consent_on=date(2026, 1, 5),
        slots=["wed_afternoon", "mon_evening"],
        interests=["reading"],
    )
    TandemPartnerLanguage.objects.create(partner=partner, language="de", level="A")
    data = subject_access_data(org.client_a)["records"]
    assert len(data["Sprachen"]) == 1 and len(data["Sprachen (Partner:innen)"]) == 1, list(data)
    pdf = subject_access_pdf(
        org.client_a, language="de", centre=org.centre, counsellor_name="Bea Beraterin"
    )
    text = pdf_text(pdf)
    assert "Sprachen Sprache Kurdisch Niveau Muttersprache" in text, text
    assert "Sprachen (Partner:innen) Sprache Deutsch" in text
    assert f"partner #{partner.pk}" not in text and "#" not in text
    # Free times and interests by their names, not their codes.
    assert "wed_afternoon" not in text and "reading," not in text
    assert not CODE.findall(text), CODE.findall(text)


def test_the_arabic_letter_names_decisions_times_and_interests_in_arabic(org) -> None:
    """Untranslated, these labels fell back to German in the Arabic letter ("nicht
    berechtigt", "الأربعاء Nachmittag", "Lesen und Schreiben"), seen on the rendered PDF."""
    from lotse.volunteers.models import TandemPartner

    _decision(org)
    TandemPartner.objects.create(
        team=org.team_a,
        client=org.client_a,
        first_name="Amira",
        consent_on=date(2026, 1, 5),
        slots=["wed_afternoon"],
        interests=["reading"],
    )
    pdf = subject_access_pdf(
        org.client_a, language="ar", centre=org.centre, counsellor_name="Bea Beraterin"
    )
    text = pdf_text(pdf)
    for german in ("nicht berechtigt", "Nachmittag", "Lesen und Schreiben", "unklar"):
        assert german not in text, german
    # (pdftotext splits the lam-alef ligature of "لا": the rest of the phrase is checked)
    for arabic in ("يستوفي الشروط", "بعد الظهر", "القراءة والكتابة"):
        assert arabic in text, arabic


def word_boxes(pdf: bytes) -> list[tuple[str, float, float]]:
    """(word, left edge, top edge) of every word of the PDF, as pdftotext -bbox places them."""
    pdftotext = shutil.which("pdftotext")
    assert pdftotext
    result = subprocess.run(  # noqa: S603 - fixed program, our own PDF
        [pdftotext, "-bbox", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return [
        (word, float(left), float(top))
        for left, top, word in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</word>', result.stdout.decode()
        )
    ]


def test_a_phone_number_keeps_its_digit_order_in_the_arabic_letter(org) -> None:
    """Without isolation a right-to-left line prints "01234 56789-0" as "0-56789 01234"."""
    org.client_a.phone = "01234 56789-0"
    org.client_a.save()
    pdf = subject_access_pdf(
        org.client_a, language="ar", centre=org.centre, counsellor_name="Bea Beraterin"
    )
    boxes = word_boxes(pdf)
    firsts = [(left, top) for word, left, top in boxes if word == "01234"]
    lasts = [(left, top) for word, left, top in boxes if word == "56789-0"]
    assert firsts and len(firsts) == len(lasts), boxes
    for (first, top), (last, last_top) in zip(firsts, lasts, strict=True):
        assert abs(top - last_top) < 1  # one line
        assert first < last  # read left to right
