"""Duplicate warning before saving, and merging that keeps every record and the audit trail."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from lotse.audit.models import AuditEntry
from lotse.audit.services import verify_chain
from lotse.clients.models import Client, CounsellingContact
from lotse.clients.selectors import duplicate_candidates
from lotse.clients.services import ClientData, client_create, client_merge
from lotse.common.errors import DomainError
from lotse_testing import client_form_data, make_consent


def test_similar_name_and_same_birth_date_is_a_candidate(org) -> None:
    found = duplicate_candidates(
        user=org.users["counsellor"],
        first_name="Amirah",
        last_name="Hadad",
        birth_date=date(1980, 5, 17),
    )
    assert found == [org.client_a]


@pytest.mark.parametrize(
    ("first", "last", "birth"),
    [
        ("Amira", "Haddad", date(1980, 6, 30)),  # other birth date (not 1 day, not swapped)
        ("Petra", "Schulz", date(1980, 5, 17)),  # other name
    ],
)
def test_no_candidate_without_both_signals(org, first, last, birth) -> None:
    assert not duplicate_candidates(
        user=org.users["counsellor"], first_name=first, last_name=last, birth_date=birth
    )


def test_candidates_never_come_from_another_team(org) -> None:
    assert not duplicate_candidates(
        user=org.users["stranger"],
        first_name="Amira",
        last_name="Haddad",
        birth_date=date(1980, 5, 17),
    )


def test_create_shows_duplicates_before_saving_and_saves_after_confirmation(org, as_persona):
    http = as_persona("counsellor")
    data = client_form_data(
        team=org.team_a.pk, first_name="Amirah", last_name="Hadad", birth_date="17.05.1980"
    )
    response = http.post(reverse("client_create"), data)
    assert response.status_code == 200
    assert 'data-testid="duplicate-warning"' in response.content.decode()
    assert org.client_a.file_number in response.content.decode()
    assert Client.objects.filter(team=org.team_a).count() == 1
    response = http.post(reverse("client_create"), {**data, "no_duplicate": "on"})
    assert response.status_code == 302
    assert Client.objects.filter(team=org.team_a).count() == 2


def test_merge_moves_everything_and_keeps_the_source_as_reference(org) -> None:
    duplicate = client_create(
        team=org.team_a,
        data=ClientData(first_name="Amirah", last_name="Hadad", birth_date=date(1980, 5, 17)),
    )
    CounsellingContact.objects.create(
        client=duplicate,
        date=date(2026, 3, 3),
        duration_minutes=30,
        form="phone",
        counsellor=org.users["counsellor"],
    )
    make_consent(org)  # on client A
    duplicate.languages.create(language="ar", level="native")
    org.client_a.languages.create(language="ar", level="B")
    client_merge(source=duplicate, target=org.client_a)
    duplicate.refresh_from_db()
    assert duplicate.merged_into_id == org.client_a.pk
    assert org.client_a.contacts.count() == 1
    assert org.client_a.languages.get(language="ar").level == "B"
    assert not Client.objects.visible_to(org.users["counsellor"]).filter(pk=duplicate.pk).exists()
    assert AuditEntry.objects.filter(action="client.merged", client_id=org.client_a.pk).exists()
    assert AuditEntry.objects.filter(action="client.merged_away", client_id=duplicate.pk).exists()
    # The duplicate's earlier audit entries stay where they were.
    assert AuditEntry.objects.filter(action="client.created", client_id=duplicate.pk).exists()
    assert verify_chain().ok
    with pytest.raises(DomainError):
        client_merge(source=duplicate, target=org.client_a)


def test_merge_across_teams_is_refused(org) -> None:
    with pytest.raises(DomainError):
        client_merge(source=org.client_b, target=org.client_a)


def test_merge_page_needs_write_access_to_the_target(org, as_persona) -> None:
    duplicate = client_create(team=org.team_a, data=ClientData(first_name="Dup", last_name="X"))
    http = as_persona("counsellor")
    response = http.post(
        reverse("client_merge", args=[duplicate.pk]),
        {"target_file_number": org.client_b.file_number},
    )
    assert response.status_code == 200
    assert "target_file_number" in response.context["form"].errors
    response = http.post(
        reverse("client_merge", args=[duplicate.pk]),
        {"target_file_number": org.client_a.file_number},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("client_detail", args=[org.client_a.pk])


def test_anonymous_service_refuses_names(org) -> None:
    from lotse.organisation.models import Service, ServiceKind, Team

    service = Service.objects.create(centre=org.centre, kind=ServiceKind.NO_STATUS)
    team = Team.objects.create(service=service, name="Ohne Papiere")
    with pytest.raises(DomainError):
        client_create(team=team, data=ClientData(first_name="Real", last_name="Name"))
    anonymous = client_create(team=team, data=ClientData(pseudonym="Blue", birth_year=1990))
    assert anonymous.is_anonymous and anonymous.display_name == "Blue"


# --- issue 19 §4: near dates, missing dates, other scripts, first contacts on one day ---------


def _candidates(org, first, last, birth):
    from lotse.clients.selectors import duplicate_matches

    return {
        (match.client.pk, match.reason)
        for match in duplicate_matches(
            user=org.users["counsellor"], first_name=first, last_name=last, birth_date=birth
        )
    }


@pytest.mark.parametrize(
    ("first", "last", "birth", "reason"),
    [
        ("Amira", "Haddad", date(1980, 5, 17), "same_birth_date"),
        ("Amira", "Haddad", date(1980, 5, 16), "birth_date_near"),
        ("Amira", "Haddad", date(1980, 5, 18), "birth_date_near"),
        ("Amirah", "Hadad", date(1980, 5, 18), "birth_date_near"),
        ("أميرة", "حداد", date(1980, 5, 17), "same_birth_date"),  # Arabic script
        ("Амира", "Хаддад", date(1980, 5, 17), "same_birth_date"),  # Cyrillic script
        ("Amira", "Haddad", None, "no_birth_date"),  # the new one has no date of birth
    ],
)
def test_near_dates_and_transliterated_names_are_flagged(org, first, last, birth, reason) -> None:
    assert _candidates(org, first, last, birth) == {(org.client_a.pk, reason)}


def test_day_and_month_swapped_is_flagged(org) -> None:
    swapped = client_create(
        team=org.team_a,
        data=ClientData(first_name="Olena", last_name="Shevchenko", birth_date=date(1990, 3, 7)),
    )
    found = _candidates(org, "Олена", "Шевченко", date(1990, 7, 3))
    assert found == {(swapped.pk, "birth_date_swapped")}
    assert not _candidates(org, "Olena", "Shevchenko", date(1990, 7, 4))


def test_same_name_without_birth_date_on_file_is_flagged(org) -> None:
    undated = client_create(
        team=org.team_a, data=ClientData(first_name="Mohammed", last_name="Şahin")
    )
    assert _candidates(org, "Muhammad", "Sahin", date(1975, 1, 2)) == {
        (undated.pk, "no_birth_date")
    }
    assert not _candidates(org, "Mehmet", "Yilmaz", date(1975, 1, 2))
    assert not _candidates(org, "Muhammad", "Sahin", None) - {(undated.pk, "no_birth_date")}


def test_create_page_says_why_a_file_is_shown(org, as_persona) -> None:
    http = as_persona("counsellor")
    data = client_form_data(
        team=org.team_a.pk, first_name="Amira", last_name="Haddad", birth_date="16.05.1980"
    )
    response = http.post(reverse("client_create"), data)
    body = response.content.decode()
    assert 'data-testid="duplicate-warning"' in body
    assert org.client_a.file_number in body
    assert "Geburtsdatum einen Tag abweichend" in body
    assert Client.objects.filter(team=org.team_a).count() == 1


def _intake_data(**extra):
    return {
        "service": "mbe",
        "date": "25.11.2026",
        "access_channel": "walk_in",
        "concern": "Brief vom Jobcenter verstehen",
        "livelihood": "sgb_ii",
        "outcome": "counselling",
        **extra,
    }


def test_a_second_first_contact_on_the_same_day_is_flagged_before_saving(org, as_persona) -> None:
    from lotse.clients.models import Intake

    http = as_persona("counsellor")
    url = reverse("client_intake_create", args=[org.client_a.pk])
    assert http.post(url, _intake_data()).status_code == 302
    response = http.post(url, _intake_data())
    assert response.status_code == 200
    body = response.content.decode()
    assert "bereits ein Erstkontakt" in body
    assert 'type="checkbox" name="same_day_confirmed"' in body
    assert Intake.objects.filter(client=org.client_a).count() == 1
    assert http.post(url, _intake_data(date="26.11.2026")).status_code == 302  # another day
    response = http.post(url, _intake_data(same_day_confirmed="on"))
    assert response.status_code == 302
    assert Intake.objects.filter(client=org.client_a).count() == 3
