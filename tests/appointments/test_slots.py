"""Bookable slots: weekly office hours minus booked appointments (pure, issue #9 §4)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from lotse.appointments.slots import WeeklyPeriod, bookable_slots

BERLIN = ZoneInfo("Europe/Berlin")
MON_FRI = [WeeklyPeriod(day, time(9, 0), time(15, 0)) for day in range(5)]
MONDAY = date(2026, 11, 23)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=BERLIN)


def slots(**kwargs) -> list[datetime]:
    options = {
        "periods": MON_FRI,
        "booked": [],
        "first_day": MONDAY,
        "days": 1,
        "minutes": 45,
        "tz": BERLIN,
    }
    options.update(kwargs)
    return bookable_slots(**options)


def test_a_day_of_office_hours_in_45_minute_slots() -> None:
    found = slots()
    # 09:00 … 14:15 (the last one ends at 15:00): 8 slots
    assert [f"{s:%H:%M}" for s in found] == [
        "09:00", "09:45", "10:30", "11:15", "12:00", "12:45", "13:30", "14:15"
    ]  # fmt: skip
    assert all(s.tzinfo is BERLIN for s in found)


def test_booked_appointments_are_left_out_and_touching_is_fine() -> None:
    booked = [(at(MONDAY, 9, 45), at(MONDAY, 10, 30)), (at(MONDAY, 12, 15), at(MONDAY, 12, 30))]
    found = [f"{s:%H:%M}" for s in slots(booked=booked)]
    assert "09:45" not in found and "12:00" not in found and "12:45" in found
    assert "09:00" in found and "10:30" in found  # end meets start: no clash


def test_a_booking_from_another_time_zone_still_blocks() -> None:
    utc = ZoneInfo("UTC")
    booked = [(datetime(2026, 11, 23, 8, 0, tzinfo=utc), datetime(2026, 11, 23, 8, 45, tzinfo=utc))]
    assert "09:00" not in [f"{s:%H:%M}" for s in slots(booked=booked)]  # 08:00 UTC = 09:00 CET


def test_weekend_and_days_without_hours_have_no_slots() -> None:
    saturday = MONDAY + timedelta(days=5)
    assert slots(first_day=saturday, days=2) == []
    assert len(slots(days=7)) == 5 * 8


def test_nothing_before_now() -> None:
    now = at(MONDAY, 11, 0)
    assert next(f"{s:%H:%M}" for s in slots(not_before=now)) == "11:15"


def test_two_periods_a_day_and_dst_keeps_wall_clock() -> None:
    periods = [WeeklyPeriod(0, time(9, 0), time(10, 30)), WeeklyPeriod(0, time(14, 0), time(15, 0))]
    after_dst = date(2026, 3, 30)  # Monday after the switch to summer time
    found = slots(periods=periods, first_day=after_dst, minutes=30)
    assert [f"{s:%H:%M}" for s in found] == ["09:00", "09:30", "10:00", "14:00", "14:30"]
    assert found[0].utcoffset() == timedelta(hours=2)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"minutes": 0}, "positive"), ({"days": -1}, "negative")],
)
def test_bad_arguments(kwargs, message) -> None:
    with pytest.raises(ValueError, match=message):
        slots(**kwargs)


def test_a_period_must_start_before_it_ends() -> None:
    with pytest.raises(ValueError):
        WeeklyPeriod(0, time(15, 0), time(9, 0))
    with pytest.raises(ValueError):
        WeeklyPeriod(7, time(9, 0), time(10, 0))
