"""iCalendar (RFC 5545) for the counsellor's calendar, written by hand (no extra dependency).

Lines end with CRLF (§3.1); lines longer than 75 octets are folded with CRLF and one space,
never inside a UTF-8 character; TEXT values escape backslash, semicolon, comma and line
breaks (§3.3.11). Times are written in UTC ("…Z"), which needs no VTIMEZONE. Events carry
only what the counsellor needs to find the appointment: no client name (a calendar may be
synchronised to places Lotse does not control), the file or request number instead.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

__all__ = ["CalendarEvent", "calendar", "escape_text", "fold", "utc_stamp"]

CRLF = "\r\n"
MAX_OCTETS = 75
PRODID = "-//Lotse//Lotse Termine//DE"


@dataclass(frozen=True, slots=True)
class CalendarEvent:
    uid: str
    starts_at: datetime
    ends_at: datetime
    summary: str
    location: str = ""
    description: str = ""
    status: str = "CONFIRMED"  # TENTATIVE, CONFIRMED, CANCELLED
    sequence: int = 0

    def __post_init__(self) -> None:
        for name in ("starts_at", "ends_at"):
            if getattr(self, name).tzinfo is None:
                raise ValueError(f"{name} must be timezone-aware.")
        if self.ends_at <= self.starts_at:
            raise ValueError("An event must end after it starts.")
        if self.status not in {"TENTATIVE", "CONFIRMED", "CANCELLED"}:
            raise ValueError(f"Unknown event status {self.status!r}.")


def escape_text(value: str) -> str:
    """A TEXT property value: \\ ; , escaped, every line break as \\n."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold a content line into pieces of at most 75 octets (continuations start with a space)."""
    pieces: list[str] = []
    current = ""
    size = 0
    limit = MAX_OCTETS
    for char in line:
        octets = len(char.encode("utf-8"))
        if size + octets > limit:
            pieces.append(current)
            current, size = "", 0
            limit = MAX_OCTETS - 1  # the leading space of a continuation line counts
        current += char
        size += octets
    pieces.append(current)
    return (CRLF + " ").join(pieces)


def utc_stamp(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("Times in a calendar must be timezone-aware.")
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _event_lines(event: CalendarEvent, stamp: str) -> list[str]:
    lines = [
        "BEGIN:VEVENT",
        f"UID:{escape_text(event.uid)}",
        f"DTSTAMP:{stamp}",
        f"DTSTART:{utc_stamp(event.starts_at)}",
        f"DTEND:{utc_stamp(event.ends_at)}",
        f"SEQUENCE:{event.sequence}",
        f"STATUS:{event.status}",
        f"SUMMARY:{escape_text(event.summary)}",
    ]
    if event.location:
        lines.append(f"LOCATION:{escape_text(event.location)}")
    if event.description:
        lines.append(f"DESCRIPTION:{escape_text(event.description)}")
    lines.append("END:VEVENT")
    return lines


def calendar(events: Iterable[CalendarEvent], *, now: datetime, name: str = "") -> str:
    """A complete VCALENDAR with the events, CRLF line endings, folded lines."""
    stamp = utc_stamp(now)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ]
    if name:
        lines.append(f"X-WR-CALNAME:{escape_text(name)}")
    for event in events:
        lines.extend(_event_lines(event, stamp))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines)
