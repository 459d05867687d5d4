"""The subject-access PDF reads as a letter to the client (issue #19 §2).

Before: raw Python dicts ("{'birth_date': '1980-05-17', ...}"), engine codes ("not_eligible",
"mbe.residence_unknown"), language codes ("fa") and a "Client: <file number>" row in every
record.
"""

from __future__ import annotations

import re
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
