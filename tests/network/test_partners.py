"""Partner directory, contact persons, coverage and indicator pages, activities (views)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from lotse.network.choices import PartnerCategory
from lotse.network.models import Activity, ContactPerson, Partner
from lotse.organisation.models import Centre, Service, ServiceKind, Team
from network.samples import JOBCENTER, make_agreement, make_partner

pytestmark = pytest.mark.django_db


def partner_data(**values: object) -> dict[str, object]:
    return {
        "centre": "",
        "name": "Kita Sonnenschein",
        "category": PartnerCategory.CHILDCARE,
        "tier": "",
        "street": "Gartenweg 3",
        "postal_code": "12345",
        "city": "Musterstadt",
        "opening_hours": "Mo–Fr 7:00–16:00",
        "active": "on",
        **values,
    }


def test_counsellor_creates_a_partner_with_the_tier_of_its_category(org, as_persona) -> None:
    response = as_persona("counsellor").post(
        reverse("network_partner_create"), partner_data(centre=org.centre.pk)
    )
    partner = Partner.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("network_partner_detail", args=[partner.pk])
    assert (partner.centre, partner.tier) == (org.centre, "mandatory")


def test_invalid_partner_form_keeps_what_was_typed(org, as_persona) -> None:
    response = as_persona("counsellor").post(
        reverse("network_partner_create"), partner_data(centre=org.centre.pk, category="bogus")
    )
    assert response.status_code == 200
    assert 'value="Gartenweg 3"' in response.content.decode()
    assert not Partner.objects.exists()


def test_duplicate_partner_name_is_refused_beside_the_field(org, as_persona) -> None:
    make_partner(org, "Kita Sonnenschein", PartnerCategory.CHILDCARE)
    response = as_persona("team_lead").post(
        reverse("network_partner_create"),
        partner_data(centre=org.centre.pk, name="kita sonnenschein"),
    )
    assert response.status_code == 200
    assert Partner.objects.count() == 1


def test_edit_conflict_keeps_both_versions(org, as_persona) -> None:
    partner = make_partner(org)
    url = reverse("network_partner_edit", args=[partner.pk])
    stale = partner.version
    first = as_persona("counsellor").post(
        url, partner_data(name=JOBCENTER, city="Neustadt", version=stale)
    )
    assert first.status_code == 302
    second = as_persona("team_lead").post(
        url, partner_data(name=JOBCENTER, city="Altstadt", version=stale)
    )
    assert second.status_code == 409
    assert 'value="Altstadt"' in second.content.decode()
    partner.refresh_from_db()
    assert partner.city == "Neustadt"


def test_partner_list_filters_and_counts(org, as_persona) -> None:
    make_partner(org)
    make_partner(org, "Sprachschule Musterstadt gGmbH", PartnerCategory.COURSE_PROVIDER)
    http = as_persona("coordinator")
    page = http.get(reverse("network_partner_list"), {"category": PartnerCategory.JOBCENTER})
    assert JOBCENTER in page.content.decode()
    assert "Sprachschule" not in page.content.decode()
    fragment = http.get(reverse("network_partner_list"), {"q": "sprach"}, HTTP_HX_REQUEST="true")
    assert "Sprachschule" in fragment.content.decode()
    assert "<html" not in fragment.content.decode()


def test_partners_of_another_centre_are_not_found(org, as_persona) -> None:
    other = Centre.objects.create(provider=org.provider, name="Zweigstelle", statistics_id="t-9")
    foreign = Partner.objects.create(centre=other, name="Fremd", tier="other", category="other")
    assert (
        as_persona("counsellor")
        .get(reverse("network_partner_detail", args=[foreign.pk]))
        .status_code
        == 404
    )
    assert (
        "Fremd"
        not in as_persona("counsellor").get(reverse("network_partner_list")).content.decode()
    )
    # a counsellor of the other centre sees it, and not ours
    service = Service.objects.create(centre=other, kind=ServiceKind.MBE)
    team = Team.objects.create(service=service, name="Team Z")
    org.users["stranger"].memberships.update(team=team)
    http = as_persona("stranger")
    assert http.get(reverse("network_partner_detail", args=[foreign.pk])).status_code == 200
    assert (
        http.get(reverse("network_partner_detail", args=[make_partner(org).pk])).status_code == 404
    )


def test_read_only_members_and_coordinators_cannot_change_partners(org, as_persona) -> None:
    partner = make_partner(org)
    for persona in ("reader", "coordinator"):
        http = as_persona(persona)
        assert http.get(reverse("network_partner_detail", args=[partner.pk])).status_code == 200
        assert (
            http.post(
                reverse("network_partner_edit", args=[partner.pk]), partner_data()
            ).status_code
            == 403
        )


def test_contact_persons_are_added_and_removed_with_htmx(org, as_persona) -> None:
    partner = make_partner(org)
    http = as_persona("counsellor")
    response = http.post(
        reverse("network_contact_add", args=[partner.pk]),
        {"name": "Frau Yılmaz", "function": "Kursleitung"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "Frau Yılmaz" in response.content.decode()
    contact = ContactPerson.objects.get()
    invalid = http.post(
        reverse("network_contact_add", args=[partner.pk]), {"function": "x"}, HTTP_HX_REQUEST="true"
    )
    assert 'aria-invalid="true"' in invalid.content.decode()
    http.post(reverse("network_contact_delete", args=[contact.pk]), HTTP_HX_REQUEST="true")
    assert not ContactPerson.objects.exists()
    assert (
        as_persona("reader").post(reverse("network_contact_delete", args=[contact.pk])).status_code
        == 403
    )


def test_coverage_page_shows_covered_partial_and_missing(org, as_persona) -> None:
    make_agreement(org)  # Jobcenter with a current agreement
    make_partner(org, "Sprachschule Musterstadt gGmbH", PartnerCategory.COURSE_PROVIDER)
    page = as_persona("coordinator").get(reverse("network_coverage")).content.decode()
    assert 'data-testid="coverage-jobcenter" data-status="covered"' in page
    assert 'data-testid="coverage-course_provider" data-status="no_agreement"' in page
    assert 'data-testid="coverage-childcare" data-status="missing"' in page
    assert "1 von 8" in page or "1 of 8" in page


def test_expired_agreement_does_not_cover(org, as_persona) -> None:
    today = timezone.localdate()
    make_agreement(
        org, valid_from=today - timedelta(days=400), valid_until=today - timedelta(days=1)
    )
    page = as_persona("counsellor").get(reverse("network_coverage")).content.decode()
    assert 'data-testid="coverage-jobcenter" data-status="no_agreement"' in page


def test_indicator_page_counts_activities(org, as_persona) -> None:
    http = as_persona("counsellor")
    partner = make_partner(org)
    response = http.post(
        reverse("activity_create"),
        {
            "kind": "training",
            "core_area": "intercultural_opening",
            "topic": "Interkulturelle Kompetenz",
            "held_on": timezone.localdate().strftime("%d.%m.%Y"),
            "participants": "12",
            "partner_staff": "10",
            "partners": [partner.pk],
        },
    )
    assert response.status_code == 302
    assert list(Activity.objects.get().partners.all()) == [partner]
    page = as_persona("team_lead").get(reverse("network_indicators")).content.decode()
    assert 'data-testid="ind-events">1<' in page


def test_activity_numbers_must_add_up(org, as_persona) -> None:
    response = as_persona("counsellor").post(
        reverse("activity_create"),
        {
            "kind": "training",
            "topic": "X",
            "held_on": "01.03.2026",
            "participants": "3",
            "partner_staff": "5",
        },
    )
    assert response.status_code == 200
    assert not Activity.objects.exists()
    assert 'value="X"' in response.content.decode()


def test_network_navigation_for_network_roles_only(org, as_persona) -> None:
    url = reverse("network_partner_list")
    assert f'href="{url}"' in as_persona("coordinator").get(reverse("dashboard")).content.decode()
    assert (
        f'href="{url}"' not in as_persona("statistics").get(reverse("dashboard")).content.decode()
    )
