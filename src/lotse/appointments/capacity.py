"""Capacity, the waiting list and the counsellor who speaks the client's language (§D2, §D13).

Pure functions, no database: the selectors in ``selectors.py`` collect the numbers.

Capacity of a team (one service at one centre)
    ``posts`` is the sum of the counsellors' shares of a full-time post (``User.fte``; someone
    counselling in several teams is split evenly between them). ``capacity`` is
    ``floor(posts × cases_per_post)``, the clients a year the team can counsel (norm: 150 per
    full post, setting ``LOTSE_CASES_PER_POST``). ``load`` is the number of clients with a first
    contact or a counselling contact in the last 12 months. The team is *at capacity* when the
    load reaches the capacity.

Waiting list (§D2)
    Counselling happens only within free capacity. A new eligible client gets a place only if a
    free place is left after everyone already waiting (``has_free_place``); otherwise they go on
    the waiting list. The list is ordered by priority first (obliged to attend an integration
    course, ``Intake.priority``), then by the longest wait, then by the time of recording.

Language (``suggest_counsellor``)
    The client's languages in order of preference (native language first, then the document
    language, then the other languages by level; ``client_languages``) are matched against the
    counsellors' languages. For the first language that some counsellor speaks, the one with
    the lowest load per post share is suggested (then by name). No common language → None:
    the counselling needs an interpreter.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_FLOOR, Decimal
from typing import Protocol, TypeVar

__all__ = [
    "CounsellorProfile",
    "Suggestion",
    "TeamCapacity",
    "client_languages",
    "has_free_place",
    "normalise_language",
    "suggest_counsellor",
    "team_capacity",
    "waiting_order",
]

# Languages close enough that a counsellor of one can counsel in the other.
LANGUAGE_ALIASES = {"prs": "fa", "pes": "fa", "arb": "ar"}
# Order of ClientLanguage levels, best first ("none" is not a language the person speaks).
LEVEL_ORDER = ("native", "C", "B", "A")


@dataclass(frozen=True, slots=True)
class TeamCapacity:
    posts: Decimal
    cases_per_post: int
    capacity: int
    load: int

    @property
    def free(self) -> int:
        return max(self.capacity - self.load, 0)

    @property
    def at_capacity(self) -> bool:
        return self.load >= self.capacity

    @property
    def utilisation(self) -> int | None:
        """Load as a percentage of the capacity (None without any post)."""
        if self.capacity == 0:
            return None
        return round(self.load * 100 / self.capacity)


def team_capacity(
    *, fte_shares: Iterable[Decimal], active_clients: int, cases_per_post: int = 150
) -> TeamCapacity:
    """Capacity and load of a team from its counsellors' post shares and its active clients."""
    if cases_per_post <= 0:
        raise ValueError("cases_per_post must be positive.")
    if active_clients < 0:
        raise ValueError("active_clients cannot be negative.")
    posts = Decimal(0)
    for share in fte_shares:
        share = Decimal(share)
        if not Decimal(0) <= share <= Decimal(1):
            raise ValueError(f"A post share must be between 0 and 1, not {share}.")
        posts += share
    capacity = int((posts * cases_per_post).to_integral_value(rounding=ROUND_FLOOR))
    return TeamCapacity(
        posts=posts, cases_per_post=cases_per_post, capacity=capacity, load=active_clients
    )


def has_free_place(capacity: TeamCapacity, *, waiting: int) -> bool:
    """Whether a new eligible client can be counselled now, ahead of no one already waiting."""
    return capacity.free > max(waiting, 0)


class _Waiting(Protocol):
    @property
    def priority(self) -> bool: ...
    @property
    def date(self) -> date: ...


W = TypeVar("W", bound=_Waiting)


def waiting_order(entries: Iterable[W]) -> list[W]:
    """§D2: priority first, then the longest wait (earliest date), then the earliest record."""

    def key(entry: W) -> tuple[bool, date, datetime]:
        created = getattr(entry, "created_at", None) or datetime.min
        return (not entry.priority, entry.date, created.replace(tzinfo=None))

    return sorted(entries, key=key)


def normalise_language(code: str) -> str:
    """'AR-sy' → 'ar'; Dari → Persian (see LANGUAGE_ALIASES)."""
    base = code.strip().lower().replace("_", "-").split("-")[0]
    return LANGUAGE_ALIASES.get(base, base)


def client_languages(levels: Iterable[tuple[str, str]], document_language: str = "") -> list[str]:
    """The client's languages, most preferred first, without duplicates.

    ``levels`` are (language code, level) pairs as in ``ClientLanguage``; languages the person
    does not speak (level "none") are left out. The document language follows the native ones.
    """
    rank = {level: index for index, level in enumerate(LEVEL_ORDER)}
    spoken = sorted(
        ((normalise_language(code), level) for code, level in levels if level in rank),
        key=lambda pair: rank[pair[1]],
    )
    ordered = [code for code, level in spoken if level == "native"]
    if document_language:
        ordered.append(normalise_language(document_language))
    ordered += [code for code, level in spoken if level != "native"]
    result: list[str] = []
    for code in ordered:
        if code and code not in result:
            result.append(code)
    return result


@dataclass(frozen=True, slots=True)
class CounsellorProfile:
    id: int
    name: str
    languages: tuple[str, ...]
    fte: Decimal = Decimal(1)
    load: int = 0

    def speaks(self, language: str) -> bool:
        return normalise_language(language) in {normalise_language(c) for c in self.languages}

    @property
    def load_per_post(self) -> Decimal:
        if self.fte <= 0:
            return Decimal("Infinity")
        return Decimal(self.load) / self.fte


@dataclass(frozen=True, slots=True)
class Suggestion:
    counsellor: CounsellorProfile
    language: str


def suggest_counsellor(
    preferred: Sequence[str], counsellors: Sequence[CounsellorProfile]
) -> Suggestion | None:
    """The counsellor for the client's most preferred language that someone speaks."""
    available = [c for c in counsellors if c.fte > 0]
    for language in preferred:
        speakers = [c for c in available if c.speaks(language)]
        if speakers:
            best = min(speakers, key=lambda c: (c.load_per_post, c.name, c.id))
            return Suggestion(counsellor=best, language=normalise_language(language))
    return None
