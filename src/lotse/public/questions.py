"""'Which service is for me?': plain answers → the eligibility engine → plain result (pure).

The public form asks in plain words; this module turns the answers into engine inputs and
the engine's decisions into what the page says. Nothing is stored.

Uncertain answers are not guessed: a year of birth or a year of arrival stands for any day of
that year, so the engine runs for the earliest and the latest possible day (at most 2 × 2 × 2
runs) and the result says "it depends on the exact date" where the runs disagree. A missing
year stays missing (the engine then says "unknown", never "eligible").

Residence in plain words (``PLAIN_RESIDENCE``) maps to the engine's ``Residence``; EU citizens
(freedom of movement) count as residing permanently, as in MBE practice.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from lotse.eligibility.engine import (
    MBE_FITS,
    EligibilityDecision,
    EligibilityInput,
    Jmd,
    Mbe,
    Residence,
    Signpost,
    decide,
)

__all__ = [
    "PLAIN_RESIDENCE",
    "Answers",
    "Outcome",
    "PlainResidence",
    "PublicResult",
    "assess",
    "engine_inputs",
    "summarise",
]


class PlainResidence(StrEnum):
    SETTLED = "settled"  # settlement permit or residence permit for a longer stay
    EU = "eu"  # citizen of an EU country
    RESETTLER = "resettler"  # (Spät-)Aussiedler
    RESETTLER_FAMILY = "resettler_family"
    ASYLUM = "asylum"  # asylum procedure running
    TEMPORARY = "temporary"  # toleration (Duldung) or another short permit
    NO_PAPERS = "no_papers"
    DONT_KNOW = "dont_know"


PLAIN_RESIDENCE: dict[PlainResidence, Residence] = {
    PlainResidence.SETTLED: Residence.PERMANENT,
    PlainResidence.EU: Residence.PERMANENT,
    PlainResidence.RESETTLER: Residence.RESETTLER,
    PlainResidence.RESETTLER_FAMILY: Residence.RESETTLER_FAMILY,
    PlainResidence.ASYLUM: Residence.ASYLUM_SEEKER,
    PlainResidence.TEMPORARY: Residence.TEMPORARY,
    PlainResidence.NO_PAPERS: Residence.NO_STATUS,
    PlainResidence.DONT_KNOW: Residence.UNKNOWN,
}


@dataclass(frozen=True, slots=True)
class Answers:
    """What the visitor said. ``age`` wins over ``birth_year`` when both are given."""

    on: date
    residence: PlainResidence
    age: int | None = None
    birth_year: int | None = None
    arrival_year: int | None = None
    status_year: int | None = None  # since when the permanent status (settled only; EU
    # citizens count from the arrival)
    crisis: bool = False
    course_obligation: bool = False


class Outcome(StrEnum):
    """What the page tells the visitor, one paragraph each (see the template)."""

    MBE = "mbe"
    MBE_OPENING_CLAUSE = "mbe_opening_clause"
    JMD = "jmd"
    BOTH_AT_27 = "both_at_27"
    REFUGEE = "refugee"
    NO_STATUS = "no_status"
    YOUTH_WELFARE = "youth_welfare"
    REGULAR_SERVICES = "regular_services"
    UNCLEAR = "unclear"


# Which services at a centre fit each outcome (ServiceKind values).
OUTCOME_SERVICES: dict[Outcome, tuple[str, ...]] = {
    Outcome.MBE: ("mbe",),
    Outcome.MBE_OPENING_CLAUSE: ("mbe",),
    Outcome.JMD: ("jmd",),
    Outcome.BOTH_AT_27: ("mbe", "jmd"),
    Outcome.REFUGEE: ("refugee",),
    Outcome.NO_STATUS: ("no_status",),
    Outcome.YOUTH_WELFARE: (),
    Outcome.REGULAR_SERVICES: (),
    Outcome.UNCLEAR: ("mbe", "jmd"),
}


@dataclass(frozen=True, slots=True)
class PublicResult:
    outcomes: tuple[Outcome, ...]
    # True when the runs for the earliest and latest possible dates disagree.
    depends_on_exact_date: bool
    # Counselled first when places are scarce (integration-course obligation, MBE only).
    priority: bool
    # The service kinds to look for at a centre, in the order of the outcomes.
    services: tuple[str, ...]
    rule_set: str


def _year_bounds(year: int | None, on: date) -> list[date | None]:
    if year is None:
        return [None]
    if year > on.year or year < 1900:
        raise ValueError("year out of range")
    first = date(year, 1, 1)
    last = min(date(year, 12, 31), on)
    return [first] if first == last else [first, last]


def _birth_dates(answers: Answers) -> list[date | None]:
    on = answers.on
    if answers.age is not None:
        if not 0 <= answers.age <= 120:
            raise ValueError("age out of range")
        # Born on this day ``age`` years ago: exactly ``age`` completed years today.
        try:
            return [on.replace(year=on.year - answers.age)]
        except ValueError:  # 29 February
            return [date(on.year - answers.age, 3, 1)]
    return _year_bounds(answers.birth_year, on)


def engine_inputs(answers: Answers) -> list[EligibilityInput]:
    """One engine input per combination of the earliest and latest possible dates."""
    residence = PLAIN_RESIDENCE[answers.residence]
    eu = answers.residence is PlainResidence.EU
    status_years = answers.status_year if answers.residence is PlainResidence.SETTLED else None
    inputs = []
    for birth, entry, status in itertools.product(
        _birth_dates(answers),
        _year_bounds(answers.arrival_year, answers.on),
        _year_bounds(status_years, answers.on),
    ):
        if eu:
            # Freedom of movement: the permanent stay starts with the arrival.
            status = entry
        if birth is not None and (
            (entry is not None and entry < birth) or (status is not None and status < birth)
        ):
            continue  # not a possible combination (arrival before birth)
        inputs.append(
            EligibilityInput(
                on=answers.on,
                birth_date=birth,
                residence=residence,
                entry_date=entry,
                permanent_status_date=status,
                crisis=answers.crisis,
                course_obligation=answers.course_obligation,
            )
        )
    if not inputs:
        raise ValueError("The years given contradict each other.")
    return inputs


def _outcomes(decision: EligibilityDecision) -> list[Outcome]:
    mbe_fits = decision.mbe in MBE_FITS
    jmd_fits = decision.jmd is Jmd.ELIGIBLE
    if mbe_fits and jmd_fits:
        return [Outcome.BOTH_AT_27]
    if decision.mbe is Mbe.OPENING_CLAUSE:
        return [Outcome.MBE_OPENING_CLAUSE]
    if mbe_fits:
        return [Outcome.MBE]
    if jmd_fits:
        return [Outcome.JMD]
    referral = {
        Signpost.REFUGEE_COUNSELLING: Outcome.REFUGEE,
        Signpost.NO_STATUS_COUNSELLING: Outcome.NO_STATUS,
        Signpost.YOUTH_WELFARE: Outcome.YOUTH_WELFARE,
        Signpost.REGULAR_SERVICES: Outcome.REGULAR_SERVICES,
    }
    if decision.referral in referral:
        return [referral[decision.referral]]
    return [Outcome.UNCLEAR]


def summarise(decisions: Sequence[EligibilityDecision]) -> PublicResult:
    """Merge the decisions of all runs into what the page says."""
    if not decisions:
        raise ValueError("No decisions to summarise.")
    outcomes: list[Outcome] = []
    for decision in decisions:
        for outcome in _outcomes(decision):
            if outcome not in outcomes:
                outcomes.append(outcome)
    if len(outcomes) > 1 and Outcome.BOTH_AT_27 in outcomes:
        # "MBE and JMD" already covers the runs that gave only one of them.
        outcomes = [o for o in outcomes if o not in (Outcome.MBE, Outcome.JMD)]
    order = list(Outcome)
    outcomes.sort(key=order.index)  # services first, referrals after, "unclear" last
    services: list[str] = []
    for outcome in outcomes:
        for kind in OUTCOME_SERVICES[outcome]:
            if kind not in services:
                services.append(kind)
    return PublicResult(
        outcomes=tuple(outcomes),
        depends_on_exact_date=len({tuple(_outcomes(d)) for d in decisions}) > 1,
        priority=any(d.priority for d in decisions),
        services=tuple(services),
        rule_set=decisions[0].rule_set,
    )


def assess(answers: Answers) -> PublicResult:
    """Answers → engine runs → the public result. Raises ValueError for impossible answers."""
    return summarise([decide(inp) for inp in engine_inputs(answers)])
