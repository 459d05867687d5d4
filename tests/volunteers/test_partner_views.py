"""Partner, matching, partnership, meeting, group and figures pages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from lotse.volunteers.models import (
    GroupEvening,
    GroupOfferDate,
    Meeting,
    Partnership,
    TandemPartner,
)
from lotse.volunteers.states import PartnershipStatus
from volunteers.samples import district, make_partner, make_partnership, make_volunteer

pytestmark = pytest.mark.django_db


def partner_data(org, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "team": org.team_a.pk,
        "first_name": "Samira",
        "gender": "female",
        "district": district(org).pk,
        "volunteer_gender": "female",
        "consent_on": "01.11.2026",
        "lang_ar": "native",
        "lang_de": "A",
        "slots": ["mon_evening"],
        "interests": ["cooking"],
    }
    data.update(overrides)
    return data


def test_coordinator_records_a_partner_and_invalid_input_is_kept(org, as_persona) -> None:
    http = as_persona("coordinator")
    bad = http.post(reverse("partner_create"), partner_data(org, consent_on=""))
    assert bad.status_code == 200 and 'value="Samira"' in bad.content.decode()
    response = http.post(reverse("partner_create"), partner_data(org))
    partner = TandemPartner.objects.get()
    assert response["Location"] == reverse("partner_detail", args=[partner.pk])
    assert partner.client is None and partner.volunteer_gender == "female"


def test_partner_edit_conflict(org, as_persona) -> None:
    partner = make_partner(org)
    http = as_persona("coordinator")
    url = reverse("partner_edit", args=[partner.pk])
    data = partner_data(org, first_name="Sami", version=partner.version)
    data.pop("team")
    assert http.post(url, data).status_code == 302
    data["first_name"] = "Samia"
    response = http.post(url, data)
    assert response.status_code == 409 and 'value="Samia"' in response.content.decode()


def test_suggestions_rank_with_reasons_and_confirm_proposes(org, as_persona) -> None:
    arabic = make_volunteer(org, first_name="Rania", languages={"de": "native", "ar": "native"})
    german = make_volunteer(org, first_name="Klaus", gender="male", languages={"de": "native"})
    make_volunteer(org, first_name="Lena", active=False)  # not active: never suggested
    partner = make_partner(org, volunteer_gender="female")
    http = as_persona("coordinator")
    page = http.get(reverse("matching_suggestions", args=[partner.pk])).content.decode()
    assert page.index("Rania") < page.index("Klaus") and "Lena" not in page
    assert "Both speak Arabic" in page or "Both speak Arabisch" in page
    assert "Can reach Nordstadt" in page
    assert "The partner asked for someone of another gender." in page
    response = http.post(reverse("matching_confirm", args=[partner.pk]), {"volunteer": arabic.pk})
    partnership = Partnership.objects.get()
    assert response["Location"] == reverse("partnership_detail", args=[partnership.pk])
    assert (partnership.volunteer, partnership.status) == (arabic, PartnershipStatus.PROPOSED)
    assert partnership.match_score == 82  # 40 + 20 + one common slot 7 + one interest 5 + 10
    # A second confirmation is refused with a message, nothing else happens.
    refused = http.post(
        reverse("matching_confirm", args=[partner.pk]), {"volunteer": german.pk}, follow=True
    )
    assert "already has a volunteer" in refused.content.decode()
    assert Partnership.objects.count() == 1


def test_confirm_refuses_a_volunteer_of_another_team(org, as_persona) -> None:
    foreign = make_volunteer(org, team=org.team_b, districts=[])
    partner = make_partner(org)
    response = as_persona("coordinator").post(
        reverse("matching_confirm", args=[partner.pk]), {"volunteer": foreign.pk}, follow=True
    )
    assert "cannot be chosen" in response.content.decode()
    assert not Partnership.objects.exists()


def test_meeting_quick_log_with_htmx_and_without(org, as_persona) -> None:
    partnership = make_partnership(org, make_volunteer(org), make_partner(org))
    http = as_persona("coordinator")
    url = reverse("partnership_meeting_add", args=[partnership.pk])
    today = timezone.localdate().strftime("%d.%m.%Y")
    data = {
        "meeting-date": today,
        "meeting-duration_minutes": "90",
        "meeting-activities": ["german", "institution"],
        "meeting-reported_by": "volunteer",
    }
    fragment = http.post(url, data, HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200
    body = fragment.content.decode()
    assert "<html" not in body and 'data-testid="meeting-table"' in body
    assert "German practice" in body or "Deutsch" in body
    redirect = http.post(url, data)
    assert redirect["Location"] == reverse("partnership_detail", args=[partnership.pk])
    assert Meeting.objects.count() == 2
    invalid = http.post(url, {**data, "meeting-activities": []}, HTTP_HX_REQUEST="true")
    assert invalid.status_code == 200 and "alert-danger" in invalid.content.decode()
    assert Meeting.objects.count() == 2


def test_partnership_status_change_and_list(org, as_persona) -> None:
    partnership = make_partnership(org, make_volunteer(org), make_partner(org))
    http = as_persona("coordinator")
    url = reverse("partnership_transition", args=[partnership.pk])
    refused = http.post(url, {"target": "ended", "version": partnership.version}, follow=True)
    assert "reason" in refused.content.decode()
    http.post(url, {"target": "ended", "reason": "goal_reached", "version": partnership.version})
    partnership.refresh_from_db()
    assert partnership.status == PartnershipStatus.ENDED
    listing = http.get(reverse("partnership_list"), {"status": "ended"}).content.decode()
    assert reverse("partnership_detail", args=[partnership.pk]) in listing


def test_counsellor_refers_a_client_with_consent(org, as_persona) -> None:
    http = as_persona("counsellor")
    url = reverse("partner_refer", args=[org.client_a.pk])
    form = http.get(url).content.decode()
    assert 'value="Amira"' in form  # prefilled from the file the counsellor sees
    data = partner_data(org, first_name="Amira")
    missing = http.post(url, data)
    assert missing.status_code == 200 and not TandemPartner.objects.exists()
    response = http.post(url, {**data, "consent_confirmed": "on"})
    assert response["Location"] == reverse("partnership_client_tab", args=[org.client_a.pk])
    partner = TandemPartner.objects.get()
    assert partner.client == org.client_a and partner.referred_by == org.users["counsellor"]
    tab = http.get(response["Location"]).content.decode()
    assert reverse("partner_refer", args=[org.client_a.pk]) not in tab  # referred once
    assert as_persona("reader").get(url).status_code == 403


def test_group_evening_is_suggested_and_attendance_recorded(org, as_persona) -> None:
    volunteer = make_volunteer(org)
    last = timezone.localdate() - timedelta(weeks=7)
    GroupEvening.objects.create(team=org.team_a, date=last, created_by=org.users["coordinator"])
    http = as_persona("coordinator")
    listing = http.get(reverse("group_evening_list")).content.decode()
    assert 'data-testid="evening-suggestion"' in listing
    form = http.get(reverse("group_evening_create")).content.decode()
    suggested = max(last + timedelta(weeks=7), timezone.localdate())
    assert suggested.strftime("%d.%m.%Y") in form
    response = http.post(
        reverse("group_evening_create"),
        {
            "team": org.team_a.pk,
            "date": timezone.localdate().strftime("%d.%m.%Y"),
            "topic": "Austausch",
        },
    )
    evening = GroupEvening.objects.latest("pk")
    http.post(response["Location"], {"volunteers": [volunteer.pk]})
    assert list(evening.attendances.values_list("volunteer_id", flat=True)) == [volunteer.pk]


def test_jmd_group_offer_with_dates_and_linked_young_people(org, as_persona) -> None:
    http = as_persona("stranger")  # the JMD team's counsellor
    response = http.post(
        reverse("jmd_offer_create"),
        {
            "team": org.team_b.pk,
            "kind": "group_offer",
            "title": "Bewerbungstraining",
            "topics": "Bewerbung, Schule",
        },
    )
    detail = response["Location"]
    offer_id = int(detail.rstrip("/").rsplit("/", 1)[1])
    http.post(
        reverse("jmd_offer_date_add", args=[offer_id]),
        {"date": "10.11.2026", "duration_minutes": "120", "participants": "9"},
    )
    http.post(reverse("jmd_offer_participant_add", args=[offer_id]), {"client": org.client_b.pk})
    page = http.get(detail).content.decode()
    assert "Bewerbungstraining" in page and org.client_b.file_number in page and ">9<" in page
    assert "120 min" in page and "Group offer (several dates)" in page
    listing = http.get(reverse("jmd_offer_list")).content.decode()
    assert "Bewerbungstraining" in listing
    # The MBE counsellor is not in the JMD team: the offer is neither listed nor reachable.
    assert (
        "Bewerbungstraining"
        not in as_persona("counsellor").get(reverse("jmd_offer_list")).content.decode()
    )
    assert as_persona("counsellor").get(detail).status_code == 404


def test_group_work_of_an_mbe_team_appears_in_each_participants_file(org, as_persona) -> None:
    """§D17: group contacts for every service, a group contact in each participant's file."""
    http = as_persona("counsellor")  # MBE team A
    form = http.get(reverse("jmd_offer_create")).content.decode()
    assert "Information evening" in form and "Visit to a course" in form
    response = http.post(
        reverse("jmd_offer_create"),
        {"team": org.team_a.pk, "kind": "course_visit", "title": "Besuch im Integrationskurs"},
    )
    assert response.status_code == 302
    offer_id = int(response["Location"].rstrip("/").rsplit("/", 1)[1])
    http.post(
        reverse("jmd_offer_date_add", args=[offer_id]),
        {"date": "10.11.2026", "duration_minutes": "0", "participants": "3"},
    )
    assert not GroupOfferDate.objects.filter(offer_id=offer_id).exists()
    http.post(
        reverse("jmd_offer_date_add", args=[offer_id]),
        {"date": "10.11.2026", "duration_minutes": "45", "participants": "23"},
    )
    http.post(reverse("jmd_offer_participant_add", args=[offer_id]), {"client": org.client_a.pk})
    file_page = http.get(reverse("client_detail", args=[org.client_a.pk])).content.decode()
    assert GroupOfferDate.objects.get(offer_id=offer_id).duration_minutes == 45
    assert "Besuch im Integrationskurs" in file_page and "Visit to a course" in file_page
    assert "10.11.2026" in file_page
    # The JMD team's counsellor does not see team A's group work, nor can link to it.
    stranger = as_persona("stranger")
    assert stranger.get(reverse("jmd_offer_detail", args=[offer_id])).status_code == 404
    assert (
        stranger.post(
            reverse("jmd_offer_participant_add", args=[offer_id]), {"client": org.client_b.pk}
        ).status_code
        == 404
    )


def test_figures_for_the_statistics_officer_are_counts_only(org, as_persona) -> None:
    volunteer = make_volunteer(org, first_name="Zofia")
    partnership = make_partnership(org, volunteer, make_partner(org))
    from lotse.volunteers import services

    services.meeting_log(
        partnership=partnership,
        date=timezone.localdate(),
        duration_minutes=90,
        activities=["german"],
        logged_by=org.users["coordinator"],
    )
    response = as_persona("statistics").get(reverse("volunteer_figures"))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="fig-partnerships">1<' in page and 'data-testid="fig-meetings">1<' in page
    assert "Zofia" not in page and "Samira" not in page
    bad = as_persona("coordinator").get(
        reverse("volunteer_figures"), {"start": "31.12.2026", "end": "01.01.2026"}
    )
    assert bad.status_code == 200 and "ends before" in bad.content.decode()
