"""Bookable appointment slots: weekly office hours minus what is already booked (pure).

Every office-hours period is cut into slots of ``minutes`` from its start; a slot must end
within the period. A slot is left out when it overlaps a booked interval (touching is fine:
09:45–10:30 does not clash with 09:00–09:45) or starts before ``not_before`` (now). Times are
wall-clock times in ``tz`` (Europe/Berlin), so a slot stays at 09:00 across a DST change.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

__all__ = ["WeeklyPeriod", "bookable_slots", "overlaps"]


@dataclass(frozen=True, slots=True)
class WeeklyPeriod:
    weekday: int  # Monday = 0, as date.weekday()
    start: time
    end: time

    def __post_init__(self) -> None:
        if not 0 <= self.weekday <= 6:
            raise ValueError("weekday must be 0 (Monday) to 6 (Sunday).")
        if self.start >= self.end:
            raise ValueError("An office-hours period must start before it ends.")


def overlaps(start: datetime, end: datetime, other_start: datetime, other_end: datetime) -> bool:
    return start < other_end and other_start < end


def bookable_slots(
    *,
    periods: Iterable[WeeklyPeriod],
    booked: Iterable[tuple[datetime, datetime]],
    first_day: date,
    days: int,
    minutes: int,
    tz: tzinfo,
    not_before: datetime | None = None,
) -> list[datetime]:
    """Start times (aware, in ``tz``) of the free slots on ``days`` days from ``first_day``."""
    if minutes <= 0:
        raise ValueError("A slot needs a positive length.")
    if days < 0:
        raise ValueError("days cannot be negative.")
    length = timedelta(minutes=minutes)
    by_weekday: dict[int, list[WeeklyPeriod]] = {}
    for period in periods:
        by_weekday.setdefault(period.weekday, []).append(period)
    taken = sorted(booked)
    found: set[datetime] = set()
    for offset in range(days):
        day = first_day + timedelta(days=offset)
        for period in by_weekday.get(day.weekday(), []):
            start = datetime.combine(day, period.start, tzinfo=tz)
            end = datetime.combine(day, period.end, tzinfo=tz)
            slot = start
            while slot + length <= end:
                slot_end = slot + length
                free = not any(overlaps(slot, slot_end, b_start, b_end) for b_start, b_end in taken)
                if free and (not_before is None or slot >= not_before):
                    found.add(slot)
                slot = slot_end
    return sorted(found)
