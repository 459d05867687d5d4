"""Eligibility and routing engine (DOMAIN §D2): which service is responsible for a person.

This docstring is the specification. The engine is a pure function of its input and a versioned
rule set: no database, no Django models, no clock (the assessment day ``on`` is an input).

Input (``EligibilityInput``)
    ``on`` (the assessment day), ``birth_date``, ``residence`` (``Residence``), ``entry_date``,
    ``permanent_status_date``, ``crisis``, ``course_obligation``. Dates may be ``None``
    (= not known). Contradictory input is rejected with ``InvalidInputError``: a birth, entry or
    status date after ``on``, or an entry or status date before the birth date.

JSON (``input_from_json``, ``INPUT_KEYS``, ``EligibilityDecision.to_json``, ``OUTPUT_KEYS``)
    The ``lotse eligibility`` contract. ``on`` and ``residence`` are required; a missing date
    key counts as null, a missing ``crisis``/``course_obligation`` as false; anything else that
    is malformed raises ``InvalidInputError``.

Rule sets (``RuleSet``, ``RULE_SETS``, ``rule_set_for``)
    A decision uses the rule set in force on ``on``: the one with the latest ``effective_from``
    that is not after ``on``. A day before every rule set raises ``NoRuleSetError``. Every
    decision names its rule set (``rule_set``). Version "2016-01" (from 2016-01-01): MBE from 27,
    JMD 12 to 27, newcomers up to 3 years after arrival (MBE concept, seed 001; JMD, seed 004).

Age
    Completed years on ``on``; the birthday itself counts (born 2000-05-10 → 26 on 2026-05-09,
    27 on 2026-05-10). Born on 29 February: in years without 29 February the person turns a year
    older on 1 March, not on 28 February (§ 187 (2), § 188 (2) BGB: the year of life ends with
    the end of 28 February). No birth date → age unknown.

The newcomer period ("up to three years after …")
    Inclusive of the anniversary: entry 2023-05-10 → inside until 2026-05-10, outside on
    2026-05-11. If the anniversary does not exist (start 29 February), the period ends on
    28 February (§ 188 (3) BGB). Resettlers (``resettler``, ``resettler_family``) count from the
    entry date. ``permanent`` (§ 44 AufenthG) counts from the LATER of entry date and
    permanent-status date. With one of the two missing: if the period counted from the known
    date alone still runs on ``on``, the period counted from the later date (≥ the known one)
    runs at least as long → inside; otherwise the missing date could be the later one →
    unknown. Both missing → unknown.

MBE (``mbe``, ``mbe_basis``), first matching rule wins
    1. ``no_status`` → ``not_eligible``, see routing below.
    2. Age known and below ``mbe_min_age`` → ``not_eligible`` (a crisis does not change that).
    3. ``unknown`` residence → ``unknown``.
    4. ``asylum_seeker`` / ``temporary``: outside the target group. Without crisis →
       ``not_eligible`` (whatever the age). In crisis → ``opening_clause`` (counselling only
       with free capacity), or ``unknown`` if the age is unknown.
    5. ``permanent`` / ``resettler`` / ``resettler_family``:
       inside the newcomer period → ``eligible`` with basis ``resettler`` (both resettler kinds)
       or ``new_arrival`` (permanent); after it (a longer-resident immigrant) → ``eligible`` with
       basis ``crisis`` in crisis, else ``not_eligible`` (whatever the age); period unknown
       (missing date) → ``unknown``, even in crisis: the basis cannot be named without the date
       ("a missing date means unknown, never eligible"; the explanation says the person will fit
       either way). ``eligible`` needs a known age ≥ ``mbe_min_age``; age unknown → ``unknown``.
    ``mbe_basis`` is set exactly when ``mbe`` is ``eligible``. A crisis of a newcomer does not
    change the basis (the newcomer basis wins).

Priority (``priority``)
    True exactly when ``mbe`` is ``eligible`` or ``opening_clause`` and ``course_obligation``
    (§ 44a (1) no. 2 AufenthG: obliged to attend an integration course): these people are
    counselled first when capacity is scarce. It is an MBE rule; it never changes the routing.

JMD (``jmd``), first matching rule wins
    ``no_status`` → ``not_eligible`` (see routing); age unknown → ``unknown``; age outside
    ``jmd_min_age``–``jmd_max_age`` (inclusive, completed years) → ``not_eligible``; ``unknown``
    residence → ``unknown`` (it could be "no status"); otherwise (a young foreigner or resettler
    with any status: permanent, resettler, resettler_family, temporary, asylum_seeker) →
    ``eligible``. At an age in both ranges (27 under "2016-01") MBE, if a basis applies, and JMD
    are both offered; the counsellor chooses with the person, and the explanation says so.

Routing (``referral``, Verweisberatung)
    The engine does not know which services a centre offers; MBE and JMD count as the centre's
    services. ``referral`` is ``None`` when MBE fits (``eligible``/``opening_clause``), when JMD
    is ``eligible``, or while MBE or JMD is ``unknown`` (the responsible service is still open;
    the explanation lists the missing facts). Otherwise, i.e. exactly when ``mbe`` and ``jmd``
    are both ``not_eligible``, it names the responsible service:
      * ``no_status`` → ``no_status_counselling``, at any age and also in crisis: that
        counselling is anonymous by design, while MBE and JMD keep a named file;
      * age below ``jmd_min_age`` → ``youth_welfare``;
      * ``asylum_seeker`` / ``temporary`` (adult, no crisis) → ``refugee_counselling``;
      * ``permanent`` / resettlers (long-resident adult, no crisis) → ``regular_services``.
    ``Signpost.JMD`` is never produced by ``decide``: JMD eligibility is reported in ``jmd``.
    A centre that does not offer JMD gets it from ``referral_for_centre(decision,
    offers_jmd=False)``.

Rule ids (``rule``)
    The stable id of the rule that decided the outcome, one of ``RULES``: the MBE rule when MBE
    fits, else the JMD rule when JMD fits, else the referral rule, else the rule that left the
    outcome unknown.

Explanations
    ``explanation_de`` (German, addressing the counsellor with "Sie") and ``explanation_en``:
    plain language, naming the age, the dates and periods that decided, every edge that applied
    (birthday on the day, 29 February, one missing date, both services at 27, priority), what is
    missing and the rule set. ``to_json()`` returns exactly the contract's output keys
    (``OUTPUT_KEYS``) with the German explanation.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum, StrEnum
from typing import Final, TypedDict

__all__ = [
    "INPUT_KEYS",
    "MBE_FITS",
    "OUTPUT_KEYS",
    "RULES",
    "RULE_SETS",
    "DecisionJSON",
    "EligibilityDecision",
    "EligibilityError",
    "EligibilityInput",
    "InvalidInputError",
    "Jmd",
    "Mbe",
    "MbeBasis",
    "NoRuleSetError",
    "Residence",
    "RuleSet",
    "Signpost",
    "completed_years",
    "decide",
    "input_from_json",
    "period_last_day",
    "referral_for_centre",
    "rule_set_for",
]


class Residence(StrEnum):
    PERMANENT = "permanent"  # foreigner residing permanently (§ 44 AufenthG)
    RESETTLER = "resettler"  # ethnic-German resettler, Spätaussiedler (BVFG)
    RESETTLER_FAMILY = "resettler_family"  # their spouse or descendant (BVFG)
    ASYLUM_SEEKER = "asylum_seeker"
    TEMPORARY = "temporary"  # temporary residence permit
    NO_STATUS = "no_status"  # no legal residence status
    UNKNOWN = "unknown"


class Mbe(StrEnum):
    ELIGIBLE = "eligible"
    OPENING_CLAUSE = "opening_clause"
    NOT_ELIGIBLE = "not_eligible"
    UNKNOWN = "unknown"


class MbeBasis(StrEnum):
    NEW_ARRIVAL = "new_arrival"
    RESETTLER = "resettler"
    CRISIS = "crisis"


class Jmd(StrEnum):
    ELIGIBLE = "eligible"
    NOT_ELIGIBLE = "not_eligible"
    UNKNOWN = "unknown"


class Signpost(StrEnum):
    """The service referral counselling (Verweisberatung) points someone to; the ``referral``
    output. Not ``lotse.network.models.Referral``, which is a client passed to a partner."""

    JMD = "jmd"
    REFUGEE_COUNSELLING = "refugee_counselling"
    NO_STATUS_COUNSELLING = "no_status_counselling"
    YOUTH_WELFARE = "youth_welfare"
    REGULAR_SERVICES = "regular_services"


_RESIDENCE_VALUES: Final = frozenset(r.value for r in Residence)
MBE_FITS: Final = frozenset({Mbe.ELIGIBLE, Mbe.OPENING_CLAUSE})

INPUT_KEYS: Final = (
    "on",
    "birth_date",
    "residence",
    "entry_date",
    "permanent_status_date",
    "crisis",
    "course_obligation",
)
OUTPUT_KEYS: Final = ("mbe", "mbe_basis", "jmd", "priority", "referral", "rule_set", "explanation")

RULES: Final[Mapping[str, str]] = {
    "mbe.resettler_new_arrival": "MBE: resettler or family member, 27+, within 3 years of entry",
    "mbe.permanent_new_arrival": (
        "MBE: permanent resident, 27+, within 3 years of the later of entry and status date"
    ),
    "mbe.long_resident_crisis": "MBE: longer-resident immigrant, 27+, in a concrete crisis",
    "mbe.opening_clause": "MBE opening clause: asylum seeker or temporary permit, 27+, in crisis",
    "mbe.residence_unknown": "unknown: residence status not known",
    "mbe.arrival_dates_unknown": "unknown: a date needed for the 3-year period is missing",
    "mbe.birth_date_unknown": "unknown: MBE would fit from 27, but the age is not known",
    "jmd.age_range": "JMD: young immigrant or resettler aged 12 to 27",
    "jmd.birth_date_unknown": "unknown: JMD depends on the age, which is not known",
    "jmd.residence_unknown": "unknown: JMD age range, but residence status not known",
    "referral.no_status_counselling": "referral: no legal status, anonymous counselling",
    "referral.youth_welfare": "referral: child under 12, youth welfare office",
    "referral.refugee_counselling": "referral: asylum seeker or temporary permit, no crisis",
    "referral.regular_services": "referral: long-resident adult without crisis",
}


class EligibilityError(ValueError):
    """The engine cannot decide: bad input or no rule set in force."""


class InvalidInputError(EligibilityError):
    """The input is malformed or contradicts itself."""


class NoRuleSetError(EligibilityError):
    """No rule set is in force on the assessment day."""


# --- rule sets ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RuleSet:
    version: str
    effective_from: date
    mbe_min_age: int
    jmd_min_age: int
    jmd_max_age: int
    new_arrival_years: int

    def __post_init__(self) -> None:
        if not self.version:
            raise ValueError("A rule set needs a version.")
        if not 0 <= self.jmd_min_age <= self.jmd_max_age:
            raise ValueError(f"Rule set {self.version}: JMD ages must satisfy 0 <= min <= max.")
        if self.mbe_min_age < 0 or self.new_arrival_years < 1:
            raise ValueError(f"Rule set {self.version}: ages must be >= 0, years >= 1.")


RULE_SETS: Final[tuple[RuleSet, ...]] = (
    RuleSet(
        version="2016-01",
        effective_from=date(2016, 1, 1),
        mbe_min_age=27,
        jmd_min_age=12,
        jmd_max_age=27,
        new_arrival_years=3,
    ),
)


def rule_set_for(on: date, rule_sets: Iterable[RuleSet] = RULE_SETS) -> RuleSet:
    """The rule set in force on ``on``: the latest ``effective_from`` not after ``on``."""
    sets = sorted(rule_sets, key=lambda rs: rs.effective_from)
    if not sets:
        raise NoRuleSetError("No rule sets are configured.")
    versions = [rs.version for rs in sets]
    starts = [rs.effective_from for rs in sets]
    if len(set(versions)) != len(versions) or len(set(starts)) != len(starts):
        raise ValueError("Rule set versions and effective dates must be unique.")
    in_force = [rs for rs in sets if rs.effective_from <= on]
    if not in_force:
        raise NoRuleSetError(
            f"No rule set is in force on {on.isoformat()}: the earliest ({sets[0].version}) "
            f"takes effect on {sets[0].effective_from.isoformat()}."
        )
    return in_force[-1]


# --- input and output -----------------------------------------------------------------------


def _is_date(value: object) -> bool:
    return isinstance(value, date) and not isinstance(value, datetime)


@dataclass(frozen=True, slots=True)
class EligibilityInput:
    on: date
    birth_date: date | None
    residence: Residence
    entry_date: date | None
    permanent_status_date: date | None
    crisis: bool
    course_obligation: bool

    def __post_init__(self) -> None:
        if not _is_date(self.on):
            raise InvalidInputError("'on' must be a date.")
        for name in ("birth_date", "entry_date", "permanent_status_date"):
            value = getattr(self, name)
            if value is not None and not _is_date(value):
                raise InvalidInputError(f"'{name}' must be a date or None.")
            if value is not None and value > self.on:
                raise InvalidInputError(f"'{name}' ({value.isoformat()}) is after 'on'.")
        if not isinstance(self.residence, Residence):  # a plain string is accepted
            object.__setattr__(self, "residence", _residence(self.residence))
        for name in ("crisis", "course_obligation"):
            if not isinstance(getattr(self, name), bool):
                raise InvalidInputError(f"'{name}' must be true or false.")
        if self.birth_date is not None:
            for name in ("entry_date", "permanent_status_date"):
                value = getattr(self, name)
                if value is not None and value < self.birth_date:
                    raise InvalidInputError(f"'{name}' is before the birth date.")


class DecisionJSON(TypedDict):
    mbe: str
    mbe_basis: str | None
    jmd: str
    priority: bool
    referral: str | None
    rule_set: str
    explanation: str


@dataclass(frozen=True, slots=True)
class EligibilityDecision:
    mbe: Mbe
    mbe_basis: MbeBasis | None
    jmd: Jmd
    priority: bool
    referral: Signpost | None
    rule_set: str
    rule: str
    explanation_de: str
    explanation_en: str

    def to_json(self) -> DecisionJSON:
        """The contract's output object; ``explanation`` is the German text."""
        return {
            "mbe": self.mbe.value,
            "mbe_basis": None if self.mbe_basis is None else self.mbe_basis.value,
            "jmd": self.jmd.value,
            "priority": self.priority,
            "referral": None if self.referral is None else self.referral.value,
            "rule_set": self.rule_set,
            "explanation": self.explanation_de,
        }


_ISO_DATE: Final = re.compile(r"\d{4}-\d{2}-\d{2}")


def _date_from_json(key: str, value: object) -> date | None:
    if value is None:
        return None
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        raise InvalidInputError(f"'{key}' must be an ISO date (YYYY-MM-DD) or null: {value!r}.")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInputError(f"'{key}' is not a valid date: {value!r}.") from None


def _residence(value: object) -> Residence:
    if isinstance(value, str) and value in _RESIDENCE_VALUES:
        return Residence(value)
    raise InvalidInputError(f"Unknown residence {value!r}; expected one of {', '.join(Residence)}.")


def input_from_json(obj: object) -> EligibilityInput:
    """Build an input from a decoded JSON object (the ``lotse eligibility`` contract).

    ``on`` and ``residence`` are required; a missing date counts as null (unknown) and a missing
    ``crisis`` or ``course_obligation`` as false. Unknown keys, wrong types (also ``null`` or
    ``0``/``1`` for a boolean), malformed dates and unknown residences raise
    ``InvalidInputError``.
    """
    if not isinstance(obj, dict):
        raise InvalidInputError("The input must be a JSON object.")
    unknown = sorted(str(key) for key in obj if key not in INPUT_KEYS)
    if unknown:
        raise InvalidInputError(
            f"Unknown key(s): {', '.join(unknown)}; allowed: {', '.join(INPUT_KEYS)}."
        )
    for key in ("on", "residence"):
        if key not in obj:
            raise InvalidInputError(f"Missing required key '{key}'.")
    on = _date_from_json("on", obj["on"])
    if on is None:
        raise InvalidInputError("'on' must be an ISO date (YYYY-MM-DD), not null.")
    flags: dict[str, bool] = {}
    for key in ("crisis", "course_obligation"):
        value = obj.get(key, False)
        if not isinstance(value, bool):
            raise InvalidInputError(f"'{key}' must be true or false: {value!r}.")
        flags[key] = value
    return EligibilityInput(
        on=on,
        birth_date=_date_from_json("birth_date", obj.get("birth_date")),
        residence=_residence(obj["residence"]),
        entry_date=_date_from_json("entry_date", obj.get("entry_date")),
        permanent_status_date=_date_from_json(
            "permanent_status_date", obj.get("permanent_status_date")
        ),
        crisis=flags["crisis"],
        course_obligation=flags["course_obligation"],
    )


# --- calendar rules -------------------------------------------------------------------------


def completed_years(birth_date: date, on: date) -> int:
    """Age in completed years on ``on``; born 29 February → a year older on 1 March."""
    years = on.year - birth_date.year
    if (on.month, on.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


def period_last_day(start: date, years: int) -> date:
    """Last day of a period of ``years`` years from ``start`` (the anniversary, inclusive).

    A missing anniversary (start on 29 February) falls back to 28 February; an anniversary
    beyond the calendar's end (year 9999) is ``date.max``.
    """
    year = start.year + years
    if year > date.max.year:
        return date.max
    if start.month == 2 and start.day == 29 and not calendar.isleap(year):
        return date(year, 2, 28)
    return start.replace(year=year)


# --- texts ----------------------------------------------------------------------------------

_MONTHS_EN: Final = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _de(d: date) -> str:
    return f"{d.day:02d}.{d.month:02d}.{d.year:04d}"


def _en(d: date) -> str:
    return f"{d.day} {_MONTHS_EN[d.month - 1]} {d.year}"


def _years_dat_de(n: int) -> str:
    return "einem Jahr" if n == 1 else f"{n} Jahren"


def _years_en(n: int) -> str:
    return "1 year" if n == 1 else f"{n} years"


def _join_de(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " und " + items[-1]


def _join_en(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


@dataclass(frozen=True, slots=True)
class _Text:
    de: str
    en: str

    def __add__(self, other: _Text) -> _Text:
        return _Text(f"{self.de} {other.de}", f"{self.en} {other.en}")


class _Missing(Enum):
    BIRTH_DATE = _Text("das Geburtsdatum", "the date of birth")
    RESIDENCE = _Text("der Aufenthaltsstatus", "the residence status")
    ENTRY_DATE = _Text("das Einreisedatum", "the date of entry")
    STATUS_DATE = _Text(
        "das Datum des dauerhaften Aufenthaltsrechts",
        "the date the permanent right of residence was obtained",
    )


def _age_text(inp: EligibilityInput, age: int | None) -> _Text:
    if inp.birth_date is None or age is None:
        return _Text(
            "Das Geburtsdatum fehlt, deshalb ist das Alter nicht bekannt.",
            "The date of birth is missing, so the age is not known.",
        )
    birth, on = inp.birth_date, inp.on
    if (birth.month, birth.day) == (on.month, on.day):
        return _Text(
            f"Die Person hat am Prüfungstag ({_de(on)}) Geburtstag und ist damit bereits "
            f"{age} Jahre alt.",
            f"The person has their birthday on the day of the check ({_en(on)}) and so is "
            f"already {age} years old.",
        )
    text = _Text(
        f"Die Person ist am Prüfungstag ({_de(on)}) {age} Jahre alt.",
        f"On the day of the check ({_en(on)}) the person is {age} years old.",
    )
    if (birth.month, birth.day) == (2, 29) and not calendar.isleap(on.year):
        if (on.month, on.day) == (2, 28):
            text += _Text(
                "Die Person ist am 29. Februar geboren. In Jahren ohne 29. Februar wird sie "
                "erst am 1. März ein Jahr älter; am 28. Februar zählt noch das alte Alter.",
                "They were born on 29 February. In years without 29 February they turn a year "
                "older only on 1 March; on 28 February the old age still counts.",
            )
        elif (on.month, on.day) == (3, 1):
            text += _Text(
                "Die Person ist am 29. Februar geboren. In Jahren ohne 29. Februar wird sie am "
                "1. März ein Jahr älter, also am Prüfungstag.",
                "They were born on 29 February. In years without 29 February they turn a year "
                "older on 1 March, that is on the day of the check.",
            )
    return text


# --- the newcomer period --------------------------------------------------------------------


class _Period(Enum):
    INSIDE = "inside"
    AFTER = "after"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class _Arrival:
    period: _Period
    text: _Text
    missing: tuple[_Missing, ...] = ()


_ENTRY_FROM = _Text("der Einreise", "entry")
_STATUS_FROM = _Text(
    "dem Erhalt des dauerhaften Aufenthaltsrechts", "obtaining the permanent right of residence"
)
_ENTRY_OF = _Text("der Einreise", "of entry")
_STATUS_OF = _Text(
    "des Erhalts des dauerhaften Aufenthaltsrechts",
    "the permanent right of residence was obtained",
)


def _arrival(inp: EligibilityInput, rs: RuleSet) -> _Arrival:
    """Is the person inside the newcomer period on ``on``? (resettlers and ``permanent``)."""
    n = rs.new_arrival_years
    span_de, span_en = _years_dat_de(n), _years_en(n)
    if inp.residence in (Residence.RESETTLER, Residence.RESETTLER_FAMILY):
        if inp.entry_date is None:
            return _Arrival(
                _Period.UNKNOWN,
                _Text(
                    "Das Einreisedatum fehlt. Ohne dieses Datum lässt sich nicht prüfen, ob die "
                    f"Frist von {span_de} nach der Einreise noch läuft.",
                    "The date of entry is missing. Without it, it cannot be checked whether the "
                    f"period of {span_en} after entry is still running.",
                ),
                (_Missing.ENTRY_DATE,),
            )
        last = period_last_day(inp.entry_date, n)
        intro = _Text(
            f"Die Einreise war am {_de(inp.entry_date)}.",
            f"The person entered Germany on {_en(inp.entry_date)}.",
        )
        if inp.on <= last:
            return _Arrival(
                _Period.INSIDE,
                intro
                + _Text(
                    f"Die Frist von {span_de} nach der Einreise läuft bis einschließlich "
                    f"{_de(last)}.",
                    f"The period of {span_en} after entry runs up to and including {_en(last)}.",
                ),
            )
        return _Arrival(
            _Period.AFTER,
            intro
            + _Text(
                f"Die Frist von {span_de} nach der Einreise endete am {_de(last)}.",
                f"The period of {span_en} after entry ended on {_en(last)}.",
            ),
        )

    # permanent (§ 44 AufenthG): from the later of entry and permanent-status date
    entry, status = inp.entry_date, inp.permanent_status_date
    if entry is not None and status is not None:
        later = max(entry, status)
        last = period_last_day(later, n)
        intro = _Text(
            f"Für die Frist von {span_de} zählt das spätere der beiden Daten Einreise "
            f"({_de(entry)}) und Erhalt des dauerhaften Aufenthaltsrechts ({_de(status)}), "
            f"also der {_de(later)}.",
            f"The period of {span_en} counts from the later of the two dates, entry "
            f"({_en(entry)}) and obtaining the permanent right of residence ({_en(status)}), "
            f"that is {_en(later)}.",
        )
        if inp.on <= last:
            return _Arrival(
                _Period.INSIDE,
                intro
                + _Text(
                    f"Die Frist läuft bis einschließlich {_de(last)}.",
                    f"It runs up to and including {_en(last)}.",
                ),
            )
        return _Arrival(
            _Period.AFTER,
            intro
            + _Text(
                f"Die Frist endete am {_de(last)}.",
                f"It ended on {_en(last)}.",
            ),
        )
    # exactly one of the two dates is known, or none
    if entry is not None:
        known, known_from, missing_of, missing = (
            entry,
            _ENTRY_FROM,
            _STATUS_OF,
            _Missing.STATUS_DATE,
        )
    elif status is not None:
        known, known_from, missing_of, missing = (
            status,
            _STATUS_FROM,
            _ENTRY_OF,
            _Missing.ENTRY_DATE,
        )
    else:
        return _Arrival(
            _Period.UNKNOWN,
            _Text(
                "Es fehlen das Einreisedatum und das Datum, seit dem die Person ein dauerhaftes "
                "Aufenthaltsrecht hat. Ohne diese Daten lässt sich nicht prüfen, ob die Frist "
                f"von {span_de} noch läuft.",
                "The date of entry and the date the permanent right of residence was obtained "
                "are both missing. Without them, it cannot be checked whether the period of "
                f"{span_en} is still running.",
            ),
            (_Missing.ENTRY_DATE, _Missing.STATUS_DATE),
        )
    last = period_last_day(known, n)
    intro = _Text(f"Das Datum {missing_of.de} fehlt.", f"The date {missing_of.en} is missing.")
    if inp.on <= last:
        return _Arrival(
            _Period.INSIDE,
            intro
            + _Text(
                "Das ändert hier nichts: Maßgeblich ist das spätere der beiden Daten, und schon "
                f"ab {known_from.de} ({_de(known)}) gerechnet läuft die Frist von {span_de} bis "
                f"einschließlich {_de(last)}. Ab dem späteren Datum gerechnet läuft sie also "
                "mindestens so lange.",
                "That does not matter here: what counts is the later of the two dates, and even "
                f"counted from {known_from.en} ({_en(known)}) the period of {span_en} runs up to "
                f"and including {_en(last)}. Counted from the later date it runs at least as "
                "long.",
            ),
        )
    return _Arrival(
        _Period.UNKNOWN,
        intro
        + _Text(
            f"Ab {known_from.de} ({_de(known)}) gerechnet endete die Frist von {span_de} am "
            f"{_de(last)}. Maßgeblich ist aber das spätere der beiden Daten, und das fehlende "
            "Datum könnte später liegen.",
            f"Counted from {known_from.en} ({_en(known)}) the period of {span_en} ended on "
            f"{_en(last)}. But what counts is the later of the two dates, and the missing one "
            "could be later.",
        ),
        (missing,),
    )


# --- MBE and JMD ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Outcome[S]:
    status: S
    rule: str
    text: _Text
    basis: MbeBasis | None = None
    missing: tuple[_Missing, ...] = ()


_WHO: Final[Mapping[Residence, _Text]] = {
    Residence.RESETTLER: _Text(
        "Die Person ist Spätaussiedler:in.",
        "The person is an ethnic German resettler (Spätaussiedler).",
    ),
    Residence.RESETTLER_FAMILY: _Text(
        "Die Person ist Ehepartner:in oder Nachkomme von Spätaussiedler:innen.",
        "The person is the spouse or a descendant of ethnic German resettlers.",
    ),
    Residence.PERMANENT: _Text(
        "Die Person lebt mit einem dauerhaften Aufenthaltsrecht in Deutschland.",
        "The person lives in Germany with a permanent right of residence.",
    ),
}

_OUTSIDE: Final[Mapping[Residence, _Text]] = {
    Residence.ASYLUM_SEEKER: _Text("im Asylverfahren", "in the asylum procedure"),
    Residence.TEMPORARY: _Text(
        "mit befristetem Aufenthaltsrecht", "with a temporary residence permit"
    ),
}


def _mbe(inp: EligibilityInput, age: int | None, rs: RuleSet) -> _Outcome[Mbe]:
    min_age = rs.mbe_min_age
    too_young_for_age = _Text(
        f"Die MBE berät aber erst ab {min_age} Jahren, und das Alter ist nicht bekannt.",
        f"But the MBE only counsels people aged {min_age} or older, and the age is not known.",
    )
    if age is not None and age < min_age:
        crisis = (" – auch in einer Krise", ", in a crisis too") if inp.crisis else ("", "")
        return _Outcome(
            Mbe.NOT_ELIGIBLE,
            "mbe.under_min_age",
            _Text(
                f"Die Migrationsberatung für Erwachsene (MBE) berät erst ab {min_age} "
                f"Jahren{crisis[0]}.",
                f"Adult migration counselling (MBE) only counsels people aged {min_age} or "
                f"older{crisis[1]}.",
            ),
        )
    if inp.residence is Residence.UNKNOWN:
        return _Outcome(
            Mbe.UNKNOWN,
            "mbe.residence_unknown",
            _Text(
                "Der Aufenthaltsstatus ist nicht bekannt. Ob die Migrationsberatung für "
                "Erwachsene (MBE) zuständig ist, lässt sich erst sagen, wenn er geklärt ist.",
                "The residence status is not known. Whether adult migration counselling (MBE) "
                "is responsible can only be said once it has been clarified.",
            ),
            missing=(_Missing.RESIDENCE,),
        )
    if inp.residence in _OUTSIDE:
        who = _OUTSIDE[inp.residence]
        outside = _Text(
            f"Menschen {who.de} gehören nicht zur Zielgruppe der Migrationsberatung für "
            "Erwachsene (MBE).",
            f"People {who.en} are not in the target group of adult migration counselling (MBE).",
        )
        if not inp.crisis:
            return _Outcome(
                Mbe.NOT_ELIGIBLE,
                "mbe.outside_target_group_without_crisis",
                outside
                + _Text(
                    "Nur in einer akuten Krise könnten sie über die Öffnungsklausel beraten "
                    "werden; eine Krise ist nicht angegeben.",
                    "Only in an acute crisis could they be counselled under the opening clause; "
                    "no crisis is recorded.",
                ),
            )
        if age is None:
            return _Outcome(
                Mbe.UNKNOWN,
                "mbe.birth_date_unknown",
                outside
                + _Text(
                    "Weil die Person in einer akuten Krise ist, käme die Öffnungsklausel in Frage.",
                    "Because the person is in an acute crisis, the opening clause could apply.",
                )
                + too_young_for_age,
                missing=(_Missing.BIRTH_DATE,),
            )
        return _Outcome(
            Mbe.OPENING_CLAUSE,
            "mbe.opening_clause",
            outside
            + _Text(
                "Weil die Person in einer akuten Krise ist, kann sie über die Öffnungsklausel "
                "trotzdem in der MBE beraten werden – aber nur, wenn freie Beratungskapazität "
                "vorhanden ist.",
                "Because the person is in an acute crisis, they can still be counselled in the "
                "MBE under the opening clause – but only if there is free counselling capacity.",
            ),
        )

    # permanent, resettler, resettler_family
    arrival = _arrival(inp, rs)
    span = _years_dat_de(rs.new_arrival_years), _years_en(rs.new_arrival_years)
    since = (
        (" bzw. nach dem Erhalt des dauerhaften Aufenthaltsrechts", " or of obtaining it")
        if inp.residence is Residence.PERMANENT
        else ("", "")
    )
    text = (
        _WHO[inp.residence]
        + _Text(
            "Neu Zugewanderte berät die Migrationsberatung für Erwachsene (MBE) innerhalb von "
            f"{span[0]} nach der Einreise{since[0]}.",
            f"Adult migration counselling (MBE) counsels newcomers within {span[1]} of entry"
            f"{since[1]}.",
        )
        + arrival.text
    )
    if arrival.period is _Period.INSIDE:
        if age is None:
            return _Outcome(
                Mbe.UNKNOWN,
                "mbe.birth_date_unknown",
                text + too_young_for_age,
                missing=(_Missing.BIRTH_DATE,),
            )
        resettler = inp.residence is not Residence.PERMANENT
        return _Outcome(
            Mbe.ELIGIBLE,
            "mbe.resettler_new_arrival" if resettler else "mbe.permanent_new_arrival",
            text
            + _Text(
                "Die Person gehört damit als neu zugewanderte Person zur Zielgruppe der MBE.",
                "So the person belongs to the target group of the MBE as a newcomer.",
            ),
            basis=MbeBasis.RESETTLER if resettler else MbeBasis.NEW_ARRIVAL,
        )
    if arrival.period is _Period.AFTER:
        text += _Text(
            "Die Person lebt also schon länger in Deutschland.",
            "So the person has been living in Germany for some time.",
        )
        if not inp.crisis:
            return _Outcome(
                Mbe.NOT_ELIGIBLE,
                "mbe.long_resident_without_crisis",
                text
                + _Text(
                    "Länger hier lebende Zugewanderte berät die MBE nur in einer akuten Krise; "
                    "eine Krise ist nicht angegeben.",
                    "The MBE counsels longer-resident immigrants only in an acute crisis; no "
                    "crisis is recorded.",
                ),
            )
        if age is None:
            return _Outcome(
                Mbe.UNKNOWN,
                "mbe.birth_date_unknown",
                text
                + _Text(
                    "Wegen der akuten Krise käme die MBE in Frage.",
                    "Because of the acute crisis the MBE could apply.",
                )
                + too_young_for_age,
                missing=(_Missing.BIRTH_DATE,),
            )
        return _Outcome(
            Mbe.ELIGIBLE,
            "mbe.long_resident_crisis",
            text
            + _Text(
                "Weil die Person in einer akuten Krise ist, gehört sie trotzdem zur Zielgruppe "
                "der MBE.",
                "Because the person is in an acute crisis, they still belong to the target group "
                "of the MBE.",
            ),
            basis=MbeBasis.CRISIS,
        )
    # the period cannot be evaluated: never eligible, even where a crisis would fit either way
    if inp.crisis:
        from_age = (
            (f" (ab {min_age} Jahren)", f" (from the age of {min_age})")
            if age is None
            else ("", "")
        )
        text += _Text(
            f"Weil eine akute Krise angegeben ist, kommt die MBE{from_age[0]} nach dem "
            "Ergänzen so oder so in Frage: innerhalb der Frist als neu zugewanderte Person, "
            "danach wegen der Krise. Welche Grundlage gilt, hängt vom fehlenden Datum ab.",
            f"Because an acute crisis is recorded, the MBE{from_age[1]} will apply either way "
            "once the date is added: within the period as a newcomer, after it because of the "
            "crisis. Which basis applies depends on the missing date.",
        )
    return _Outcome(
        Mbe.UNKNOWN,
        "mbe.arrival_dates_unknown",
        text,
        missing=arrival.missing + ((_Missing.BIRTH_DATE,) if age is None else ()),
    )


def _jmd(inp: EligibilityInput, age: int | None, rs: RuleSet) -> _Outcome[Jmd]:
    lo, hi = rs.jmd_min_age, rs.jmd_max_age
    if age is None:
        return _Outcome(
            Jmd.UNKNOWN,
            "jmd.birth_date_unknown",
            _Text(
                f"Ob der Jugendmigrationsdienst (JMD, {lo} bis {hi} Jahre) zuständig ist, "
                "hängt vom Alter ab.",
                f"Whether the youth migration service (JMD, ages {lo} to {hi}) is responsible "
                "depends on the age.",
            ),
            missing=(_Missing.BIRTH_DATE,),
        )
    if age < lo:
        return _Outcome(
            Jmd.NOT_ELIGIBLE,
            "jmd.under_min_age",
            _Text(
                f"Für den Jugendmigrationsdienst (JMD, ab {lo} Jahren) ist die Person noch zu "
                "jung.",
                f"The person is still too young for the youth migration service (JMD, from the "
                f"age of {lo}).",
            ),
        )
    if age > hi:
        return _Outcome(
            Jmd.NOT_ELIGIBLE,
            "jmd.over_max_age",
            _Text(
                f"Für den Jugendmigrationsdienst (JMD, bis {hi} Jahre) ist die Person zu alt.",
                f"The person is too old for the youth migration service (JMD, up to the age of "
                f"{hi}).",
            ),
        )
    if inp.residence is Residence.UNKNOWN:
        return _Outcome(
            Jmd.UNKNOWN,
            "jmd.residence_unknown",
            _Text(
                f"Der Jugendmigrationsdienst (JMD) berät junge Zugewanderte von {lo} bis {hi} "
                "Jahren. Ob die Person dazugehört, hängt vom Aufenthaltsstatus ab: Für Menschen "
                "ohne legalen Aufenthaltsstatus ist die anonyme Beratung zuständig.",
                f"The youth migration service (JMD) counsels young immigrants aged {lo} to {hi}. "
                "Whether the person belongs to that group depends on the residence status: "
                "people without legal residence status go to the anonymous counselling.",
            ),
            missing=(_Missing.RESIDENCE,),
        )
    return _Outcome(
        Jmd.ELIGIBLE,
        "jmd.age_range",
        _Text(
            "Der Jugendmigrationsdienst (JMD) ist zuständig: Er berät junge Zugewanderte und "
            f"Spätaussiedler:innen von {lo} bis {hi} Jahren.",
            "The youth migration service (JMD) is responsible: it counsels young immigrants and "
            f"resettlers aged {lo} to {hi}.",
        ),
    )


# --- routing --------------------------------------------------------------------------------

_NO_STATUS_TEXT = _Text(
    "Die Person hat keinen legalen Aufenthaltsstatus. Zuständig ist deshalb die Beratung für "
    "Menschen ohne legalen Aufenthaltsstatus – unabhängig vom Alter und auch in einer Krise: "
    "Diese Beratung ist anonym, die Person muss dort keine persönlichen Daten angeben. MBE und "
    "JMD kommen nicht in Frage, weil dort eine Akte mit persönlichen Daten geführt wird. Bitte "
    "verweisen Sie die Person an diese Beratung.",
    "The person has no legal residence status. The counselling for people without legal "
    "residence status is therefore responsible – whatever their age, and in a crisis too: it is "
    "anonymous, so the person does not have to give any personal details there. MBE and JMD are "
    "not an option because they keep a file with personal details. Please refer the person to "
    "that counselling.",
)


def _referral(inp: EligibilityInput, age: int | None, rs: RuleSet) -> tuple[Signpost, _Text]:
    """The responsible service once MBE and JMD are both ruled out (the age is then known)."""
    if age is not None and age < rs.jmd_min_age:
        return Signpost.YOUTH_WELFARE, _Text(
            f"Für Kinder unter {rs.jmd_min_age} Jahren ist das Jugendamt zuständig. Bitte "
            "verweisen Sie die Familie dorthin.",
            f"For children under {rs.jmd_min_age} the youth welfare office is responsible. "
            "Please refer the family there.",
        )
    if inp.residence in _OUTSIDE:
        return Signpost.REFUGEE_COUNSELLING, _Text(
            "Zuständig ist die Flüchtlingsberatung. Bitte verweisen Sie die Person dorthin.",
            "The refugee counselling service is responsible. Please refer the person there.",
        )
    # permanent or resettler, adult, longer resident, no crisis (all other cases fit or are
    # unknown before this point)
    return Signpost.REGULAR_SERVICES, _Text(
        "Zuständig sind die allgemeinen sozialen Dienste vor Ort (Regeldienste). Bitte verweisen "
        "Sie die Person dorthin.",
        "The general social services in the area are responsible. Please refer the person there.",
    )


def _priority_text(inp: EligibilityInput, mbe: Mbe) -> _Text | None:
    if mbe in MBE_FITS:
        if inp.course_obligation:
            return _Text(
                "Die Person ist zur Teilnahme am Integrationskurs verpflichtet. Ist die "
                "Beratungskapazität knapp, wird sie deshalb in der MBE vorrangig beraten.",
                "The person is obliged to attend an integration course. When counselling "
                "capacity is scarce, they are therefore counselled with priority in the MBE.",
            )
        return _Text(
            "Kein Vorrang bei knapper Kapazität: Eine Pflicht zur Teilnahme am Integrationskurs "
            "ist nicht angegeben.",
            "No priority when capacity is scarce: no obligation to attend an integration course "
            "is recorded.",
        )
    if not inp.course_obligation:
        return None
    if mbe is Mbe.UNKNOWN:
        return _Text(
            "Falls die MBE zuständig ist, wird die Person wegen der Pflicht zum Integrationskurs "
            "bei knapper Kapazität vorrangig beraten.",
            "If the MBE turns out to be responsible, the person gets priority when capacity is "
            "scarce because they are obliged to attend an integration course.",
        )
    return _Text(
        "Die Pflicht zum Integrationskurs gibt nur in der MBE Vorrang; an der Zuständigkeit "
        "ändert sie nichts.",
        "The obligation to attend an integration course only gives priority within the MBE; it "
        "does not change which service is responsible.",
    )


def decide(inp: EligibilityInput, rule_sets: Iterable[RuleSet] = RULE_SETS) -> EligibilityDecision:
    """Decide MBE, JMD, priority and referral for ``inp`` under the rule set in force on ``on``."""
    rs = rule_set_for(inp.on, rule_sets)
    age = None if inp.birth_date is None else completed_years(inp.birth_date, inp.on)
    parts: list[_Text] = [_age_text(inp, age)]

    if inp.residence is Residence.NO_STATUS:
        mbe, basis, jmd = Mbe.NOT_ELIGIBLE, None, Jmd.NOT_ELIGIBLE
        referral: Signpost | None = Signpost.NO_STATUS_COUNSELLING
        rule = "referral.no_status_counselling"
        parts.append(_NO_STATUS_TEXT)
    else:
        m, j = _mbe(inp, age, rs), _jmd(inp, age, rs)
        mbe, basis, jmd = m.status, m.basis, j.status
        parts.append(m.text)
        if jmd is not Jmd.NOT_ELIGIBLE or mbe not in MBE_FITS:
            parts.append(j.text)
        if mbe in MBE_FITS and jmd is Jmd.ELIGIBLE:
            parts.append(
                _Text(
                    f"Mit {age} Jahren kommen beide Dienste in Frage: die MBE (ab "
                    f"{rs.mbe_min_age} Jahren) und der JMD (bis einschließlich {rs.jmd_max_age} "
                    "Jahre). Sie entscheiden gemeinsam mit der Person, welcher Dienst berät.",
                    f"At {age} both services are open to the person: the MBE (from "
                    f"{rs.mbe_min_age}) and the JMD (up to and including {rs.jmd_max_age}). You "
                    "decide together with the person which service counsels them.",
                )
            )
        priority_text = _priority_text(inp, mbe)
        if priority_text is not None:
            parts.append(priority_text)
        referral = None
        if mbe is Mbe.NOT_ELIGIBLE and jmd is Jmd.NOT_ELIGIBLE:
            referral, referral_text = _referral(inp, age, rs)
            parts.append(referral_text)
            rule = f"referral.{referral.value}"
        elif mbe in MBE_FITS:
            rule = m.rule
        elif jmd is Jmd.ELIGIBLE:
            rule = j.rule
        else:
            rule = m.rule if mbe is Mbe.UNKNOWN else j.rule
            parts.append(
                _Text(
                    "Welcher Dienst zuständig ist, lässt sich noch nicht sagen.",
                    "It is not yet possible to say which service is responsible.",
                )
            )
        missing = [
            item
            for item in _Missing
            if (mbe is Mbe.UNKNOWN and item in m.missing)
            or (jmd is Jmd.UNKNOWN and item in j.missing)
        ]
        if missing:
            parts.append(
                _Text(
                    f"Für eine sichere Entscheidung fehlt noch: "
                    f"{_join_de([item.value.de for item in missing])}. Bitte ergänzen Sie die "
                    "Angaben und prüfen Sie erneut.",
                    "Still missing for a reliable decision: "
                    f"{_join_en([item.value.en for item in missing])}. Please add the missing "
                    "details and check again.",
                )
            )

    priority = inp.course_obligation and mbe in MBE_FITS
    parts.append(
        _Text(
            f"Geprüft nach Regelwerk {rs.version} (gültig ab {_de(rs.effective_from)}).",
            f"Checked against rule set {rs.version} (in force from {_en(rs.effective_from)}).",
        )
    )
    return EligibilityDecision(
        mbe=mbe,
        mbe_basis=basis,
        jmd=jmd,
        priority=priority,
        referral=referral,
        rule_set=rs.version,
        rule=rule,
        explanation_de=" ".join(p.de for p in parts),
        explanation_en=" ".join(p.en for p in parts),
    )


def referral_for_centre(decision: EligibilityDecision, *, offers_jmd: bool) -> Signpost | None:
    """The referral at a concrete centre: a centre without JMD refers JMD cases to the JMD."""
    if decision.referral is not None:
        return decision.referral
    if not offers_jmd and decision.jmd is Jmd.ELIGIBLE and decision.mbe not in MBE_FITS:
        return Signpost.JMD
    return None
