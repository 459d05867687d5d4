"""One entry point for client data: scoped, encrypted at rest, searchable without decrypting."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory
from django.urls import reverse

from lotse.clients.models import Client
from lotse.clients.selectors import client_for_request, client_search
from lotse.clients.services import ClientData, client_create, client_update
from lotse.common.errors import ConflictError
from lotse_testing import client_form_data, raw_column

VISIBLE = {
    "counsellor": {"a"},
    "reader": {"a"},
    "team_lead": {"a"},
    "stranger": {"b"},
    "coordinator": set(),
    "statistics": set(),
    "dpo": set(),
    "admin": set(),
}


@pytest.mark.parametrize("persona", sorted(VISIBLE))
def test_visible_to_returns_only_own_teams_clients(org, persona) -> None:
    pks = set(Client.objects.visible_to(org.users[persona]).values_list("pk", flat=True))
    expected = {getattr(org, f"client_{t}").pk for t in VISIBLE[persona]}
    assert pks == expected


def test_inactive_user_sees_nothing(org) -> None:
    user = org.users["counsellor"]
    user.is_active = False
    user.save()
    assert not Client.objects.visible_to(user).exists()


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_resolver_answers_404_for_foreign_and_403_for_read_only(org) -> None:
    with pytest.raises(Http404):
        client_for_request(_request(org.users["stranger"]), org.client_a.pk)
    with pytest.raises(Http404):
        client_for_request(_request(org.users["admin"]), org.client_a.pk)
    assert client_for_request(_request(org.users["reader"]), org.client_a.pk) == org.client_a
    with pytest.raises(PermissionDenied):
        client_for_request(_request(org.users["reader"]), org.client_a.pk, write=True)


def test_names_are_encrypted_in_the_database(org) -> None:
    stored = raw_column("clients_client", "last_name", org.client_a.pk)
    assert stored.startswith("lse1:") and "Haddad" not in stored
    assert Client.objects.get(pk=org.client_a.pk).last_name == "Haddad"


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("Ham", False),
        ("had", True),
        ("HADDAD", True),
        ("am had", True),
        ("Amira", True),
        ("x", False),
    ],
)
def test_name_prefix_search_without_decrypting(org, query, found) -> None:
    result = client_search(user=org.users["counsellor"], query=query)
    assert (org.client_a in result) is found


def test_search_never_crosses_teams(org) -> None:
    assert not client_search(user=org.users["counsellor"], query="Kowalenko").exists()
    assert client_search(user=org.users["stranger"], query="Kowalenko").count() == 1


def test_search_by_birth_date_and_file_number(org) -> None:
    user = org.users["counsellor"]
    assert list(client_search(user=user, birth_date=date(1980, 5, 17))) == [org.client_a]
    assert list(client_search(user=user, query=org.client_a.file_number)) == [org.client_a]


def test_file_numbers_count_up_per_service_and_year(org) -> None:
    second = client_create(team=org.team_a, data=ClientData(first_name="B", last_name="C"))
    assert org.client_a.file_number.endswith("-00001")
    assert second.file_number.endswith("-00002")
    assert second.file_number.startswith("MBE-")


def test_second_save_from_a_stale_version_is_a_conflict(org) -> None:
    client_update(
        client=org.client_a,
        expected_version=1,
        data=ClientData(first_name="Amira", last_name="Haddad-Nour"),
    )
    stale = Client.objects.get(pk=org.client_a.pk)
    with pytest.raises(ConflictError):
        client_update(client=stale, expected_version=1, data=ClientData(first_name="X"))
    fresh = Client.objects.get(pk=org.client_a.pk)
    assert (fresh.last_name, fresh.version) == ("Haddad-Nour", 2)


def test_conflict_page_shows_both_versions_and_keeps_typed_text(org, as_persona) -> None:
    url = reverse("client_edit", args=[org.client_a.pk])
    first, second = as_persona("counsellor"), as_persona("team_lead")
    assert first.post(url, client_form_data(last_name="Saved", version=1)).status_code == 302
    response = second.post(url, client_form_data(last_name="Typed", version=1))
    assert response.status_code == 409
    body = response.content.decode()
    assert "Saved" in body and 'value="Typed"' in body
    assert 'name="version" value="2"' in body
    # Saving again from the conflict page is a deliberate overwrite and succeeds.
    response = second.post(url, client_form_data(last_name="Typed", version=2))
    assert response.status_code == 302
    assert Client.objects.get(pk=org.client_a.pk).last_name == "Typed"


def test_form_errors_are_explained_and_input_kept(org, as_persona) -> None:
    http = as_persona("counsellor")
    response = http.post(
        reverse("client_create"),
        client_form_data(
            team=org.team_a.pk, first_name="Leyla", last_name="", birth_date="31.02.1990"
        ),
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'value="Leyla"' in body
    assert "birth_date" in response.context["form"].errors
    assert Client.objects.count() == 2


def test_read_only_member_cannot_create_in_their_team(org, as_persona) -> None:
    http = as_persona("reader")
    response = http.post(
        reverse("client_create"), client_form_data(team=org.team_a.pk, first_name="X")
    )
    assert response.status_code == 200
    assert "team" in response.context["form"].errors


def test_list_search_answers_htmx_with_a_fragment(org, as_persona) -> None:
    http = as_persona("counsellor")
    response = http.post(reverse("client_list"), {"q": "hadd"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body
    assert org.client_a.file_number in body
