"""lotse.common.query: numbers, dates, weeks and return addresses from the query string."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import RequestFactory
from django.urls import reverse

from lotse.common.query import (
    MAX_ID,
    parse_date,
    parse_int,
    parse_week,
    query_choice,
    query_date,
    query_id,
    query_int,
    query_page,
    query_week,
    safe_next,
)

rf = RequestFactory()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12", 12),
        (" 7 ", 7),
        ("¹²", None),  # isdigit() is True, int() raises
        ("١٢", None),  # int() gives 12: not an id anyone typed
        ("１２", None),  # fullwidth
        ("0", None),
        ("-3", None),
        ("", None),
        (None, None),
        ("1e3", None),
        ("12abc", None),
        (str(MAX_ID), MAX_ID),
        (str(MAX_ID + 1), None),  # SQLite: OverflowError
        ("9" * 5000, None),
    ],
)
def test_parse_int_takes_ascii_digits_within_range_only(text, expected) -> None:
    assert parse_int(text) == expected


def test_parse_int_range_is_inclusive() -> None:
    assert parse_int("0", minimum=0) == 0
    assert parse_int("-2", minimum=-5) == -2
    assert parse_int("101", maximum=100) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-03-04", date(2026, 3, 4)),
        ("2026-02-30", None),
        ("9999-12-31", None),  # beyond 2200: a week after it overflows
        ("0001-01-01", None),
        ("٢٠٢٦-٠٣-٠٤", None),
        ("20260304", None),  # fromisoformat would take it; the links never write it
        ("04.03.2026", None),
        ("", None),
    ],
)
def test_parse_date(text, expected) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-03-05", date(2026, 3, 2)),  # a Thursday: its Monday
        ("2026-W10", date(2026, 3, 2)),
        ("2026-W54", None),
        ("9999-12-31", None),
        ("2200-12-31", date(2200, 12, 29)),  # the last week taken
        ("x", None),
    ],
)
def test_parse_week_gives_the_monday(text, expected) -> None:
    assert parse_week(text) == expected


def test_query_helpers_fall_back_to_their_default() -> None:
    request = rf.get("/", {"per_page": "¹⁰⁰", "contact": "²", "page": "0", "week": "9999-12-31"})
    assert query_choice(request, "per_page", (25, 50, 100)) == 25
    assert query_id(request, "contact") is None
    assert query_page(request) is None
    assert query_int(request, "missing", default=4) == 4
    assert query_date(request, "week") is None
    assert query_week(request, "week", default=date(2026, 3, 5)) == date(2026, 3, 2)


def test_query_helpers_take_good_values() -> None:
    request = rf.get("/", {"per_page": "50", "contact": "17", "page": "3", "on": "2026-01-02"})
    assert query_choice(request, "per_page", (25, 50, 100)) == 50
    assert query_choice(request, "per_page", (25, 100)) == 25  # in range but not offered
    assert query_id(request, "contact") == 17
    assert query_page(request) == 3
    assert query_date(request, "on") == date(2026, 1, 2)


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/path",
        "/\\evil.example",
        "\\\\evil.example",
        "javascript:alert(1)",
        "http://testserver.evil.example/",
        "https:///evil.example",
    ],
)
def test_safe_next_refuses_other_sites(target) -> None:
    assert safe_next(rf.post("/", {"next": target}), "/fallback/") == "/fallback/"
    assert safe_next(rf.get("/", {"next": target}), "/fallback/") == "/fallback/"


def test_safe_next_follows_paths_of_this_site() -> None:
    assert safe_next(rf.post("/", {"next": "/clients/1/"}), "/x/") == "/clients/1/"
    assert safe_next(rf.get("/", {"next": "/a/?b=1"}), "/x/") == "/a/?b=1"
    assert safe_next(rf.get("/"), "/x/") == "/x/"


def test_safe_next_resolves_a_url_name_as_fallback(db) -> None:
    assert safe_next(rf.get("/", {"next": "//evil.example"}), "dashboard") == reverse("dashboard")
