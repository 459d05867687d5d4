"""'Which service is for me?': plain answers → engine inputs → plain result (issue #9 §1)."""

from __future__ import annotations

from datetime import date

import pytest

from lotse.eligibility.engine import Residence
from lotse.public.questions import (
    PLAIN_RESIDENCE,
    Answers,
    Outcome,
    PlainResidence,
    assess,
    engine_inputs,
)

ON = date(2026, 11, 25)


def answers(**values) -> Answers:
    base = {"on": ON, "residence": PlainResidence.SETTLED}
    base.update(values)
    return Answers(**base)


@pytest.mark.parametrize(
    ("plain", "residence"),
    [
        (PlainResidence.SETTLED, Residence.PERMANENT),
        (PlainResidence.EU, Residence.PERMANENT),
        (PlainResidence.RESETTLER, Residence.RESETTLER),
        (PlainResidence.RESETTLER_FAMILY, Residence.RESETTLER_FAMILY),
        (PlainResidence.ASYLUM, Residence.ASYLUM_SEEKER),
        (PlainResidence.TEMPORARY, Residence.TEMPORARY),
        (PlainResidence.NO_PAPERS, Residence.NO_STATUS),
        (PlainResidence.DONT_KNOW, Residence.UNKNOWN),
    ],
)
def test_every_plain_residence_maps_to_the_engine(plain, residence) -> None:
    assert PLAIN_RESIDENCE[plain] is residence
    (inp,) = engine_inputs(answers(residence=plain, age=40))
    assert inp.residence is residence


def test_age_becomes_a_birth_date_with_exactly_that_many_completed_years() -> None:
    (inp,) = engine_inputs(answers(age=27))
    assert inp.birth_date == date(1999, 11, 25)
    (inp,) = engine_inputs(answers(age=27, on=date(2028, 2, 29)))
    assert inp.birth_date == date(2001, 3, 1)  # no 29 February in 2001


def test_years_are_run_for_their_first_and_last_day() -> None:
    inputs = engine_inputs(answers(birth_year=1990, arrival_year=2024, status_year=2025))
    assert len(inputs) == 8
    assert {i.birth_date for i in inputs} == {date(1990, 1, 1), date(1990, 12, 31)}
    assert {i.entry_date for i in inputs} == {date(2024, 1, 1), date(2024, 12, 31)}
    assert {i.permanent_status_date for i in inputs} == {date(2025, 1, 1), date(2025, 12, 31)}
    # this year ends today at the latest
    (inp, later) = engine_inputs(answers(age=40, arrival_year=2026))
    assert (inp.entry_date, later.entry_date) == (date(2026, 1, 1), ON)


def test_status_year_only_for_settled_and_eu_citizens_count_from_arrival() -> None:
    for inp in engine_inputs(answers(residence=PlainResidence.ASYLUM, age=30, status_year=2024)):
        assert inp.permanent_status_date is None
    for inp in engine_inputs(answers(residence=PlainResidence.EU, age=30, arrival_year=2024)):
        assert inp.permanent_status_date == inp.entry_date


def test_nothing_contradictory_reaches_the_engine() -> None:
    with pytest.raises(ValueError):
        engine_inputs(answers(birth_year=2000, arrival_year=1995))
    with pytest.raises(ValueError):
        engine_inputs(answers(age=200))
    with pytest.raises(ValueError):
        engine_inputs(answers(age=30, arrival_year=2030))


@pytest.mark.parametrize(
    ("values", "outcomes", "services", "depends", "priority"),
    [
        # newcomer, 35, permanent since 2025: MBE
        ({"age": 35, "arrival_year": 2024, "status_year": 2025}, ("mbe",), ("mbe",), False, False),
        # … obliged to attend an integration course: priority
        (
            {"age": 35, "arrival_year": 2024, "status_year": 2025, "course_obligation": True},
            ("mbe",),
            ("mbe",),
            False,
            True,
        ),
        # 19 years old: JMD
        ({"age": 19, "arrival_year": 2025}, ("jmd",), ("jmd",), False, False),
        # exactly 27: both (the counsellor chooses with the person)
        (
            {"age": 27, "arrival_year": 2025, "status_year": 2025},
            ("both_at_27",),
            ("mbe", "jmd"),
            False,
            False,
        ),
        # born 1999: 26 or 27 today, depends on the birthday
        (
            {"birth_year": 1999, "arrival_year": 2025, "status_year": 2025},
            ("both_at_27",),
            ("mbe", "jmd"),
            True,
            False,
        ),
        # asylum seeker, adult, no crisis: refugee counselling
        ({"residence": PlainResidence.ASYLUM, "age": 40}, ("refugee",), ("refugee",), False, False),
        # asylum seeker in crisis: MBE only with free capacity (opening clause)
        (
            {"residence": PlainResidence.ASYLUM, "age": 40, "crisis": True},
            ("mbe_opening_clause",),
            ("mbe",),
            False,
            False,
        ),
        # no papers: anonymous counselling, also in crisis and at any age
        (
            {"residence": PlainResidence.NO_PAPERS, "age": 45, "crisis": True},
            ("no_status",),
            ("no_status",),
            False,
            False,
        ),
        # a child: youth welfare office, no centre service
        ({"residence": PlainResidence.ASYLUM, "age": 9}, ("youth_welfare",), (), False, False),
        # long-resident adult without crisis: regular services; with crisis: MBE
        (
            {"age": 50, "arrival_year": 2010, "status_year": 2012},
            ("regular_services",),
            (),
            False,
            False,
        ),
        (
            {"age": 50, "arrival_year": 2010, "status_year": 2012, "crisis": True},
            ("mbe",),
            ("mbe",),
            False,
            False,
        ),
        # arrival year missing: unknown, never eligible
        ({"age": 40}, ("unclear",), ("mbe", "jmd"), False, False),
        (
            {"residence": PlainResidence.DONT_KNOW, "age": 40},
            ("unclear",),
            ("mbe", "jmd"),
            False,
            False,
        ),
        # arrived in 2023: three years end during 2026 – on 25.11. it depends on the day
        (
            {"age": 40, "residence": PlainResidence.RESETTLER, "arrival_year": 2023},
            ("mbe", "regular_services"),
            ("mbe",),
            True,
            False,
        ),
        # EU citizen who arrived this year
        (
            {"age": 33, "residence": PlainResidence.EU, "arrival_year": 2026},
            ("mbe",),
            ("mbe",),
            False,
            False,
        ),
    ],
)
def test_public_result(values, outcomes, services, depends, priority) -> None:
    result = assess(answers(**values))
    assert result.outcomes == tuple(Outcome(o) for o in outcomes)
    assert result.services == services
    assert result.depends_on_exact_date is depends
    assert result.priority is priority
    assert result.rule_set == "2016-01"
