"""Capacity, waiting-list order and language matching (pure functions, issue #9 §3)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

import pytest

from lotse.appointments.capacity import (
    CounsellorProfile,
    client_languages,
    has_free_place,
    normalise_language,
    suggest_counsellor,
    team_capacity,
    waiting_order,
)

D = Decimal


@pytest.mark.parametrize(
    ("shares", "active", "norm", "capacity", "free", "at_capacity", "utilisation"),
    [
        # the seed centre: 1.0 + 0.5 posts → 225 clients a year
        ([D("1.00"), D("0.50")], 100, 150, 225, 125, False, 44),
        ([D("1.00"), D("0.50")], 225, 150, 225, 0, True, 100),
        ([D("1.00"), D("0.50")], 240, 150, 225, 0, True, 107),
        ([D("0.75")], 0, 150, 112, 112, False, 0),  # 112.5 rounds down
        ([D("0.50")], 10, 100, 50, 40, False, 20),  # the norm is configurable
        ([], 0, 150, 0, 0, True, None),  # no post: nobody can be counselled
        ([D("0")], 3, 150, 0, 0, True, None),
    ],
)
def test_team_capacity(shares, active, norm, capacity, free, at_capacity, utilisation) -> None:
    result = team_capacity(fte_shares=shares, active_clients=active, cases_per_post=norm)
    assert result.posts == sum(shares, D(0))
    assert (result.capacity, result.free, result.at_capacity) == (capacity, free, at_capacity)
    assert result.utilisation == utilisation


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"fte_shares": [D("1.5")], "active_clients": 0}, "between 0 and 1"),
        ({"fte_shares": [D("-0.1")], "active_clients": 0}, "between 0 and 1"),
        ({"fte_shares": [D("1")], "active_clients": -1}, "negative"),
        ({"fte_shares": [D("1")], "active_clients": 0, "cases_per_post": 0}, "positive"),
    ],
)
def test_team_capacity_refuses_impossible_input(kwargs, message) -> None:
    with pytest.raises(ValueError, match=message):
        team_capacity(**kwargs)


@pytest.mark.parametrize(
    ("active", "waiting", "free_place"),
    [(100, 0, True), (224, 0, True), (224, 1, False), (225, 0, False), (200, 24, True)],
)
def test_a_new_client_gets_a_place_only_behind_those_waiting(active, waiting, free_place) -> None:
    capacity = team_capacity(fte_shares=[D("1"), D("0.5")], active_clients=active)
    assert has_free_place(capacity, waiting=waiting) is free_place


@dataclass
class Entry:
    name: str
    priority: bool
    date: date
    created_at: datetime | None = None


def test_waiting_list_priority_first_then_longest_wait_then_recording_time() -> None:
    entries = [
        Entry("late, no priority", False, date(2026, 3, 1)),
        Entry("early, no priority", False, date(2026, 1, 10)),
        Entry("late, priority", True, date(2026, 3, 5)),
        Entry("early, priority, second", True, date(2026, 2, 1), datetime(2026, 2, 1, 11, 0)),
        Entry("early, priority, first", True, date(2026, 2, 1), datetime(2026, 2, 1, 9, 0)),
    ]
    assert [e.name for e in waiting_order(entries)] == [
        "early, priority, first",
        "early, priority, second",
        "late, priority",
        "early, no priority",
        "late, no priority",
    ]


@pytest.mark.parametrize(
    ("code", "normal"),
    [("ar", "ar"), ("AR-sy", "ar"), ("fa_IR", "fa"), ("prs", "fa"), (" de ", "de")],
)
def test_normalise_language(code, normal) -> None:
    assert normalise_language(code) == normal


@pytest.mark.parametrize(
    ("levels", "document_language", "expected"),
    [
        ([("ar", "native"), ("de", "A")], "ar", ["ar", "de"]),
        ([("de", "B"), ("ku", "native"), ("ar", "C")], "ar", ["ku", "ar", "de"]),
        ([("uk", "native"), ("ru", "native"), ("de", "none")], "uk", ["uk", "ru"]),
        ([], "fa", ["fa"]),
        ([("prs", "native")], "fa", ["fa"]),  # Dari counts as Persian
        ([], "", []),
    ],
)
def test_client_languages_in_order_of_preference(levels, document_language, expected) -> None:
    assert client_languages(levels, document_language) == expected


BAB = CounsellorProfile(1, "Baboua", ("ar", "fr", "de"), D("1.00"), load=120)
LALE = CounsellorProfile(2, "Lale", ("tr", "en", "de"), D("0.50"), load=40)
NEW = CounsellorProfile(3, "Neu", ("ar", "de"), D("0.50"), load=30)
AWAY = CounsellorProfile(4, "Weg", ("fa",), D("0"), load=0)


@pytest.mark.parametrize(
    ("preferred", "counsellors", "who", "language"),
    [
        (["tr", "de"], [BAB, LALE], "Lale", "tr"),
        (["ar", "de"], [BAB, LALE], "Baboua", "ar"),
        # two speak Arabic: the lower load per post share wins (30/0.5=60 < 120/1.0)
        (["ar"], [BAB, LALE, NEW], "Neu", "ar"),
        (["ku", "fr"], [BAB, LALE], "Baboua", "fr"),  # the first language somebody speaks
        (["de"], [BAB, LALE], "Lale", "de"),  # 40/0.5=80 < 120
        (["fa"], [BAB, AWAY], None, None),  # a post share of 0 takes no clients
        (["ti"], [BAB, LALE], None, None),  # nobody: interpreter
        ([], [BAB], None, None),
    ],
)
def test_suggest_counsellor(preferred, counsellors, who, language) -> None:
    suggestion = suggest_counsellor(preferred, counsellors)
    if who is None:
        assert suggestion is None
    else:
        assert suggestion is not None
        assert (suggestion.counsellor.name, suggestion.language) == (who, language)
