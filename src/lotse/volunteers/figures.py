"""Figures for the statistics (DOMAIN §D10, §D12) as pure functions over plain values.

``selectors.volunteer_figures`` reads the rows and hands them to these functions.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class Span:
    """From when to when something lasted; ``end`` None means it still does."""

    start: date
    end: date | None

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or self.end > day)

    def overlaps(self, start: date, end: date) -> bool:
        return self.start <= end and (self.end is None or self.end >= start)


@dataclass(frozen=True)
class Retention:
    cohort: int
    retained: int

    @property
    def rate(self) -> float | None:
        return self.retained / self.cohort if self.cohort else None

    @property
    def percent(self) -> int | None:
        return None if self.rate is None else round(self.rate * 100)


def retention(spans: Iterable[Span], start: date, end: date) -> Retention:
    """Of the volunteers on board at ``start``, how many were still on board at ``end``."""
    cohort = [s for s in spans if s.covers(start)]
    return Retention(len(cohort), sum(1 for s in cohort if s.covers(end)))


def active_during(spans: Iterable[Span], start: date, end: date) -> int:
    return sum(1 for s in spans if s.overlaps(start, end))


def month_starts(start: date, end: date) -> list[date]:
    months, current = [], start.replace(day=1)
    while current <= end:
        months.append(current)
        current = current.replace(
            year=current.year + current.month // 12, month=current.month % 12 + 1
        )
    return months


def per_month(days: Iterable[date], start: date, end: date) -> list[tuple[date, int]]:
    """How many of ``days`` fall into each month of the period, months without any included."""
    counts = Counter(d.replace(day=1) for d in days if start <= d <= end)
    return [(month, counts.get(month, 0)) for month in month_starts(start, end)]


@dataclass(frozen=True)
class VolunteerFigures:
    start: date
    end: date
    volunteers_active: int
    young_volunteers_active: int
    partnerships_active: int
    partnerships_started: int
    partnerships_ended: int
    meetings: int
    meetings_per_month: list[tuple[date, int]]
    meeting_hours: Decimal
    training_hours: Decimal
    trainings_completed: int
    retention: Retention
    evenings: int
