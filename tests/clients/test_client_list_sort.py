"""The client list's sort orders (issue #17 §3): every sort pages by key along its own index
per team, across teams, ties broken by the id; the sort is kept by pages, search, export and
saved filters; anything unknown gives the default order, never an error."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lotse.accounts.models import Membership
from lotse.accounts.roles import Role
from lotse.clients.models import Client, ClientLanguage, LanguageLevel, SavedFilter
from lotse.clients.selectors.listing import (
    DEFAULT_SORT,
    SORTS,
    ClientPage,
    Cursor,
    SortOrder,
    client_page,
    parse_cursor,
)
from lotse.clients.services import ClientData, client_create
from lotse_testing import PASSWORD

BASE = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
# Per file: team ("a"/"b"), file number, year of birth, minutes after BASE changed / created.
# Mixed case and equal keys across the teams on purpose: ties must be broken by the id, and the
# merge of two teams' walks must agree with the database's order.
SPECS = [
    ("a", "K-07", 1990, 5, 1),
    ("b", "k-02", 1990, 5, 1),
    ("a", "A-11", None, 3, 2),
    ("b", "B-01", 1985, 9, 2),
    ("a", "a-03", 2001, 9, 1),
    ("b", "Z-99", None, 5, 3),
    ("a", "M-40", 1990, 1, 3),
    ("b", "m-41", 1972, 3, 1),
    ("a", "C-05", None, 7, 2),
    ("b", "c-06", 2001, 7, 3),
    ("a", "X-12", 1985, 5, 1),
    ("b", "D-13", 1990, 2, 2),
    ("a", "E-14", 1966, 9, 3),
]
FIELDS = {"changed": "updated_at", "created": "created_at"}


@pytest.fixture
def two_teams(org):
    """The counsellor works in both teams; only the files of SPECS exist there."""
    counsellor = org.users["counsellor"]
    Membership.objects.create(user=counsellor, team=org.team_b, role=Role.COUNSELLOR)
    Client.objects.filter(pk__in=[org.client_a.pk, org.client_b.pk]).delete()
    teams = {"a": org.team_a, "b": org.team_b}
    for i, (team, number, year, changed, created) in enumerate(SPECS):
        client = client_create(
            team=teams[team], data=ClientData(first_name="Samira", last_name=f"K{i}")
        )
        Client.objects.filter(pk=client.pk).update(
            file_number=number,
            birth_year=year,
            updated_at=BASE + timedelta(minutes=changed),
            created_at=BASE - timedelta(days=created),
        )
    return counsellor


def _expected(order: SortOrder) -> list[int]:
    """The order worked out here, in Python: key, then id, the same way; no key last. Text
    keys in the database's order (its collation decides where "a-03" stands)."""
    rows = list(Client.objects.all())
    if order.kind == "text":
        ordered = Client.objects.order_by(order.field)
        ranks = {pk: rank for rank, pk in enumerate(ordered.values_list("pk", flat=True))}
        return sorted(
            (c.pk for c in rows),
            key=lambda pk: ranks[pk],
            reverse=order.descending,
        )
    present = sorted(
        (c for c in rows if getattr(c, order.field) is not None),
        key=lambda c: (getattr(c, order.field), c.pk),
        reverse=order.descending,
    )
    absent = sorted(
        (c for c in rows if getattr(c, order.field) is None),
        key=lambda c: c.pk,
        reverse=order.descending,
    )
    return [c.pk for c in present + absent]


def _walk(user, order: SortOrder, size: int, clients=None) -> list[ClientPage]:
    pages: list[ClientPage] = []
    cursor = None
    while True:
        scoped = Client.objects.visible_to(user) if clients is None else clients
        page = client_page(user=user, clients=scoped, cursor=cursor, size=size, sort=order)
        pages.append(page)
        if not page.next_cursor:
            return pages
        assert len(pages) < 30, "the pages never end"
        cursor = parse_cursor(page.next_cursor, order.key)
        assert cursor is not None and cursor.sort == order.key


@pytest.mark.parametrize("key", list(SORTS))
@pytest.mark.parametrize("size", [1, 4, 25])
def test_each_sort_pages_through_both_teams_in_order(two_teams, key: str, size: int) -> None:
    order = SORTS[key]
    pages = _walk(two_teams, order, size)
    shown = [c.pk for page in pages for c in page]
    assert shown == _expected(order)
    assert len(shown) == len(set(shown)) == len(SPECS)
    assert [len(p) for p in pages[:-1]] == [size] * (len(pages) - 1)
    assert pages[0].first and not any(p.first for p in pages[1:])


def test_the_expected_orders_are_what_a_person_expects(two_teams) -> None:
    """The Python model above, checked against the data by hand (so that a wrong model cannot
    pass for a right one)."""
    numbers = dict(Client.objects.values_list("pk", "file_number"))
    youngest = [numbers[pk] for pk in _expected(SORTS["-birth_year"])]
    # 2001 twice (higher id first), 1990 four times …, the three without a year last.
    assert youngest[:2] == ["c-06", "a-03"]
    assert youngest[-3:] == ["C-05", "Z-99", "A-11"]
    oldest = [numbers[pk] for pk in _expected(SORTS["birth_year"])]
    assert oldest[:2] == ["E-14", "m-41"] and oldest[-3:] == ["A-11", "Z-99", "C-05"]
    newest = [numbers[pk] for pk in _expected(SORTS["-changed"])]
    assert newest[:3] == ["E-14", "a-03", "B-01"]  # the same minute: the newer id first


def test_equal_keys_are_ordered_by_id_across_pages(two_teams) -> None:
    Client.objects.update(updated_at=BASE, created_at=BASE, birth_year=1990)
    ids = sorted(Client.objects.values_list("pk", flat=True))
    for key in ("-changed", "changed", "-created", "created", "-birth_year", "birth_year"):
        order = SORTS[key]
        shown = [c.pk for page in _walk(two_teams, order, 3) for c in page]
        assert shown == (ids[::-1] if order.descending else ids), key


def test_a_cursor_of_another_sort_gives_the_first_page(two_teams) -> None:
    by_number = _walk(two_teams, SORTS["file_number"], 4)[0]
    cursor = Cursor(by_number.rows[-1].file_number, by_number.rows[-1].pk, "file_number")
    assert parse_cursor(cursor.encode(), "file_number") == cursor
    for key in SORTS:
        if key == "file_number":
            continue
        assert parse_cursor(cursor.encode(), key) is None, key
        page = client_page(
            user=two_teams,
            clients=Client.objects.visible_to(two_teams),
            cursor=cursor,
            size=4,
            sort=SORTS[key],
        )
        assert page.first and [c.pk for c in page] == _expected(SORTS[key])[:4], key
    # The default sort's cursor (as before sorts existed) is no cursor of another sort either.
    newest = _walk(two_teams, SORTS[DEFAULT_SORT], 4)[0]
    assert parse_cursor(newest.next_cursor, "file_number") is None
    assert parse_cursor(newest.next_cursor) == Cursor(
        newest.rows[-1].updated_at, newest.rows[-1].pk
    )


def test_the_age_cursor_holds_no_year_of_birth(two_teams, org) -> None:
    """The address says which file the page ended with, not its year of birth; the next page
    reads the year from that file, through the user's scope."""
    order = SORTS["birth_year"]
    pages = _walk(two_teams, order, 1)
    assert [p.next_cursor for p in pages[:-1]] == [f"birth_year.{p.rows[0].pk}" for p in pages[:-1]]
    assert pages[-1].rows[0].birth_year is None
    assert parse_cursor("birth_year.5.1990", "birth_year") is None
    # A file of a team the user does not work in: the first page, nothing of it revealed.
    other = client_create(team=org.team_b, data=ClientData(first_name="Ola", last_name="K"))
    stranger = org.users["stranger"]
    scoped = Client.objects.visible_to(stranger)
    assert not scoped.filter(pk=pages[0].rows[0].pk).exists()
    page = client_page(
        user=stranger,
        clients=scoped,
        cursor=parse_cursor(pages[0].next_cursor, "birth_year"),
        size=50,
        sort=order,
    )
    assert page.first and other.pk in [c.pk for c in page]


def test_filters_combine_with_the_sort(two_teams) -> None:
    arabic = list(Client.objects.order_by("pk")[::2])
    for client in arabic:
        ClientLanguage.objects.create(client=client, language="ar", level=LanguageLevel.B)
    scoped = Client.objects.visible_to(two_teams).filter(languages__language="ar")
    for key in ("birth_year", "-file_number", "created"):
        order = SORTS[key]
        shown = [c.pk for page in _walk(two_teams, order, 2, clients=scoped) for c in page]
        wanted = {c.pk for c in arabic}
        assert shown == [pk for pk in _expected(order) if pk in wanted], key


def test_a_sort_walk_costs_what_the_default_walk_costs(two_teams) -> None:
    """One query per team (two for the age: with and without a year, only when a team's files
    with a year run out on the page), one to merge text keys over several teams, the count."""
    costs = {}
    for key in [DEFAULT_SORT, *SORTS]:  # the first round fills the user's caches
        with CaptureQueriesContext(connection) as queries:
            client_page(
                user=two_teams,
                clients=Client.objects.visible_to(two_teams),
                cursor=None,
                size=2,
                sort=SORTS[key],
            )
        costs[key] = len(queries)
    base = costs[DEFAULT_SORT]
    assert {k: v - base for k, v in costs.items()} == {
        "-changed": 0,
        "changed": 0,
        "file_number": 1,
        "-file_number": 1,
        "-created": 0,
        "created": 0,
        "-birth_year": 0,
        "birth_year": 0,
    }


@pytest.mark.parametrize(
    ("sort", "after"),
    [
        ("birth_year", "birth_year.5.abc"),
        ("birth_year", "birth_year.x.1990"),
        ("birth_year", "birth_year.5.99999"),
        ("birth_year", "birth_year.999999"),
        ("-birth_year", "birth_year.1"),
        ("file_number", "file_number.5.A\x00B"),
        ("file_number", "file_number.5." + "x" * 41),
        ("file_number", "file_number.99999999999999999999.A"),
        ("created", "created.1.99999999999999999999"),
        ("created", "created.1."),
        ("created", "-created.1.5"),
        ("-changed", "-changed.1.5"),
        ("-changed", "file_number.1.A"),
    ],
)
def test_a_broken_cursor_of_a_sort_gives_its_first_page(
    two_teams, as_persona, sort: str, after: str
) -> None:
    response = as_persona("counsellor").get(reverse("client_list"), {"sort": sort, "after": after})
    assert response.status_code == 200
    page = response.context["page"]
    assert page.first and [c.pk for c in page] == _expected(SORTS[sort])


def _shown(response) -> list[int]:
    return [c.pk for c in response.context["page"]]


@pytest.mark.parametrize(
    "sort", ["", "name", "last_name", "-birth_date", "updated_at", "pk); --", "x" * 500, "Ä"]
)
def test_an_unknown_sort_gives_the_default_order(two_teams, as_persona, sort: str) -> None:
    response = as_persona("counsellor").get(reverse("client_list"), {"sort": sort})
    assert response.status_code == 200
    assert response.context["sort"] == DEFAULT_SORT
    assert _shown(response) == _expected(SORTS[DEFAULT_SORT])
    assert 'aria-sort="descending"' in response.content.decode()


def test_the_next_page_link_and_the_headers_keep_the_sort(two_teams, as_persona) -> None:
    team = Client.objects.first().team
    for i in range(20):
        client_create(team=team, data=ClientData(first_name=f"Q{i}", last_name="K"))
    http = as_persona("counsellor")
    first = http.get(reverse("client_list"), {"sort": "-file_number", "language": ""})
    html = first.content.decode()
    page = first.context["page"]
    assert page.next_cursor.startswith("-file_number.")
    assert f"after={page.next_cursor}&amp;sort=-file_number" in html
    # The header of the sorted column says so and turns the order round; the others do not.
    assert '<th scope="col" aria-sort="descending"><a href="/clients/?sort=file_number"' in html
    assert html.count("aria-sort=") == 1
    assert 'href="/clients/?sort=-created"' in html and 'href="/clients/"' in html
    second = http.get(reverse("client_list"), {"sort": "-file_number", "after": page.next_cursor})
    both = _shown(first) + _shown(second)
    every = list(
        Client.objects.visible_to(two_teams).order_by("-file_number").values_list("pk", flat=True)
    )
    assert both == every


def test_htmx_search_keeps_the_sort_and_the_address_follows(two_teams, as_persona) -> None:
    http = as_persona("counsellor")
    url = reverse("client_list") + "?sort=birth_year"
    response = http.post(url, {"q": "samira"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert b"<html" not in response.content and b"client-list-next" not in response.content
    assert _shown(response) == _expected(SORTS["birth_year"])
    pushed = response["HX-Push-Url"]
    assert pushed.startswith("/clients/?search=") and pushed.endswith("&sort=birth_year")
    # Reloading the pushed address gives the same list.
    assert _shown(http.get(pushed)) == _shown(response)
    # Without HTMX the search redirects to the list, sort kept.
    redirect = http.post(url, {"q": "samira"})
    assert redirect.status_code == 302 and redirect["Location"].endswith("&sort=birth_year")


def test_a_sort_chosen_by_htmx_answers_with_the_whole_list(two_teams, as_persona) -> None:
    http = as_persona("counsellor")
    response = http.get(
        reverse("client_list"),
        {"sort": "created"},
        headers={"HX-Request": "true", "HX-Target": "client-list"},
    )
    html = response.content.decode()
    assert response.status_code == 200 and 'id="client-list"' in html
    # The address bar gets the list's own address, not the form's empty fields.
    assert response["HX-Push-Url"] == reverse("client_list") + "?sort=created"
    assert _shown(response) == _expected(SORTS["created"])
    # Export links and the form to save the filter carry the sort.
    assert reverse("client_export", kwargs={"fmt": "csv"}) + "?sort=created" in html
    assert 'name="sort" value="created"' in html
    assert '<option value="created" selected>' in html


def test_the_export_follows_the_sort(two_teams, as_persona) -> None:
    http = as_persona("counsellor")
    http.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    listed = http.get(reverse("client_list"), {"sort": "-birth_year"}).content.decode()
    export_url = reverse("client_export", kwargs={"fmt": "csv"})
    assert f"{export_url}?sort=-birth_year" in listed
    response = http.get(export_url, {"sort": "-birth_year"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    numbers = dict(Client.objects.values_list("pk", "file_number"))
    assert [r[0] for r in rows[1:]] == [numbers[pk] for pk in _expected(SORTS["-birth_year"])]
    # An unknown sort exports in the default order.
    response = http.get(export_url, {"sort": "name"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert [r[0] for r in rows[1:]] == [numbers[pk] for pk in _expected(SORTS[DEFAULT_SORT])]


def test_a_saved_filter_keeps_the_sort(two_teams, as_persona) -> None:
    http = as_persona("counsellor")
    http.post(
        reverse("client_filter_save"), {"name": "Alter", "language": "ar", "sort": "birth_year"}
    )
    http.post(reverse("client_filter_save"), {"name": "Falsch", "language": "ar", "sort": "x"})
    http.post(reverse("client_filter_save"), {"name": "Nur sortiert", "sort": "-file_number"})
    saved = dict(SavedFilter.objects.values_list("name", "query"))
    assert saved == {
        "Alter": "language=ar&sort=birth_year",
        "Falsch": "language=ar",
        "Nur sortiert": "sort=-file_number",
    }
    listed = http.get(reverse("client_list")).content.decode()
    assert 'href="/clients/?language=ar&amp;sort=birth_year"' in listed
