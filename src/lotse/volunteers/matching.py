"""Explainable tandem matching (DOMAIN §D10) — pure, typed, no Django.

A volunteer and a partner are described by plain profiles. :func:`score` returns a score from
0 to 100 and one :class:`Component` per criterion with the points, the maximum and a reason
code with its details (``matching_text.explain`` turns it into a translated sentence).
:func:`rank` orders the candidates for one partner.

Criteria and weights:
- shared language (40): the best language both speak, at the lower of the two levels;
- reachable district (20): the partner's district is among those the volunteer can reach;
- overlapping availability (20): common weekly slots, three or more give full points;
- interests (10): common interests, two or more give full points;
- stated preferences (10): the gender each side asked for; an unmet wish is a conflict.

Ranking: conflicts last; when the partner asks for a bilingual contact person, volunteers who
are one and share a language other than German with the partner come first; then by score.
Every component is monotone: a better language, more common slots, more reachable districts or
more common interests never lower the score (tests/volunteers/test_matching_properties.py).
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import IntEnum
from types import MappingProxyType

GERMAN = "de"
MAX_SCORE = 100
WEIGHTS: Mapping[str, int] = MappingProxyType(
    {"language": 40, "district": 20, "availability": 20, "interests": 10, "preferences": 10}
)
SLOTS_FOR_FULL_POINTS = 3
INTERESTS_FOR_FULL_POINTS = 2


class Level(IntEnum):
    """How well someone speaks a language; the order is what matters."""

    NONE = 0
    BASIC = 1  # A1/A2
    GOOD = 2  # B1/B2
    FLUENT = 3  # C1/C2
    NATIVE = 4


# The codes of lotse.clients.models.LanguageLevel.
LEVEL_CODES: Mapping[str, Level] = MappingProxyType(
    {
        "none": Level.NONE,
        "A": Level.BASIC,
        "B": Level.GOOD,
        "C": Level.FLUENT,
        "native": Level.NATIVE,
    }
)


def level_from_code(code: str) -> Level:
    return LEVEL_CODES.get(code, Level.NONE)


@dataclass(frozen=True, slots=True)
class VolunteerProfile:
    id: int
    languages: Mapping[str, Level]
    districts: frozenset[str] = frozenset()
    slots: frozenset[str] = frozenset()
    interests: frozenset[str] = frozenset()
    gender: str = ""
    # The partner's gender the volunteer asked for; "" means no preference.
    partner_gender: str = ""
    bilingual_contact: bool = False
    free_places: int = 1


@dataclass(frozen=True, slots=True)
class TandemPartnerProfile:
    languages: Mapping[str, Level]
    district: str = ""
    slots: frozenset[str] = frozenset()
    interests: frozenset[str] = frozenset()
    gender: str = ""
    # The volunteer's gender the partner asked for; "" means no preference.
    volunteer_gender: str = ""
    wants_bilingual_contact: bool = False


@dataclass(frozen=True, slots=True)
class Component:
    key: str
    points: float
    max_points: int
    # A reason code (see matching_text) and its details: language codes, slots, interests …
    reason: str
    details: tuple[str, ...] = ()
    conflict: bool = False


@dataclass(frozen=True, slots=True)
class Match:
    volunteer_id: int
    score: int
    components: tuple[Component, ...] = field(default=())
    bilingual_first: bool = False
    conflict: bool = False


def _language(volunteer: VolunteerProfile, partner: TandemPartnerProfile) -> tuple[Component, bool]:
    weight = WEIGHTS["language"]
    best_code, best = "", 0
    # The best language other than German: what a bilingual contact person would speak.
    other_code, other = "", 0
    for code, partner_level in partner.languages.items():
        shared = min(partner_level, volunteer.languages.get(code, Level.NONE))
        if shared > best or (shared == best and shared and code == GERMAN):
            best_code, best = code, shared
        if code != GERMAN and shared > other:
            other_code, other = code, shared
    if not best:
        return Component("language", 0.0, weight, "language_none", conflict=True), False
    points = weight * best / Level.NATIVE
    details: tuple[str, ...] = (best_code, Level(best).name.lower())
    bilingual = (
        partner.wants_bilingual_contact and volunteer.bilingual_contact and other >= Level.GOOD
    )
    if bilingual:
        details = (other_code, Level(other).name.lower(), *details)
        return Component("language", points, weight, "language_bilingual", details), True
    return Component("language", points, weight, "language_shared", details), False


def _district(volunteer: VolunteerProfile, partner: TandemPartnerProfile) -> Component:
    weight = WEIGHTS["district"]
    if not partner.district:
        return Component("district", weight / 2, weight, "district_unknown")
    if partner.district in volunteer.districts:
        return Component(
            "district", float(weight), weight, "district_reachable", (partner.district,)
        )
    return Component("district", 0.0, weight, "district_unreachable", (partner.district,))


def _availability(volunteer: VolunteerProfile, partner: TandemPartnerProfile) -> Component:
    weight = WEIGHTS["availability"]
    if not partner.slots:
        return Component("availability", weight / 2, weight, "slots_unknown")
    common = partner.slots & volunteer.slots
    if not common:
        return Component("availability", 0.0, weight, "slots_none")
    points = weight * min(len(common), SLOTS_FOR_FULL_POINTS) / SLOTS_FOR_FULL_POINTS
    return Component("availability", points, weight, "slots_common", tuple(sorted(common)))


def _interests(volunteer: VolunteerProfile, partner: TandemPartnerProfile) -> Component:
    weight = WEIGHTS["interests"]
    if not partner.interests:
        return Component("interests", weight / 2, weight, "interests_unknown")
    common = partner.interests & volunteer.interests
    if not common:
        return Component("interests", 0.0, weight, "interests_none")
    points = weight * min(len(common), INTERESTS_FOR_FULL_POINTS) / INTERESTS_FOR_FULL_POINTS
    return Component("interests", points, weight, "interests_common", tuple(sorted(common)))


def _preferences(volunteer: VolunteerProfile, partner: TandemPartnerProfile) -> Component:
    weight = WEIGHTS["preferences"]
    unmet: list[str] = []
    if partner.volunteer_gender and partner.volunteer_gender != volunteer.gender:
        unmet.append("partner")
    if volunteer.partner_gender and volunteer.partner_gender != partner.gender:
        unmet.append("volunteer")
    if unmet:
        points = weight / 2 if len(unmet) == 1 else 0.0
        return Component("preferences", points, weight, "preferences_unmet", tuple(unmet), True)
    if partner.volunteer_gender or volunteer.partner_gender:
        return Component("preferences", float(weight), weight, "preferences_met")
    return Component("preferences", float(weight), weight, "preferences_none")


def score(volunteer: VolunteerProfile, partner: TandemPartnerProfile) -> Match:
    """How well ``volunteer`` fits ``partner``, with the reason for every part of the score."""
    language, bilingual = _language(volunteer, partner)
    components = (
        language,
        _district(volunteer, partner),
        _availability(volunteer, partner),
        _interests(volunteer, partner),
        _preferences(volunteer, partner),
    )
    total = round(sum(c.points for c in components))
    return Match(
        volunteer_id=volunteer.id,
        score=max(0, min(MAX_SCORE, total)),
        components=components,
        bilingual_first=bilingual,
        conflict=any(c.conflict for c in components),
    )


def rank_key(match: Match) -> tuple[bool, bool, int, int]:
    """Sort key: no conflict first, then bilingual contact persons, then score, then id."""
    return (match.conflict, not match.bilingual_first, -match.score, match.volunteer_id)


def rank(
    partner: TandemPartnerProfile, volunteers: Iterable[VolunteerProfile], *, limit: int | None = 10
) -> list[Match]:
    """The best ``limit`` volunteers with a free place for ``partner``, best first."""
    matches = (score(v, partner) for v in volunteers if v.free_places > 0)
    if limit is None:
        return sorted(matches, key=rank_key)
    return heapq.nsmallest(limit, matches, key=rank_key)
