"""First contact with eligibility, consent with scope and withdrawal, waiting list, PDFs."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from lotse.audit.models import AuditEntry
from lotse.clients.models import Client, EligibilityDecision, Intake
from lotse.clients.services import (
    consent_record,
    consent_withdraw,
    sharing_allowed,
    sharing_partner_ids,
)
from lotse.clients.services.intake import eligibility_assess, waiting_list_leave
from lotse.common.errors import DomainError
from lotse.network.models import Partner
from lotse.organisation.models import Centre
from lotse_testing import make_consent, make_waiting_intake, raw_column


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
    consent = make_consent(
        org,
        partners="Jobcenter Musterstadt\nSprachschule Musterstadt",
        other_recipients="Ausländerbehörde",
    )
    jobcenter = Partner.objects.get(name="Jobcenter Musterstadt")
    assert sharing_allowed(org.client_a, jobcenter)
    assert sharing_partner_ids(org.client_a) == {
        jobcenter.pk,
        Partner.objects.get(name="Sprachschule Musterstadt").pk,
    }
    # Written among the other recipients is not a network partner named by key.
    authority = Partner.objects.create(
        centre=org.centre, name="Ausländerbehörde", tier="mandatory", category="other"
    )
    assert not sharing_allowed(org.client_a, authority)
    consent_withdraw(
        consent=consent, withdrawn_on=date(2026, 2, 1), recorded_by=org.users["counsellor"]
    )
    assert not sharing_allowed(org.client_a, jobcenter)
    assert sharing_partner_ids(org.client_a) == frozenset()
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


def test_consent_form_names_the_centres_partners_by_key(org, as_persona) -> None:
    jobcenter = Partner.objects.create(
        centre=org.centre, name="Jobcenter Musterstadt", tier="mandatory", category="jobcenter"
    )
    elsewhere = Partner.objects.create(
        centre=Centre.objects.create(provider=org.provider, name="Andere Stelle"),
        name="Jobcenter Anderswo",
        tier="mandatory",
        category="jobcenter",
    )
    url = reverse("client_consent_create", args=[org.client_a.pk])
    http = as_persona("counsellor")
    page = http.get(url).content.decode()
    assert "Jobcenter Musterstadt" in page and "Jobcenter Anderswo" not in page
    data = {
        "informed_on": "05.01.2026",
        "information_language": "ar",
        "written": "on",
        "signed_on": "05.01.2026",
        "scope_storage": "on",
        "scope_share_with_partners": "on",
        "other_recipients": "Hausärztin Dr. Planted",
    }
    # Another centre's partner is no choice here.
    assert http.post(url, {**data, "partners": [elsewhere.pk]}).status_code == 200
    assert not org.client_a.consents.exists()
    assert http.post(url, {**data, "partners": [jobcenter.pk]}).status_code == 302
    consent = org.client_a.consents.get()
    assert list(consent.partner_links.all()) == [jobcenter]
    assert consent.partner_list == ["Jobcenter Musterstadt", "Hausärztin Dr. Planted"]
    assert "Planted" not in raw_column("clients_consent", "other_recipients", consent.pk)
    assert sharing_allowed(org.client_a, jobcenter)
    assert not sharing_allowed(org.client_a, elsewhere)
    entries = AuditEntry.objects.filter(object_id=str(consent.pk), object_type="clients.consent")
    assert "Planted" not in str([e.data for e in entries])
    assert entries.get(action="consent.partners_named").data == {"partners": [jobcenter.pk]}


def test_consent_service_refuses_a_partner_of_another_centre(org) -> None:
    elsewhere = Partner.objects.create(
        centre=Centre.objects.create(provider=org.provider, name="Andere Stelle"),
        name="Jobcenter Anderswo",
        tier="mandatory",
        category="jobcenter",
    )
    with pytest.raises(DomainError):
        consent_record(
            client=org.client_a,
            recorded_by=org.users["counsellor"],
            informed_on=date(2026, 1, 5),
            information_language="de",
            written=True,
            signed_on=date(2026, 1, 5),
            scope_storage=True,
            scope_share_with_partners=True,
            partners=[elsewhere],
            scope_contact_phone=False,
            scope_contact_email=False,
        )


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
