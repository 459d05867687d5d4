"""Pure rules of the volunteer programme (DOMAIN §D10): training, documents, rhythm.

No models in the signatures: selectors feed plain values in, tests use tables.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

# --- training ------------------------------------------------------------------------------
TRAINING_HOURS = Decimal(40)


@dataclass(frozen=True)
class ModuleProgress:
    code: str
    required: Decimal
    attended: Decimal

    @property
    def credited(self) -> Decimal:
        """Hours that count: more hours in one module do not make up for another."""
        return min(self.attended, self.required)

    @property
    def complete(self) -> bool:
        return self.attended >= self.required


@dataclass(frozen=True)
class TrainingProgress:
    modules: tuple[ModuleProgress, ...]

    @property
    def required(self) -> Decimal:
        return sum((m.required for m in self.modules), Decimal(0))

    @property
    def credited(self) -> Decimal:
        return sum((m.credited for m in self.modules), Decimal(0))

    @property
    def complete(self) -> bool:
        return bool(self.modules) and all(m.complete for m in self.modules)

    @property
    def percent(self) -> int:
        return int(self.credited * 100 / self.required) if self.required else 0


def training_progress(
    required: Mapping[str, Decimal], attended: Iterable[tuple[str, Decimal]]
) -> TrainingProgress:
    """Progress from the curriculum (module code → hours) and attended (module, hours) pairs."""
    done: dict[str, Decimal] = defaultdict(Decimal)
    for code, hours in attended:
        done[code] += hours
    return TrainingProgress(
        tuple(
            ModuleProgress(code, hours, done.get(code, Decimal(0)))
            for code, hours in required.items()
        )
    )


# --- documents a provider requires -----------------------------------------------------------
EXPIRY_WARNING_DAYS = 60


@dataclass(frozen=True)
class DocumentState:
    kind: str
    valid_until: date | None
    # "missing", "expired", "expiring", "valid"
    state: str

    @property
    def needs_attention(self) -> bool:
        return self.state != "valid"


def document_state(
    kind: str, valid_until: date | None, *, present: bool, today: date
) -> DocumentState:
    if not present:
        return DocumentState(kind, None, "missing")
    if valid_until is None:
        return DocumentState(kind, None, "valid")
    if valid_until < today:
        return DocumentState(kind, valid_until, "expired")
    if valid_until <= today + timedelta(days=EXPIRY_WARNING_DAYS):
        return DocumentState(kind, valid_until, "expiring")
    return DocumentState(kind, valid_until, "valid")


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months; the 31st becomes the month's last day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=candidate)
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - every month has a 28th


# --- meeting rhythm ------------------------------------------------------------------------
SILENT_AFTER_DAYS = 21


def days_without_meeting(last_meeting: date | None, started_on: date | None, today: date) -> int:
    """Days since the last meeting (or since the start when nobody has met yet)."""
    since = last_meeting or started_on or today
    return max(0, (today - since).days)


def is_silent(last_meeting: date | None, started_on: date | None, today: date) -> bool:
    """An active partnership with no meeting for three weeks needs the coordinator's call."""
    return days_without_meeting(last_meeting, started_on, today) >= SILENT_AFTER_DAYS


# --- group exchange evenings (every six to eight weeks) ---------------------------------------
EVENING_EARLIEST = timedelta(weeks=6)
EVENING_LATEST = timedelta(weeks=8)


@dataclass(frozen=True)
class EveningSuggestion:
    earliest: date
    latest: date
    suggested: date
    overdue: bool


def suggest_next_evening(last: date | None, today: date) -> EveningSuggestion | None:
    """The window for the next evening, six to eight weeks after ``last``.

    The suggestion is seven weeks after the last one (same weekday), or today's date plus a
    week when the window has already passed. ``None`` when no evening has taken place yet.
    """
    if last is None:
        return None
    earliest, latest = last + EVENING_EARLIEST, last + EVENING_LATEST
    suggested = last + timedelta(weeks=7)
    overdue = today > latest
    if suggested < today:
        suggested = today + timedelta(weeks=1)
    return EveningSuggestion(earliest, latest, suggested, overdue)


def youth_age(birth_year: int | None, today: date) -> int | None:
    return None if birth_year is None else today.year - birth_year


# Young people as the youth migration service counts them (seed 004: 12 to 27 years).
YOUTH_MAX_AGE = 27


def is_young(birth_year: int | None, today: date) -> bool:
    age = youth_age(birth_year, today)
    return age is not None and age <= YOUTH_MAX_AGE
