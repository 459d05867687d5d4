"""First contact with eligibility, consent with scope and withdrawal, waiting list, PDFs."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from lotse.audit.models import AuditEntry
from lotse.clients.models import Client, EligibilityDecision, Intake
from lotse.clients.services import consent_withdraw, sharing_allowed
from lotse.clients.services.intake import eligibility_assess, waiting_list_leave
from lotse.common.errors import DomainError
from lotse_testing import make_consent, make_waiting_intake


def _make_mbe_eligible(client: Client) -> None:
    client.residence = "permanent"
    client.entry_date = date(2025, 2, 1)
    client.permanent_status_date = date(2025, 8, 1)
    client.course_obligation = True
    client.save()


def test_eligibility_is_stored_with_rule_set_and_explanation(org) -> None:
    _make_mbe_eligible(org.client_a)
    decision = eligibility_assess(
        client=org.client_a, on=date(2026, 11, 25), crisis=False, decided_by=org.users["counsellor"]
    )
    assert decision.mbe == "eligible" and decision.mbe_basis == "new_arrival"
    assert decision.priority is True
    assert decision.rule_set and decision.rule
    assert decision.explanation_de and decision.explanation_en
    assert decision.inputs["residence"] == "permanent"


def test_missing_entry_date_is_unknown_never_eligible(org) -> None:
    org.client_a.residence = "resettler"
    org.client_a.save()
    decision = eligibility_assess(
        client=org.client_a, on=date(2026, 11, 25), crisis=False, decided_by=org.users["counsellor"]
    )
    assert decision.mbe == "unknown"


def test_intake_records_decision_outcome_and_priority(org, as_persona) -> None:
    _make_mbe_eligible(org.client_a)
    http = as_persona("counsellor")
    url = reverse("client_intake_create", args=[org.client_a.pk])
    response = http.post(
        url,
        {
            "service": "mbe",
            "date": "25.11.2026",
            "access_channel": "walk_in",
            "concern": "Brief vom Jobcenter verstehen",
            "livelihood": "sgb_ii",
            "outcome": "waiting_list",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    intake = Intake.objects.get(client=org.client_a)
    assert intake.eligibility.mbe == "eligible"
    assert intake.priority is True
    assert intake.concern == "Brief vom Jobcenter verstehen"


def test_intake_rules_explained_and_input_kept(org, as_persona) -> None:
    http = as_persona("counsellor")
    response = http.post(
        reverse("client_intake_create", args=[org.client_a.pk]),
        {
            "service": "mbe",
            "date": "25.11.2026",
            "access_channel": "referred",
            "concern": "Wohnungssuche",
            "livelihood": "unknown",
            "outcome": "referral",
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Wohnungssuche" in body
    assert not Intake.objects.exists()
    assert not EligibilityDecision.objects.exists()  # the failed save left nothing behind


def test_waiting_list_orders_priority_first_then_longest_wait(org, as_persona) -> None:
    from lotse.clients.services import ClientData, client_create

    later = client_create(team=org.team_a, data=ClientData(first_name="Late", last_name="Comer"))
    first = make_waiting_intake(org, on=date(2026, 2, 1))
    second = make_waiting_intake(org, later, on=date(2026, 1, 1))
    urgent = make_waiting_intake(org, later, on=date(2026, 6, 1))
    urgent.priority = True
    urgent.save()
    response = as_persona("counsellor").get(reverse("waiting_list"))
    entries = list(response.context["entries"])
    assert entries == [urgent, second, first]
    waiting_list_leave(intake=first, on=date(2026, 11, 25))
    assert first not in list(
        as_persona("team_lead").get(reverse("waiting_list")).context["entries"]
    )
    with pytest.raises(DomainError):
        waiting_list_leave(intake=first, on=date(2026, 11, 25))
    # Another team's waiting list stays invisible.
    assert not list(as_persona("stranger").get(reverse("waiting_list")).context["entries"])


def test_consent_scope_controls_sharing_and_withdrawal_stops_it(org) -> None:
    assert not sharing_allowed(org.client_a)
    consent = make_consent(org, partners="Jobcenter Musterstadt\nSprachschule Musterstadt")
    assert sharing_allowed(org.client_a, "jobcenter musterstadt")
    assert not sharing_allowed(org.client_a, "Ausländerbehörde")
    consent_withdraw(
        consent=consent, withdrawn_on=date(2026, 2, 1), recorded_by=org.users["counsellor"]
    )
    assert not sharing_allowed(org.client_a, "Jobcenter Musterstadt")
    assert AuditEntry.objects.filter(action="consent.withdrawn").exists()
    with pytest.raises(DomainError):
        consent_withdraw(
            consent=consent, withdrawn_on=date(2026, 3, 1), recorded_by=org.users["counsellor"]
        )


def test_consent_without_partners_cannot_allow_sharing(org, as_persona) -> None:
    response = as_persona("counsellor").post(
        reverse("client_consent_create", args=[org.client_a.pk]),
        {
            "informed_on": "05.01.2026",
            "information_language": "ar",
            "written": "on",
            "signed_on": "05.01.2026",
            "scope_storage": "on",
            "scope_share_with_partners": "on",
            "partners": "",
        },
    )
    assert response.status_code == 200
    assert "partners" in response.content.decode().lower() or response.context["form"].errors
    assert not org.client_a.consents.exists()


@pytest.mark.parametrize("language", ["ar", "de"])
def test_consent_pdf_in_the_chosen_language(org, as_persona, language) -> None:
    make_consent(org)
    response = as_persona("reader").get(
        reverse("client_consent_pdf", args=[org.client_a.pk]), {"lang": language}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert AuditEntry.objects.filter(action="document.printed", client_id=org.client_a.pk).exists()


def test_unknown_document_language_is_404(org, as_persona) -> None:
    response = as_persona("counsellor").get(
        reverse("client_privacy_notice_pdf", args=[org.client_a.pk]), {"lang": "xx"}
    )
    assert response.status_code == 404
