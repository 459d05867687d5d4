"""Properties of the engine over random inputs (hypothesis)."""

from __future__ import annotations

import dataclasses
import json
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from lotse.eligibility.engine import (
    OUTPUT_KEYS,
    RULES,
    EligibilityDecision,
    EligibilityInput,
    Jmd,
    Mbe,
    MbeBasis,
    Residence,
    Signpost,
    decide,
    period_last_day,
)

FITS = {Mbe.ELIGIBLE, Mbe.OPENING_CLAUSE}
FIRST_DAY = date(2016, 1, 1)


def years_before(day: date, years: int) -> date:
    year = max(day.year - years, 1)
    if (day.month, day.day) == (2, 29):
        return day.replace(year=year, day=28)
    return day.replace(year=year)


@st.composite
def near(draw: st.DrawFn, day: date, years: tuple[int, ...], low: date) -> date:
    """A date a few days around ``years`` anniversaries before ``day``, not before ``low``."""
    base = years_before(day, draw(st.sampled_from(years)))
    shifted = base + timedelta(days=draw(st.integers(-2, 2)))
    return min(max(shifted, low), day)


@st.composite
def inputs(draw: st.DrawFn) -> EligibilityInput:
    on = draw(
        st.one_of(
            st.dates(FIRST_DAY, date(2060, 12, 31)),
            st.sampled_from([date(2027, 2, 28), date(2027, 3, 1), date(2028, 2, 29)]),
            st.dates(FIRST_DAY, date.max),
        )
    )
    oldest = years_before(on, 110)
    birth = draw(
        st.one_of(
            st.none(),
            st.dates(oldest, on),
            near(on, (11, 12, 26, 27, 28), oldest),
            st.sampled_from([date(2000, 2, 29)]).filter(lambda d: d <= on),
        )
    )
    low = birth or oldest

    def arrival() -> st.SearchStrategy[date | None]:
        return st.one_of(st.none(), st.dates(low, on), near(on, (3,), low))

    return EligibilityInput(
        on=on,
        birth_date=birth,
        residence=draw(st.sampled_from(Residence)),
        entry_date=draw(arrival()),
        permanent_status_date=draw(arrival()),
        crisis=draw(st.booleans()),
        course_obligation=draw(st.booleans()),
    )


def _fits(decision: EligibilityDecision) -> bool:
    return decision.mbe in FITS


@settings(max_examples=400)
@given(inputs())
def test_output_contract_and_routing_invariants(inp: EligibilityInput) -> None:
    decision = decide(inp)
    out = decision.to_json()
    assert tuple(out) == OUTPUT_KEYS
    assert json.loads(json.dumps(out)) == out
    assert out["explanation"] == decision.explanation_de and decision.explanation_en
    assert decision.rule in RULES and decision.rule_set == "2016-01"

    # referral names a service exactly when MBE and JMD are both ruled out
    definite_no = decision.mbe is Mbe.NOT_ELIGIBLE and decision.jmd is Jmd.NOT_ELIGIBLE
    assert (decision.referral is not None) == definite_no
    if _fits(decision) or decision.jmd is Jmd.ELIGIBLE:
        assert decision.referral is None
    assert decision.referral is not Signpost.JMD

    assert (decision.mbe_basis is not None) == (decision.mbe is Mbe.ELIGIBLE)
    assert decision.priority == (inp.course_obligation and _fits(decision))
    if decision.mbe is Mbe.OPENING_CLAUSE:
        assert inp.crisis and inp.residence in {Residence.ASYLUM_SEEKER, Residence.TEMPORARY}
    if decision.mbe_basis is MbeBasis.CRISIS:
        assert inp.crisis
    assert decide(inp) == decision  # pure: same input, same decision


@settings(max_examples=400)
@given(inputs())
def test_never_eligible_when_a_required_fact_is_unknown(inp: EligibilityInput) -> None:
    decision = decide(inp)
    if inp.birth_date is None:
        assert not _fits(decision) and decision.jmd is not Jmd.ELIGIBLE
    if inp.residence is Residence.UNKNOWN:
        assert not _fits(decision) and decision.jmd is not Jmd.ELIGIBLE
    resettler = inp.residence in {Residence.RESETTLER, Residence.RESETTLER_FAMILY}
    if resettler and inp.entry_date is None:
        assert not _fits(decision)
    if inp.residence is Residence.PERMANENT:
        known = [d for d in (inp.entry_date, inp.permanent_status_date) if d is not None]
        if not known:
            assert not _fits(decision)
        elif len(known) == 1 and decision.mbe is Mbe.ELIGIBLE:
            # only the provable case: the known date alone keeps the person inside the period
            assert decision.mbe_basis is MbeBasis.NEW_ARRIVAL
            assert inp.on <= period_last_day(known[0], 3)


@settings(max_examples=300)
@given(inputs(), st.data())
def test_a_definite_answer_does_not_depend_on_the_missing_fact(
    inp: EligibilityInput, data: st.DataObject
) -> None:
    """What was decided despite a missing date stays decided, whatever the date turns out to be."""
    decision = decide(inp)
    oldest = years_before(inp.on, 110)
    filled = inp
    if inp.birth_date is None:
        latest = min(
            [inp.on, *(d for d in (inp.entry_date, inp.permanent_status_date) if d is not None)]
        )
        filled = dataclasses.replace(filled, birth_date=data.draw(st.dates(oldest, latest)))
    low = filled.birth_date or oldest
    if inp.entry_date is None:
        filled = dataclasses.replace(filled, entry_date=data.draw(st.dates(low, inp.on)))
    if inp.permanent_status_date is None:
        filled = dataclasses.replace(filled, permanent_status_date=data.draw(st.dates(low, inp.on)))
    complete = decide(filled)
    if decision.mbe is not Mbe.UNKNOWN:
        assert (complete.mbe, complete.mbe_basis) == (decision.mbe, decision.mbe_basis)
    if decision.jmd is not Jmd.UNKNOWN:
        assert complete.jmd == decision.jmd
    if decision.referral is not None:
        assert complete.referral == decision.referral
