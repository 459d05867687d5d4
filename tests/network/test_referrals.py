"""Referrals pass data only within the client's written consent (§D7)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from lotse.audit.models import AuditEntry
from lotse.clients.services import consent_withdraw
from lotse.common.errors import DomainError
from lotse.network import services
from lotse.network.choices import DataItem, ReferralDirection, ReferralOutcome
from lotse.network.models import Partner, Referral
from lotse.organisation.models import Centre
from lotse_testing import make_consent
from network.samples import JOBCENTER, make_partner, make_referral

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def refer(org, partner, **extra):
    values = {
        "client": org.client_a,
        "partner": partner,
        "created_by": org.users["counsellor"],
        "direction": ReferralDirection.OUTGOING,
        "purpose": "Antrag auf Bürgergeld",
        "referred_on": TODAY,
        "expected_feedback_on": TODAY + timedelta(days=14),
        "data_items": [DataItem.CONTACT],
        **extra,
    }
    return services.referral_create(**values)


def form_data(partner, **values: object) -> dict[str, object]:
    return {
        "partner": partner.pk,
        "purpose": "Antrag auf Bürgergeld",
        "referred_on": TODAY.strftime("%d.%m.%Y"),
        "expected_feedback_on": (TODAY + timedelta(days=14)).strftime("%d.%m.%Y"),
        "data_items": [DataItem.CONTACT, DataItem.RESIDENCE],
        **values,
    }


def test_with_consent_naming_the_partner_data_are_passed_and_logged(org) -> None:
    consent = make_consent(org, partners="Jobcenter Musterstadt\nSprachschule")
    referral = refer(org, make_partner(org))
    assert referral.data_items == [DataItem.CONTACT]
    assert referral.consent == consent
    assert not referral.without_personal_data
    entry = AuditEntry.objects.get(action="referral.data_passed")
    assert entry.client_id == org.client_a.pk
    assert entry.data["items"] == [DataItem.CONTACT]


@pytest.mark.parametrize(
    "consent",
    [
        None,  # no consent at all
        {"share": False},  # consent without passing data
        {"partners": "Ausländerbehörde"},  # another partner named
    ],
)
def test_without_matching_consent_passing_data_is_refused(org, consent) -> None:
    if consent is not None:
        make_consent(org, **consent)
    with pytest.raises(DomainError, match=JOBCENTER):
        refer(org, make_partner(org))
    assert not Referral.objects.exists()


def test_without_consent_the_referral_can_be_recorded_without_data(org) -> None:
    referral = refer(org, make_partner(org), data_items=[], without_personal_data=True)
    assert referral.without_personal_data and referral.data_items == [] and referral.consent is None
    assert not AuditEntry.objects.filter(action="referral.data_passed").exists()


def test_without_data_and_data_items_together_is_refused(org) -> None:
    make_consent(org)
    with pytest.raises(DomainError):
        refer(org, make_partner(org), without_personal_data=True)


def test_withdrawal_of_consent_stops_further_referrals_with_data(org) -> None:
    consent = make_consent(org)
    partner = make_partner(org)
    first = refer(org, partner)
    consent_withdraw(consent=consent, withdrawn_on=TODAY, recorded_by=org.users["counsellor"])
    with pytest.raises(DomainError):
        refer(org, partner)
    # what was passed before stays documented
    first.refresh_from_db()
    assert first.data_items == [DataItem.CONTACT] and first.consent_id == consent.pk
    assert refer(org, partner, data_items=[], without_personal_data=True).without_personal_data


def test_a_partner_of_another_centre_cannot_be_used(org) -> None:
    other = Centre.objects.create(provider=org.provider, name="Zweigstelle", statistics_id="t-9")
    partner = make_partner(org)
    partner.centre = other
    partner.save()
    with pytest.raises(DomainError):
        refer(org, partner, data_items=[], without_personal_data=True)


def test_incoming_referrals_pass_no_data(org) -> None:
    referral = refer(
        org,
        make_partner(org),
        direction=ReferralDirection.INCOMING,
        data_items=[],
        expected_feedback_on=None,
    )
    assert not referral.is_outgoing
    with pytest.raises(DomainError):
        refer(org, make_partner(org), direction=ReferralDirection.INCOMING)


def test_form_refuses_without_consent_with_a_clear_message_and_keeps_the_entries(
    org, as_persona
) -> None:
    partner = make_partner(org)
    url = reverse("referral_create", args=[org.client_a.pk])
    response = as_persona("counsellor").post(
        url, form_data(partner, purpose="Hilfe beim Antrag XY")
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="form-errors"' in page and JOBCENTER in page
    assert "Hilfe beim Antrag XY" in page
    assert not Referral.objects.exists()


def test_form_records_without_data_when_chosen(org, as_persona) -> None:
    partner = make_partner(org)
    url = reverse("referral_create", args=[org.client_a.pk])
    response = as_persona("counsellor").post(
        url, form_data(partner, data_items=[], without_personal_data="on")
    )
    assert response.status_code == 302
    assert Referral.objects.get().without_personal_data
    tab = as_persona("reader").get(reverse("referral_list", args=[org.client_a.pk]))
    assert 'data-testid="without-data"' in tab.content.decode()


def test_form_with_consent_saves_the_referral(org, as_persona) -> None:
    make_consent(org)
    partner = make_partner(org)
    response = as_persona("counsellor").post(
        reverse("referral_create", args=[org.client_a.pk]), form_data(partner)
    )
    assert response.status_code == 302
    assert sorted(Referral.objects.get().data_items) == [DataItem.CONTACT, DataItem.RESIDENCE]


def test_partners_of_other_centres_are_not_offered(org, as_persona) -> None:
    other = Centre.objects.create(provider=org.provider, name="Zweigstelle", statistics_id="t-9")
    make_partner(org)
    foreign = Partner.objects.create(
        centre=other, name="Fremdpartner Anderswo", tier="other", category="other"
    )
    http = as_persona("counsellor")
    page = http.get(reverse("referral_create", args=[org.client_a.pk])).content.decode()
    assert "Fremdpartner Anderswo" not in page
    response = http.post(reverse("referral_create", args=[org.client_a.pk]), form_data(foreign))
    assert response.status_code == 200 and not Referral.objects.exists()


def test_outcome_is_recorded_and_conflicts_are_caught(org, as_persona) -> None:
    referral = make_referral(org)
    url = reverse("referral_outcome", args=[org.client_a.pk, referral.pk])
    data = {
        "outcome": "accepted",
        "outcome_on": TODAY.strftime("%d.%m.%Y"),
        "version": referral.version,
    }
    assert as_persona("counsellor").post(url, data).status_code == 302
    referral.refresh_from_db()
    assert (referral.outcome, referral.outcome_on) == (ReferralOutcome.ACCEPTED, TODAY)
    stale = as_persona("team_lead").post(url, {**data, "outcome": "declined"})
    assert stale.status_code == 409
    referral.refresh_from_db()
    assert referral.outcome == ReferralOutcome.ACCEPTED


def test_outcome_needs_a_date_not_before_the_referral(org) -> None:
    referral = make_referral(org)
    with pytest.raises(DomainError):
        services.referral_record_outcome(
            referral=referral, expected_version=1, outcome="completed", outcome_on=None
        )
    with pytest.raises(DomainError):
        services.referral_record_outcome(
            referral=referral, expected_version=1, outcome="completed", outcome_on=date(2000, 1, 1)
        )


def test_overdue_outcomes_on_the_dashboard_and_list(org, as_persona) -> None:
    overdue = make_referral(org)  # feedback expected five days ago, no outcome
    make_referral(org, expected_feedback_on=TODAY + timedelta(days=3))  # not due yet
    done = make_referral(org)
    services.referral_record_outcome(
        referral=done, expected_version=1, outcome="completed", outcome_on=TODAY
    )
    page = as_persona("counsellor").get(reverse("dashboard")).content.decode()
    assert 'data-testid="referrals-overdue-total">1<' in page
    assert reverse("referral_list", args=[org.client_a.pk]) in page
    listing = as_persona("team_lead").get(reverse("referral_overdue"))
    assert org.client_a.file_number in listing.content.decode()
    assert overdue.partner.name in listing.content.decode()
    # team B's counsellor sees none of team A's
    assert (
        'data-testid="referrals-overdue-total">0<'
        in as_persona("stranger").get(reverse("dashboard")).content.decode()
    )
    assert (
        "referrals-overdue-total"
        not in as_persona("coordinator").get(reverse("dashboard")).content.decode()
    )


@pytest.mark.parametrize("language", ["de", "ar"])
def test_referral_letter_pdf_in_the_document_language(org, as_persona, language) -> None:
    referral = make_referral(org)
    url = reverse("referral_letter", args=[org.client_a.pk, referral.pk])
    response = as_persona("reader").get(url, {"language": language})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert f"-{language}.pdf" in response["Content-Disposition"]
    assert AuditEntry.objects.filter(
        action="referral.letter_printed", client_id=org.client_a.pk
    ).exists()


def test_referral_letter_defaults_to_the_clients_document_language(org, as_persona) -> None:
    org.client_a.document_language = "fa"
    org.client_a.save()
    referral = make_referral(org)
    response = as_persona("counsellor").get(
        reverse("referral_letter", args=[org.client_a.pk, referral.pk])
    )
    assert "-fa.pdf" in response["Content-Disposition"]


def test_referrals_of_a_foreign_client_are_not_found(org, as_persona) -> None:
    referral = make_referral(org)
    for name in ("referral_outcome", "referral_letter"):
        assert (
            as_persona("stranger")
            .get(reverse(name, args=[org.client_a.pk, referral.pk]))
            .status_code
            == 404
        )
        # a referral id reached through another client's file is not found either
        assert (
            as_persona("stranger")
            .get(reverse(name, args=[org.client_b.pk, referral.pk]))
            .status_code
            == 404
        )


def test_letter_text_contains_partner_address_and_opening_hours(org) -> None:
    from lotse.documents.rendering import render_html
    from lotse.network.letters import LETTER_TEMPLATE, letter_context

    referral = make_referral(org)
    context = letter_context(referral=referral, client=org.client_a, counsellor_name="B", on=TODAY)
    html = render_html(template=LETTER_TEMPLATE, context=context, language="ar")
    assert 'dir="rtl"' in html
    assert "Bahnhofstraße 21" in html and "Mo–Fr 08:00–12:00" in html
    assert "no-data-passed" in html
