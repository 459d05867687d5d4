"""iCalendar export (RFC 5545): our own output parsed line by line (issue #9 §4)."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from lotse.appointments.ics import CalendarEvent, calendar, escape_text, fold, utc_stamp

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 25, 14, 3, 7, tzinfo=UTC)


def event(**changes) -> CalendarEvent:
    values = {
        "uid": "appointment-7@lotse",
        "starts_at": datetime(2026, 12, 1, 9, 0, tzinfo=BERLIN),
        "ends_at": datetime(2026, 12, 1, 9, 45, tzinfo=BERLIN),
        "summary": "Beratungstermin MBE-2026-00012",
        "location": "Migrationsberatung Musterstadt, Beispielstraße 12, 12345 Musterstadt",
        "description": "Lotse: https://lotse.example.org/appointments/7/",
    }
    values.update(changes)
    return CalendarEvent(**values)


def unfold(text: str) -> list[str]:
    """RFC 5545 §3.1: a CRLF followed by one space or tab continues the line."""
    assert text.endswith("\r\n")
    physical = text[:-2].split("\r\n")
    logical: list[str] = []
    for line in physical:
        if line.startswith((" ", "\t")):
            logical[-1] += line[1:]
        else:
            logical.append(line)
    return logical


def parse(text: str) -> list[dict[str, str]]:
    """The events of a calendar as {name: value} (only what our writer produces)."""
    lines = unfold(text)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    events, current, depth = [], None, 0
    for line in lines:
        name, _, value = line.partition(":")
        assert name and _ == ":", line
        if line == "BEGIN:VEVENT":
            current, depth = {}, depth + 1
        elif line == "END:VEVENT":
            events.append(current)
            current, depth = None, depth - 1
        elif current is not None:
            current[name] = value
    assert depth == 0
    return events


def test_calendar_structure_line_endings_and_required_properties() -> None:
    text = calendar([event(), event(uid="appointment-8@lotse")], now=NOW, name="Lotse-Termine")
    raw = text.encode("utf-8")
    assert b"\n" not in raw.replace(b"\r\n", b"")  # only CRLF, no bare LF
    assert b"\r" not in raw.replace(b"\r\n", b"")
    lines = unfold(text)
    assert lines[:5] == [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Lotse//Lotse Termine//DE",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ]
    events = parse(text)
    assert [e["UID"] for e in events] == ["appointment-7@lotse", "appointment-8@lotse"]
    first = events[0]
    assert first["DTSTAMP"] == "20261125T140307Z"
    assert first["DTSTART"] == "20261201T080000Z"  # 09:00 in Berlin (CET) is 08:00 UTC
    assert first["DTEND"] == "20261201T084500Z"
    assert first["STATUS"] == "CONFIRMED"
    assert first["SUMMARY"] == "Beratungstermin MBE-2026-00012"


def test_every_physical_line_is_at_most_75_octets() -> None:
    long = "Straße " * 40 + "ü" * 50  # multibyte characters around the fold
    text = calendar([event(location=long, description="ع" * 100)], now=NOW)
    for line in text.split("\r\n"):
        assert len(line.encode("utf-8")) <= 75, line
    event_props = parse(text)[0]
    assert event_props["LOCATION"] == long.replace(",", "\\,")  # unfolded losslessly
    assert event_props["DESCRIPTION"] == "ع" * 100


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("a,b;c\\d", "a\\,b\\;c\\\\d"),
        ("two\nlines", "two\\nlines"),
        ("windows\r\nbreak", "windows\\nbreak"),
        ("plain", "plain"),
    ],
)
def test_text_values_are_escaped(raw: str, escaped: str) -> None:
    assert escape_text(raw) == escaped
    assert f"SUMMARY:{escaped}" in unfold(calendar([event(summary=raw)], now=NOW))


def test_fold_never_splits_a_character() -> None:
    line = "DESCRIPTION:" + "€" * 60
    folded = fold(line)
    pieces = folded.split("\r\n")
    assert all(len(p.encode("utf-8")) <= 75 for p in pieces)
    assert "".join(p[1:] if i else p for i, p in enumerate(pieces)) == line


def test_cancelled_events_and_bad_times() -> None:
    assert parse(calendar([event(status="CANCELLED")], now=NOW))[0]["STATUS"] == "CANCELLED"
    with pytest.raises(ValueError):
        event(starts_at=datetime(2026, 12, 1, 9, 0))  # naive
    with pytest.raises(ValueError):
        event(ends_at=datetime(2026, 12, 1, 8, 0, tzinfo=BERLIN))
    with pytest.raises(ValueError):
        utc_stamp(datetime(2026, 1, 1))
