"""Pure rules: training progress, documents, meeting rhythm, group evenings, figures (tables)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from lotse.volunteers.figures import Span, active_during, per_month, retention
from lotse.volunteers.rules import (
    add_months,
    days_without_meeting,
    document_state,
    is_silent,
    is_young,
    suggest_next_evening,
    training_progress,
)

CURRICULUM = {"a": Decimal(10), "b": Decimal(8), "c": Decimal(8), "d": Decimal(8), "e": Decimal(6)}


def test_training_is_complete_only_when_every_module_is() -> None:
    everything = [(code, hours) for code, hours in CURRICULUM.items()]
    progress = training_progress(CURRICULUM, everything)
    assert progress.complete and progress.credited == 40 and progress.percent == 100


def test_extra_hours_in_one_module_do_not_make_up_for_another() -> None:
    progress = training_progress(CURRICULUM, [("a", Decimal(30)), ("b", Decimal(8))])
    assert not progress.complete
    assert progress.credited == 18
    assert [m.complete for m in progress.modules] == [True, True, False, False, False]


def test_a_module_can_be_split_over_sessions() -> None:
    progress = training_progress({"a": Decimal(10)}, [("a", Decimal("4.5")), ("a", Decimal("5.5"))])
    assert progress.complete


def test_nothing_attended_is_zero_and_an_empty_curriculum_is_never_complete() -> None:
    assert training_progress(CURRICULUM, []).percent == 0
    assert not training_progress({}, []).complete


TODAY = date(2026, 11, 25)


@pytest.mark.parametrize(
    ("present", "valid_until", "state"),
    [
        (False, None, "missing"),
        (True, None, "valid"),
        (True, date(2026, 11, 24), "expired"),
        (True, date(2026, 11, 25), "expiring"),
        (True, date(2027, 1, 24), "expiring"),
        (True, date(2027, 1, 25), "valid"),
    ],
)
def test_document_states_warn_sixty_days_ahead(
    present: bool, valid_until: date | None, state: str
) -> None:
    result = document_state("conduct", valid_until, present=present, today=TODAY)
    assert result.state == state
    assert result.needs_attention == (state != "valid")


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2021, 3, 15), 60, date(2026, 3, 15)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2026, 11, 30), 2, date(2027, 1, 30)),
    ],
)
def test_add_months(day: date, months: int, expected: date) -> None:
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    ("last", "started", "days", "silent"),
    [
        (date(2026, 11, 5), date(2026, 9, 1), 20, False),
        (date(2026, 11, 4), date(2026, 9, 1), 21, True),
        (None, date(2026, 11, 10), 15, False),
        (None, date(2026, 10, 1), 55, True),
        (None, None, 0, False),
    ],
)
def test_three_weeks_without_a_meeting_is_silent(
    last: date | None, started: date | None, days: int, silent: bool
) -> None:
    assert days_without_meeting(last, started, TODAY) == days
    assert is_silent(last, started, TODAY) is silent


def test_next_group_evening_is_six_to_eight_weeks_after_the_last() -> None:
    suggestion = suggest_next_evening(date(2026, 10, 21), TODAY)
    assert suggestion is not None
    assert (suggestion.earliest, suggestion.latest) == (date(2026, 12, 2), date(2026, 12, 16))
    assert suggestion.suggested == date(2026, 12, 9)  # seven weeks, same weekday
    assert not suggestion.overdue


def test_an_overdue_evening_is_suggested_a_week_from_today() -> None:
    suggestion = suggest_next_evening(date(2026, 9, 1), TODAY)
    assert suggestion is not None and suggestion.overdue
    assert suggestion.suggested == date(2026, 12, 2)
    assert suggest_next_evening(None, TODAY) is None


@pytest.mark.parametrize(("birth_year", "young"), [(1999, True), (1998, False), (None, False)])
def test_young_volunteers_are_up_to_27(birth_year: int | None, young: bool) -> None:
    assert is_young(birth_year, TODAY) is young


def test_retention_counts_who_was_on_board_at_the_start_and_still_is_at_the_end() -> None:
    start, end = date(2026, 1, 1), date(2026, 12, 31)
    spans = [
        Span(date(2025, 3, 1), None),  # stays
        Span(date(2025, 6, 1), date(2026, 5, 1)),  # leaves during the year
        Span(date(2025, 9, 1), date(2027, 1, 10)),  # leaves after the period
        Span(date(2026, 4, 1), None),  # joins during the year: not in the cohort
        Span(date(2024, 1, 1), date(2025, 12, 1)),  # gone before
    ]
    result = retention(spans, start, end)
    assert (result.cohort, result.retained, result.percent) == (3, 2, 67)
    assert active_during(spans, start, end) == 4
    assert retention([], start, end).rate is None


def test_meetings_per_month_include_empty_months_and_ignore_the_rest() -> None:
    days = [date(2026, 1, 5), date(2026, 1, 20), date(2026, 3, 3), date(2025, 12, 31)]
    assert per_month(days, date(2026, 1, 1), date(2026, 3, 31)) == [
        (date(2026, 1, 1), 2),
        (date(2026, 2, 1), 0),
        (date(2026, 3, 1), 1),
    ]
