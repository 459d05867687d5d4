"""The eligibility and routing engine, rule by rule and edge by edge (DOMAIN §D2)."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from typing import Any

import pytest

from lotse.eligibility.engine import (
    OUTPUT_KEYS,
    RULE_SETS,
    RULES,
    EligibilityDecision,
    EligibilityInput,
    InvalidInputError,
    Jmd,
    Mbe,
    MbeBasis,
    NoRuleSetError,
    Residence,
    RuleSet,
    Signpost,
    completed_years,
    decide,
    input_from_json,
    period_last_day,
    referral_for_centre,
    rule_set_for,
)

ON = "2026-05-10"  # the default assessment day
ADULT = "1980-01-01"  # 46 on ON


def make(
    *,
    on: str = ON,
    birth: str | None = ADULT,
    residence: str = "permanent",
    entry: str | None = None,
    status: str | None = None,
    crisis: bool = False,
    course: bool = False,
) -> EligibilityInput:
    def d(value: str | None) -> date | None:
        return None if value is None else date.fromisoformat(value)

    return EligibilityInput(
        on=date.fromisoformat(on),
        birth_date=d(birth),
        residence=Residence(residence),
        entry_date=d(entry),
        permanent_status_date=d(status),
        crisis=crisis,
        course_obligation=course,
    )


# A permanent resident who is clearly a newcomer on ON (later date 2025-06-01).
NEW = {"residence": "permanent", "entry": "2025-01-01", "status": "2025-06-01"}
# A permanent resident who clearly arrived long ago.
OLD = {"residence": "permanent", "entry": "2010-01-01", "status": "2015-01-01"}

E, OC, NE, U = Mbe.ELIGIBLE, Mbe.OPENING_CLAUSE, Mbe.NOT_ELIGIBLE, Mbe.UNKNOWN
JE, JNE, JU = Jmd.ELIGIBLE, Jmd.NOT_ELIGIBLE, Jmd.UNKNOWN
NA, RS, CR = MbeBasis.NEW_ARRIVAL, MbeBasis.RESETTLER, MbeBasis.CRISIS
REF, NOS, YW, REG = (
    Signpost.REFUGEE_COUNSELLING,
    Signpost.NO_STATUS_COUNSELLING,
    Signpost.YOUTH_WELFARE,
    Signpost.REGULAR_SERVICES,
)

# id, input, (mbe, mbe_basis, jmd, priority, referral, rule)
CASES: list[tuple[str, dict[str, Any], tuple[Any, ...]]] = [
    # --- age in completed years, birthday on the assessment day
    ("age-26-day-before-27th-birthday", {"birth": "1999-05-11", **NEW},
     (NE, None, JE, False, None, "jmd.age_range")),
    ("age-27-birthday-on-assessment-day-both-services", {"birth": "1999-05-10", **NEW},
     (E, NA, JE, False, None, "mbe.permanent_new_arrival")),
    ("age-27-day-after-birthday", {"birth": "1999-05-09", **NEW},
     (E, NA, JE, False, None, "mbe.permanent_new_arrival")),
    ("age-28-birthday-on-assessment-day", {"birth": "1998-05-10", **NEW},
     (E, NA, JNE, False, None, "mbe.permanent_new_arrival")),
    ("age-27-day-before-28th-birthday", {"birth": "1998-05-11", **NEW},
     (E, NA, JE, False, None, "mbe.permanent_new_arrival")),
    # --- born on 29 February
    ("born-29-feb-on-28-feb-non-leap-year-still-26",
     {"on": "2027-02-28", "birth": "2000-02-29", **NEW},
     (NE, None, JE, False, None, "jmd.age_range")),
    ("born-29-feb-on-1-mar-non-leap-year-turns-27",
     {"on": "2027-03-01", "birth": "2000-02-29", **NEW},
     (E, NA, JE, False, None, "mbe.permanent_new_arrival")),
    ("born-29-feb-on-28-feb-leap-year-still-27",
     {"on": "2028-02-28", "birth": "2000-02-29", **NEW},
     (E, NA, JE, False, None, "mbe.permanent_new_arrival")),
    ("born-29-feb-on-29-feb-leap-year-turns-28",
     {"on": "2028-02-29", "birth": "2000-02-29", **NEW},
     (E, NA, JNE, False, None, "mbe.permanent_new_arrival")),
    # --- resettlers: three years after entry, anniversary inclusive
    ("resettler-within-3-years", {"on": "2025-01-01", "residence": "resettler",
                                  "entry": "2023-05-10"},
     (E, RS, JNE, False, None, "mbe.resettler_new_arrival")),
    ("resettler-on-3rd-anniversary-inclusive", {"residence": "resettler", "entry": "2023-05-10"},
     (E, RS, JNE, False, None, "mbe.resettler_new_arrival")),
    ("resettler-day-after-3rd-anniversary", {"on": "2026-05-11", "residence": "resettler",
                                             "entry": "2023-05-10"},
     (NE, None, JNE, False, REG, "referral.regular_services")),
    ("resettler-family-within-3-years", {"residence": "resettler_family", "entry": "2024-01-01"},
     (E, RS, JNE, False, None, "mbe.resettler_new_arrival")),
    ("resettler-family-on-3rd-anniversary-inclusive",
     {"residence": "resettler_family", "entry": "2023-05-10"},
     (E, RS, JNE, False, None, "mbe.resettler_new_arrival")),
    ("resettler-family-day-after-3rd-anniversary",
     {"residence": "resettler_family", "entry": "2023-05-09"},
     (NE, None, JNE, False, REG, "referral.regular_services")),
    ("resettler-entry-29-feb-period-ends-28-feb",
     {"on": "2027-02-28", "residence": "resettler", "entry": "2024-02-29"},
     (E, RS, JNE, False, None, "mbe.resettler_new_arrival")),
    ("resettler-entry-29-feb-outside-on-1-mar",
     {"on": "2027-03-01", "residence": "resettler", "entry": "2024-02-29"},
     (NE, None, JNE, False, REG, "referral.regular_services")),
    ("resettler-missing-entry-date-unknown", {"residence": "resettler"},
     (U, None, JNE, False, None, "mbe.arrival_dates_unknown")),
    ("resettler-family-missing-entry-date-in-crisis-still-unknown",
     {"residence": "resettler_family", "crisis": True},
     (U, None, JNE, False, None, "mbe.arrival_dates_unknown")),
    ("resettler-newcomer-in-crisis-keeps-resettler-basis",
     {"residence": "resettler", "entry": "2025-01-01", "crisis": True},
     (E, RS, JNE, False, None, "mbe.resettler_new_arrival")),
    # --- permanent (§ 44 AufenthG): the later of entry and status date counts
    ("permanent-status-later-than-entry-on-anniversary",
     {"residence": "permanent", "entry": "2020-01-01", "status": "2023-05-10"},
     (E, NA, JNE, False, None, "mbe.permanent_new_arrival")),
    ("permanent-status-later-than-entry-day-after-anniversary",
     {"residence": "permanent", "entry": "2020-01-01", "status": "2023-05-09"},
     (NE, None, JNE, False, REG, "referral.regular_services")),
    ("permanent-entry-later-than-status-on-anniversary",
     {"residence": "permanent", "entry": "2023-05-10", "status": "2021-01-01"},
     (E, NA, JNE, False, None, "mbe.permanent_new_arrival")),
    ("permanent-entry-later-than-status-day-after-anniversary",
     {"residence": "permanent", "entry": "2023-05-09", "status": "2021-01-01"},
     (NE, None, JNE, False, REG, "referral.regular_services")),
    ("permanent-same-entry-and-status-date",
     {"residence": "permanent", "entry": "2024-01-01", "status": "2024-01-01"},
     (E, NA, JNE, False, None, "mbe.permanent_new_arrival")),
    ("permanent-no-dates-unknown", {"residence": "permanent"},
     (U, None, JNE, False, None, "mbe.arrival_dates_unknown")),
    ("permanent-no-dates-in-crisis-still-unknown", {"residence": "permanent", "crisis": True},
     (U, None, JNE, False, None, "mbe.arrival_dates_unknown")),
    ("permanent-only-status-date-recent-provably-inside",
     {"residence": "permanent", "status": "2024-01-01"},
     (E, NA, JNE, False, None, "mbe.permanent_new_arrival")),
    ("permanent-only-entry-date-recent-provably-inside",
     {"residence": "permanent", "entry": "2024-01-01"},
     (E, NA, JNE, False, None, "mbe.permanent_new_arrival")),
    ("permanent-only-entry-date-on-anniversary-provably-inside",
     {"residence": "permanent", "entry": "2023-05-10"},
     (E, NA, JNE, False, None, "mbe.permanent_new_arrival")),
    ("permanent-only-entry-date-old-status-could-be-later",
     {"residence": "permanent", "entry": "2023-05-09"},
     (U, None, JNE, False, None, "mbe.arrival_dates_unknown")),
    ("permanent-only-status-date-old-entry-could-be-later",
     {"residence": "permanent", "status": "2015-01-01"},
     (U, None, JNE, False, None, "mbe.arrival_dates_unknown")),
    ("permanent-only-entry-date-old-in-crisis-still-unknown",
     {"residence": "permanent", "entry": "2015-01-01", "crisis": True},
     (U, None, JNE, False, None, "mbe.arrival_dates_unknown")),
    # --- longer-resident immigrants: only in a crisis
    ("long-resident-permanent-crisis", {**OLD, "crisis": True},
     (E, CR, JNE, False, None, "mbe.long_resident_crisis")),
    ("long-resident-resettler-crisis", {"residence": "resettler", "entry": "2001-01-01",
                                        "crisis": True},
     (E, CR, JNE, False, None, "mbe.long_resident_crisis")),
    ("long-resident-permanent-no-crisis", OLD,
     (NE, None, JNE, False, REG, "referral.regular_services")),
    ("long-resident-crisis-under-27", {**OLD, "birth": "2000-01-01", "crisis": True},
     (NE, None, JE, False, None, "jmd.age_range")),
    # --- missing birth date: never eligible, unless a rule decides regardless of age
    ("no-birth-date-newcomer-unknown", {"birth": None, **NEW},
     (U, None, JU, False, None, "mbe.birth_date_unknown")),
    ("no-birth-date-long-resident-crisis-unknown", {"birth": None, **OLD, "crisis": True},
     (U, None, JU, False, None, "mbe.birth_date_unknown")),
    ("no-birth-date-long-resident-no-crisis-mbe-ruled-out-jmd-unknown", {"birth": None, **OLD},
     (NE, None, JU, False, None, "jmd.birth_date_unknown")),
    ("no-birth-date-asylum-seeker-crisis-unknown",
     {"birth": None, "residence": "asylum_seeker", "crisis": True},
     (U, None, JU, False, None, "mbe.birth_date_unknown")),
    ("no-birth-date-asylum-seeker-no-crisis-mbe-ruled-out",
     {"birth": None, "residence": "asylum_seeker"},
     (NE, None, JU, False, None, "jmd.birth_date_unknown")),
    ("no-birth-date-no-dates-unknown", {"birth": None, "residence": "permanent"},
     (U, None, JU, False, None, "mbe.arrival_dates_unknown")),
    # --- asylum seekers and temporary permits: opening clause only in a crisis
    ("asylum-seeker-no-crisis-refugee-counselling", {"residence": "asylum_seeker"},
     (NE, None, JNE, False, REF, "referral.refugee_counselling")),
    ("asylum-seeker-crisis-opening-clause", {"residence": "asylum_seeker", "crisis": True},
     (OC, None, JNE, False, None, "mbe.opening_clause")),
    ("temporary-no-crisis-refugee-counselling", {"residence": "temporary", "entry": "2025-01-01"},
     (NE, None, JNE, False, REF, "referral.refugee_counselling")),
    ("temporary-crisis-opening-clause", {"residence": "temporary", "crisis": True},
     (OC, None, JNE, False, None, "mbe.opening_clause")),
    ("asylum-seeker-crisis-26-jmd-not-opening-clause",
     {"birth": "1999-05-11", "residence": "asylum_seeker", "crisis": True},
     (NE, None, JE, False, None, "jmd.age_range")),
    ("asylum-seeker-crisis-27-opening-clause-and-jmd",
     {"birth": "1999-05-10", "residence": "asylum_seeker", "crisis": True},
     (OC, None, JE, False, None, "mbe.opening_clause")),
    ("temporary-28-no-crisis-refugee-counselling",
     {"birth": "1998-05-10", "residence": "temporary"},
     (NE, None, JNE, False, REF, "referral.refugee_counselling")),
    # --- no legal status: anonymous counselling, at any age and in a crisis too
    ("no-status-adult", {"residence": "no_status"},
     (NE, None, JNE, False, NOS, "referral.no_status_counselling")),
    ("no-status-crisis-still-no-status-counselling",
     {"residence": "no_status", "crisis": True, "course": True},
     (NE, None, JNE, False, NOS, "referral.no_status_counselling")),
    ("no-status-youth-17", {"birth": "2009-01-01", "residence": "no_status"},
     (NE, None, JNE, False, NOS, "referral.no_status_counselling")),
    ("no-status-child-5", {"birth": "2021-01-01", "residence": "no_status"},
     (NE, None, JNE, False, NOS, "referral.no_status_counselling")),
    ("no-status-no-birth-date", {"birth": None, "residence": "no_status"},
     (NE, None, JNE, False, NOS, "referral.no_status_counselling")),
    # --- unknown residence
    ("unknown-residence-adult", {"residence": "unknown"},
     (U, None, JNE, False, None, "mbe.residence_unknown")),
    ("unknown-residence-adult-crisis", {"residence": "unknown", "crisis": True},
     (U, None, JNE, False, None, "mbe.residence_unknown")),
    ("unknown-residence-20", {"birth": "2006-01-01", "residence": "unknown"},
     (NE, None, JU, False, None, "jmd.residence_unknown")),
    ("unknown-residence-27", {"birth": "1999-01-01", "residence": "unknown"},
     (U, None, JU, False, None, "mbe.residence_unknown")),
    ("unknown-residence-child-8-youth-welfare", {"birth": "2018-01-01", "residence": "unknown"},
     (NE, None, JNE, False, YW, "referral.youth_welfare")),
    ("unknown-residence-no-birth-date", {"birth": None, "residence": "unknown"},
     (U, None, JU, False, None, "mbe.residence_unknown")),
    # --- priority: integration-course obligation (§ 44a (1) no. 2 AufenthG)
    ("priority-eligible-with-course-obligation", {**NEW, "course": True},
     (E, NA, JNE, True, None, "mbe.permanent_new_arrival")),
    ("priority-crisis-basis-with-course-obligation", {**OLD, "crisis": True, "course": True},
     (E, CR, JNE, True, None, "mbe.long_resident_crisis")),
    ("priority-opening-clause-with-course-obligation",
     {"residence": "asylum_seeker", "crisis": True, "course": True},
     (OC, None, JNE, True, None, "mbe.opening_clause")),
    ("no-priority-eligible-without-course-obligation", NEW,
     (E, NA, JNE, False, None, "mbe.permanent_new_arrival")),
    ("no-priority-not-eligible-with-course-obligation", {**OLD, "course": True},
     (NE, None, JNE, False, REG, "referral.regular_services")),
    ("no-priority-mbe-unknown-with-course-obligation", {"residence": "permanent", "course": True},
     (U, None, JNE, False, None, "mbe.arrival_dates_unknown")),
    ("no-priority-jmd-only-with-course-obligation",
     {"birth": "2006-01-01", **NEW, "course": True},
     (NE, None, JE, False, None, "jmd.age_range")),
    # --- JMD 12–27 and the youth welfare office below 12
    ("jmd-age-11-youth-welfare", {"birth": "2014-05-11", **NEW},
     (NE, None, JNE, False, YW, "referral.youth_welfare")),
    ("jmd-age-12-on-birthday", {"birth": "2014-05-10", **NEW},
     (NE, None, JE, False, None, "jmd.age_range")),
    ("jmd-age-27-long-resident-jmd-only", {"birth": "1999-01-01", **OLD},
     (NE, None, JE, False, None, "jmd.age_range")),
    ("jmd-age-28-long-resident-regular-services", {"birth": "1998-01-01", **OLD},
     (NE, None, JNE, False, REG, "referral.regular_services")),
    ("jmd-asylum-seeker-16", {"birth": "2010-01-01", "residence": "asylum_seeker"},
     (NE, None, JE, False, None, "jmd.age_range")),
    ("jmd-temporary-20", {"birth": "2006-01-01", "residence": "temporary"},
     (NE, None, JE, False, None, "jmd.age_range")),
    ("jmd-resettler-family-15-long-resident", {"birth": "2011-01-01",
                                               "residence": "resettler_family",
                                               "entry": "2012-01-01"},
     (NE, None, JE, False, None, "jmd.age_range")),
    ("asylum-seeker-child-9-youth-welfare", {"birth": "2017-01-01", "residence": "asylum_seeker"},
     (NE, None, JNE, False, YW, "referral.youth_welfare")),
    ("jmd-age-0-born-on-assessment-day", {"birth": ON, "residence": "temporary"},
     (NE, None, JNE, False, YW, "referral.youth_welfare")),
]  # fmt: skip


@pytest.mark.parametrize(("kwargs", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_decision_table(kwargs: dict[str, Any], expected: tuple[Any, ...]) -> None:
    decision = decide(make(**kwargs))
    got = (
        decision.mbe,
        decision.mbe_basis,
        decision.jmd,
        decision.priority,
        decision.referral,
        decision.rule,
    )
    assert got == expected, decision.explanation_en
    assert decision.rule_set == "2016-01"


def test_every_rule_id_is_documented_and_reached_by_the_table() -> None:
    reached = {expected[5] for _, _, expected in CASES}
    assert reached == set(RULES)


# id, input, fragments of the German explanation, fragments of the English one
EXPLANATIONS: list[tuple[str, dict[str, Any], list[str], list[str]]] = [
    ("birthday-on-assessment-day", {"birth": "1999-05-10", **NEW},
     ["Geburtstag", "bereits 27 Jahre alt"], ["birthday", "already 27"]),
    ("27-both-services-counsellor-chooses", {"birth": "1999-05-10", **NEW},
     ["beide Dienste", "Sie entscheiden gemeinsam mit der Person"],
     ["both services", "You decide together with the person"]),
    ("27-opening-clause-and-jmd", {"birth": "1999-01-01", "residence": "asylum_seeker",
                                   "crisis": True},
     ["Öffnungsklausel", "freie Beratungskapazität", "beide Dienste"],
     ["opening clause", "free counselling capacity", "both services"]),
    ("born-29-feb-28-feb", {"on": "2027-02-28", "birth": "2000-02-29", **NEW},
     ["29. Februar", "erst am 1. März", "26 Jahre alt"], ["29 February", "only on 1 March"]),
    ("born-29-feb-1-mar", {"on": "2027-03-01", "birth": "2000-02-29", **NEW},
     ["29. Februar", "am 1. März ein Jahr älter", "27 Jahre alt"], ["1 March"]),
    ("anniversary-inclusive", {"residence": "resettler", "entry": "2023-05-10"},
     ["10.05.2023", "bis einschließlich 10.05.2026", "Spätaussiedler"],
     ["up to and including 10 May 2026"]),
    ("anniversary-passed", {"on": "2026-05-11", "residence": "resettler", "entry": "2023-05-10"},
     ["endete am 10.05.2026", "schon länger", "Regeldienste"], ["ended on 10 May 2026"]),
    ("later-of-two-dates", {"residence": "permanent", "entry": "2020-01-01",
                            "status": "2023-05-10"},
     ["spätere der beiden Daten", "also der 10.05.2023", "bis einschließlich 10.05.2026"],
     ["later of the two dates", "that is 10 May 2023"]),
    ("one-date-missing-provable", {"residence": "permanent", "status": "2024-01-01"},
     ["Das Datum der Einreise fehlt", "Das ändert hier nichts", "mindestens so lange"],
     ["date of entry is missing", "does not matter here"]),
    ("one-date-missing-could-be-later", {"residence": "permanent", "entry": "2020-01-01"},
     ["könnte später liegen", "fehlt noch: das Datum des dauerhaften Aufenthaltsrechts",
      "Bitte ergänzen Sie"], ["could be later", "Please add the missing details"]),
    ("dates-missing-in-crisis-fits-either-way", {"residence": "permanent", "crisis": True},
     ["so oder so", "Einreisedatum"], ["either way"]),
    ("birth-date-missing", {"birth": None, **NEW},
     ["Geburtsdatum fehlt", "fehlt noch: das Geburtsdatum", "noch nicht sagen"],
     ["date of birth is missing", "not yet possible to say"]),
    ("long-resident-crisis", {**OLD, "crisis": True},
     ["schon länger", "akuten Krise", "trotzdem zur Zielgruppe"], ["acute crisis"]),
    ("asylum-no-crisis", {"residence": "asylum_seeker"},
     ["Asylverfahren", "Krise ist nicht angegeben", "Flüchtlingsberatung"],
     ["refugee counselling"]),
    ("temporary-crisis", {"residence": "temporary", "crisis": True},
     ["befristetem Aufenthaltsrecht", "Öffnungsklausel", "nur, wenn freie"],
     ["temporary residence permit", "only if there is free"]),
    ("no-status", {"residence": "no_status", "crisis": True},
     ["ohne legalen Aufenthaltsstatus", "anonym", "auch in einer Krise"],
     ["anonymous", "in a crisis too"]),
    ("unknown-residence", {"residence": "unknown"},
     ["Aufenthaltsstatus ist nicht bekannt", "fehlt noch: der Aufenthaltsstatus"],
     ["residence status is not known"]),
    ("priority", {**NEW, "course": True},
     ["Integrationskurs verpflichtet", "vorrangig"], ["with priority"]),
    ("no-priority-outside-mbe", {**OLD, "course": True},
     ["nur in der MBE Vorrang"], ["only gives priority within the MBE"]),
    ("youth-welfare", {"birth": "2018-01-01", **NEW},
     ["Jugendamt", "noch zu jung"], ["youth welfare office"]),
    ("jmd", {"birth": "2010-01-01", **NEW},
     ["Jugendmigrationsdienst (JMD) ist zuständig", "12 bis 27"], ["aged 12 to 27"]),
    ("rule-set-named", NEW, ["Regelwerk 2016-01", "01.01.2016"], ["rule set 2016-01"]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("kwargs", "german", "english"),
    [c[1:] for c in EXPLANATIONS],
    ids=[c[0] for c in EXPLANATIONS],
)
def test_explanations_name_the_edge(
    kwargs: dict[str, Any], german: list[str], english: list[str]
) -> None:
    decision = decide(make(**kwargs))
    for fragment in german:
        assert fragment in decision.explanation_de
    for fragment in english:
        assert fragment in decision.explanation_en


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_german_explanation_addresses_the_counsellor_not_the_client(
    case: tuple[str, dict[str, Any], tuple[Any, ...]],
) -> None:
    text = decide(make(**case[1])).explanation_de
    # "Sie" is the counsellor; the client is always "die Person" (never "Sie ist …").
    assert "Sie ist" not in text and "Sie hat" not in text and "Sie lebt" not in text
    assert "Regelwerk 2016-01" in text


# --- age and periods --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("birth", "on", "age"),
    [
        ("1999-05-10", "2026-05-09", 26),
        ("1999-05-10", "2026-05-10", 27),
        ("1999-05-10", "2026-05-11", 27),
        ("2000-02-29", "2027-02-28", 26),
        ("2000-02-29", "2027-03-01", 27),
        ("2000-02-29", "2028-02-28", 27),
        ("2000-02-29", "2028-02-29", 28),
        ("2000-03-01", "2027-02-28", 26),
        ("2000-03-01", "2027-03-01", 27),
        ("2026-05-10", "2026-05-10", 0),
    ],
    ids=lambda v: str(v),
)
def test_completed_years(birth: str, on: str, age: int) -> None:
    assert completed_years(date.fromisoformat(birth), date.fromisoformat(on)) == age


@pytest.mark.parametrize(
    ("start", "years", "last"),
    [
        ("2023-05-10", 3, "2026-05-10"),
        ("2024-02-29", 3, "2027-02-28"),
        ("2024-02-29", 4, "2028-02-29"),
        ("2023-12-31", 3, "2026-12-31"),
        ("9998-01-01", 3, "9999-12-31"),
    ],
    ids=lambda v: str(v),
)
def test_period_last_day_is_the_anniversary(start: str, years: int, last: str) -> None:
    assert period_last_day(date.fromisoformat(start), years) == date.fromisoformat(last)


def test_a_newcomer_near_the_end_of_the_calendar_is_decided() -> None:
    decision = decide(make(on="9999-12-31", residence="resettler", entry="9999-01-01"))
    assert decision.mbe is Mbe.ELIGIBLE


# --- rule sets --------------------------------------------------------------------------------

LATER = RuleSet(
    version="2030-01-test",
    effective_from=date(2030, 1, 1),
    mbe_min_age=25,
    jmd_min_age=14,
    jmd_max_age=24,
    new_arrival_years=5,
)
SETS = (*RULE_SETS, LATER)


@pytest.mark.parametrize(
    ("on", "version"),
    [
        ("2016-01-01", "2016-01"),
        ("2029-12-31", "2016-01"),
        ("2030-01-01", "2030-01-test"),
        ("2040-06-01", "2030-01-test"),
    ],
    ids=["first-day-of-2016-01", "last-day-of-2016-01", "first-day-of-later", "after-later"],
)
def test_rule_set_selection_by_date(on: str, version: str) -> None:
    assert rule_set_for(date.fromisoformat(on), SETS).version == version
    assert rule_set_for(date.fromisoformat(on), reversed(SETS)).version == version


def test_the_default_registry_starts_with_2016_01() -> None:
    (only,) = RULE_SETS
    assert (only.version, only.effective_from) == ("2016-01", date(2016, 1, 1))
    assert (only.mbe_min_age, only.jmd_min_age, only.jmd_max_age) == (27, 12, 27)
    assert only.new_arrival_years == 3
    assert rule_set_for(date(2026, 5, 10)) is only


def test_decide_uses_the_rule_set_in_force_on_the_day() -> None:
    person = {"birth": "2004-01-01", "residence": "resettler", "entry": "2025-06-01"}
    before = decide(make(on="2029-12-31", **person), SETS)  # 25 years old
    after = decide(make(on="2030-01-01", **person), SETS)  # 26 years old
    assert (before.rule_set, before.mbe, before.jmd) == ("2016-01", NE, JE)
    assert (after.rule_set, after.mbe, after.jmd) == ("2030-01-test", E, JNE)
    assert "Regelwerk 2030-01-test" in after.explanation_de
    assert "innerhalb von 5 Jahren" in after.explanation_de
    assert "ab 27 Jahren" in before.explanation_de


def test_a_day_before_every_rule_set_is_a_clear_error() -> None:
    with pytest.raises(NoRuleSetError, match=r"No rule set is in force on 2015-12-31.*2016-01"):
        decide(make(on="2015-12-31", birth="1980-01-01"))
    with pytest.raises(NoRuleSetError):
        rule_set_for(date(2026, 1, 1), [])


def test_rule_sets_must_be_unique_and_sane() -> None:
    with pytest.raises(ValueError, match="unique"):
        rule_set_for(date(2026, 1, 1), [*RULE_SETS, dataclasses.replace(LATER, version="2016-01")])
    with pytest.raises(ValueError, match="JMD ages"):
        dataclasses.replace(LATER, jmd_min_age=30)
    with pytest.raises(ValueError, match="years"):
        dataclasses.replace(LATER, new_arrival_years=0)


# --- input ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"birth": "2026-05-11"}, "birth_date"),
        ({"entry": "2026-05-11"}, "entry_date"),
        ({"status": "2026-05-11"}, "permanent_status_date"),
        ({"birth": "2000-01-01", "entry": "1999-12-31"}, "before the birth date"),
        ({"birth": "2000-01-01", "status": "1999-12-31"}, "before the birth date"),
    ],
    ids=["birth-after-on", "entry-after-on", "status-after-on", "entry-before-birth",
         "status-before-birth"],
)  # fmt: skip
def test_contradictory_input_is_rejected(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidInputError, match=message):
        make(**kwargs)


def test_input_types_are_checked() -> None:
    base = make()
    with pytest.raises(InvalidInputError, match="'on'"):
        dataclasses.replace(base, on=datetime(2026, 5, 10, 12, 0))  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="crisis"):
        dataclasses.replace(base, crisis=1)  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="Unknown residence"):
        dataclasses.replace(base, residence="citizen")  # type: ignore[arg-type]
    plain = dataclasses.replace(base, residence="resettler")  # type: ignore[arg-type]
    assert plain.residence is Residence.RESETTLER


def test_input_from_json_fills_the_lenient_defaults() -> None:
    parsed = input_from_json({"on": "2026-05-10", "residence": "asylum_seeker"})
    assert parsed == EligibilityInput(
        on=date(2026, 5, 10),
        birth_date=None,
        residence=Residence.ASYLUM_SEEKER,
        entry_date=None,
        permanent_status_date=None,
        crisis=False,
        course_obligation=False,
    )


@pytest.mark.parametrize(
    ("obj", "message"),
    [
        ([], "JSON object"),
        ({"residence": "permanent"}, "Missing required key 'on'"),
        ({"on": "2026-05-10"}, "Missing required key 'residence'"),
        ({"on": "2026-05-10", "residence": "permanent", "age": 30}, "Unknown key"),
        ({"on": None, "residence": "permanent"}, "not null"),
        ({"on": "10.05.2026", "residence": "permanent"}, "ISO date"),
        ({"on": "20260510", "residence": "permanent"}, "ISO date"),
        ({"on": "2026-02-30", "residence": "permanent"}, "not a valid date"),
        ({"on": 20260510, "residence": "permanent"}, "ISO date"),
        ({"on": "2026-05-10", "residence": "Permanent"}, "Unknown residence"),
        ({"on": "2026-05-10", "residence": None}, "Unknown residence"),
        ({"on": "2026-05-10", "residence": "permanent", "crisis": "yes"}, "crisis"),
        ({"on": "2026-05-10", "residence": "permanent", "crisis": None}, "crisis"),
        ({"on": "2026-05-10", "residence": "permanent", "course_obligation": 1},
         "course_obligation"),
        ({"on": "2026-05-10", "residence": "permanent", "birth_date": "2027-01-01"}, "after"),
    ],
    ids=["not-an-object", "missing-on", "missing-residence", "unknown-key", "null-on",
         "german-date", "basic-iso-date", "impossible-date", "number-date", "residence-case",
         "null-residence", "string-bool", "null-bool", "int-bool", "birth-after-on"],
)  # fmt: skip
def test_input_from_json_rejects_bad_input(obj: object, message: str) -> None:
    with pytest.raises(InvalidInputError, match=message):
        input_from_json(obj)


# --- output -----------------------------------------------------------------------------------


def test_to_json_has_exactly_the_contract_keys() -> None:
    decision = decide(make(**NEW, course=True))
    out = decision.to_json()
    assert tuple(out) == OUTPUT_KEYS
    assert out == {
        "mbe": "eligible",
        "mbe_basis": "new_arrival",
        "jmd": "not_eligible",
        "priority": True,
        "referral": None,
        "rule_set": "2016-01",
        "explanation": decision.explanation_de,
    }


def test_decisions_are_frozen() -> None:
    decision = decide(make())
    assert isinstance(decision, EligibilityDecision)
    with pytest.raises(dataclasses.FrozenInstanceError):
        decision.mbe = Mbe.ELIGIBLE  # type: ignore[misc]


@pytest.mark.parametrize(
    ("kwargs", "offers_jmd", "expected"),
    [
        ({"birth": "2006-01-01", **NEW}, False, Signpost.JMD),
        ({"birth": "2006-01-01", **NEW}, True, None),
        ({"birth": "1999-05-10", **NEW}, False, None),  # 27: MBE fits, JMD optional
        ({**OLD}, False, Signpost.REGULAR_SERVICES),
        ({"birth": None, **NEW}, False, None),
    ],
    ids=["jmd-case-centre-without-jmd", "jmd-case-centre-with-jmd", "27-mbe-fits",
         "referral-kept", "unknown-stays-open"],
)  # fmt: skip
def test_referral_for_centre(kwargs: dict[str, Any], offers_jmd: bool, expected: Any) -> None:
    assert referral_for_centre(decide(make(**kwargs)), offers_jmd=offers_jmd) == expected


def test_decide_never_refers_to_jmd_itself() -> None:
    assert all(decide(make(**kwargs)).referral is not Signpost.JMD for _, kwargs, _ in CASES)
