"""The client list pages after a key, newest change first (issue #20)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from lotse.accounts.models import Membership
from lotse.accounts.roles import Role
from lotse.clients.models import Client
from lotse.clients.selectors import listing
from lotse.clients.services import ClientData, client_create


def _make(org, n: int, team=None) -> list[Client]:
    return [
        client_create(team=team or org.team_a, data=ClientData(first_name=f"P{i}", last_name="K"))
        for i in range(n)
    ]


def _pages(http, url: str, **params: str) -> list[list[int]]:
    pages: list[list[int]] = []
    response = http.get(url, params)
    while True:
        assert response.status_code == 200
        page = response.context["page"]
        pages.append([c.pk for c in page])
        if not page.next_cursor:
            return pages
        assert len(pages) < 20, "the pages never end"
        response = http.get(url, {**params, "after": page.next_cursor})


def test_pages_follow_each_other_newest_change_first(org, as_persona) -> None:
    _make(org, 30)
    # Edit an older file: it moves to the top.
    oldest = Client.objects.filter(team=org.team_a).order_by("updated_at", "pk").first()
    oldest.save()
    pages = _pages(as_persona("counsellor"), reverse("client_list"))
    assert [len(p) for p in pages] == [25, 6]
    shown = [pk for page in pages for pk in page]
    expected = list(
        Client.objects.filter(team=org.team_a)
        .order_by("-updated_at", "-pk")
        .values_list("pk", flat=True)
    )
    assert shown == expected and shown[0] == oldest.pk


def test_files_changed_at_the_same_instant_are_neither_lost_nor_repeated(org, as_persona) -> None:
    _make(org, 40)
    same = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    Client.objects.filter(team=org.team_a).update(updated_at=same)
    pages = _pages(as_persona("counsellor"), reverse("client_list"))
    shown = [pk for page in pages for pk in page]
    assert len(shown) == len(set(shown)) == 41
    assert shown == sorted(shown, reverse=True)


def test_a_member_of_two_teams_gets_one_merged_order(org, as_persona) -> None:
    Membership.objects.create(user=org.users["counsellor"], team=org.team_b, role=Role.COUNSELLOR)
    _make(org, 14)
    _make(org, 14, team=org.team_b)
    _make(org, 3)
    pages = _pages(as_persona("counsellor"), reverse("client_list"))
    shown = [pk for page in pages for pk in page]
    expected = list(Client.objects.order_by("-updated_at", "-pk").values_list("pk", flat=True))
    assert shown == expected and len(shown) == 33
    assert [len(p) for p in pages] == [25, 8]


def test_the_count_stops_at_the_cap(org, as_persona, monkeypatch) -> None:
    _make(org, 6)
    http = as_persona("counsellor")
    response = http.get(reverse("client_list"))
    assert "7 Klient:innenakten" in response.content.decode()
    monkeypatch.setattr(listing, "COUNT_CAP", 5)
    response = http.get(reverse("client_list"))
    page = response.context["page"]
    assert page.more and page.count == 5
    assert "mehr als 5 Klient:innenakten" in response.content.decode()


def test_the_caption_says_more_than_1000_in_german(org, as_persona) -> None:
    page = listing.ClientPage(rows=[], count=1000, more=True, next_cursor="", first=True)
    from django.utils import translation

    with translation.override("de"):
        assert page.count_cap == "1.000"


@pytest.mark.parametrize("cursor", ["", "x", "12.", "-1.5", "1.99999999999999999999", "٣.٤"])
def test_a_broken_cursor_gives_the_first_page(org, as_persona, cursor: str) -> None:
    _make(org, 2)
    response = as_persona("counsellor").get(reverse("client_list"), {"after": cursor})
    assert response.status_code == 200
    assert len(response.context["page"]) == 3 and response.context["page"].first


def test_cursor_round_trip_keeps_microseconds() -> None:
    when = datetime(2026, 12, 6, 19, 31, 37, 123456, tzinfo=UTC)
    cursor = listing.Cursor(when, 42)
    assert listing.parse_cursor(cursor.encode()) == cursor


def test_a_search_pages_too_and_keeps_its_token(org, as_persona) -> None:
    for i in range(27):
        client_create(team=org.team_a, data=ClientData(first_name="Samira", last_name=f"N{i}"))
    _make(org, 5)
    http = as_persona("counsellor")
    location = http.post(reverse("client_list"), {"q": "samira"})["Location"]
    first = http.get(location)
    page = first.context["page"]
    assert len(page) == 25 and page.next_cursor and page.count == 27
    token = first.context["search_token"]
    assert f"search={token}&amp;after={page.next_cursor}" in first.content.decode()
    second = http.get(reverse("client_list"), {"search": token, "after": page.next_cursor})
    assert len(second.context["page"]) == 2 and not second.context["page"].next_cursor
    # The HTMX partial of a search renders the rows and the pager.
    partial = http.post(reverse("client_list"), {"q": "samira"}, HTTP_HX_REQUEST="true")
    assert partial.status_code == 200 and b"client-list-next" in partial.content
    assert b"<html" not in partial.content
