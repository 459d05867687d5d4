"""The phase state machine (DOMAIN §D5): every legal step, illegal ones refused with a message."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from lotse.cases.phases import (
    OPEN_PHASES,
    REOPEN_TARGETS,
    TRANSITIONS,
    CaseState,
    ClosureReason,
    Phase,
    add_months,
    add_years,
    close,
    limit_date_for,
    reopen,
    transition,
)
from lotse.common.errors import DomainError

TODAY = date(2026, 3, 2)
# A case that satisfies every precondition, so that only the table decides.
READY = CaseState(
    phase=Phase.ASSESSMENT,
    assessment_recorded=True,
    plan_has_goals=True,
    agreement_signed=True,
    evaluation_recorded=True,
    sustainability_checked=True,
)

# Lists in a fixed order: pytest-xdist's workers must collect the same tests in the same order.
LEGAL = [(source, target) for source, targets in TRANSITIONS.items() for target in sorted(targets)]
ILLEGAL = [
    (source, target)
    for source in sorted(OPEN_PHASES)
    for target in Phase
    if target not in TRANSITIONS[source] and target != Phase.CLOSED
]


def test_the_table_is_the_documented_process() -> None:
    assert set(LEGAL) == {
        (Phase.ASSESSMENT, Phase.SUPPORT_PLAN),
        (Phase.SUPPORT_PLAN, Phase.AGREEMENT),
        (Phase.SUPPORT_PLAN, Phase.ASSESSMENT),
        (Phase.AGREEMENT, Phase.IMPLEMENTATION),
        (Phase.AGREEMENT, Phase.SUPPORT_PLAN),
        (Phase.IMPLEMENTATION, Phase.REVIEW),
        (Phase.IMPLEMENTATION, Phase.EVALUATION),
        (Phase.REVIEW, Phase.IMPLEMENTATION),
        (Phase.REVIEW, Phase.SUPPORT_PLAN),
        (Phase.REVIEW, Phase.AGREEMENT),
        (Phase.REVIEW, Phase.EVALUATION),
        (Phase.EVALUATION, Phase.SUSTAINABILITY),
        (Phase.EVALUATION, Phase.IMPLEMENTATION),
        (Phase.SUSTAINABILITY, Phase.IMPLEMENTATION),
    }
    assert TRANSITIONS[Phase.CLOSED] == frozenset()


@pytest.mark.parametrize(("source", "target"), LEGAL)
def test_every_legal_transition(source: Phase, target: Phase) -> None:
    step = transition(replace(READY, phase=source), target, on=TODAY)
    assert (step.from_phase, step.to_phase, step.on) == (source, target, TODAY)


@pytest.mark.parametrize(("source", "target"), ILLEGAL)
def test_every_other_transition_is_refused(source: Phase, target: Phase) -> None:
    with pytest.raises(DomainError) as refused:
        transition(replace(READY, phase=source), target, on=TODAY)
    assert str(refused.value.message)


def test_skipping_phases_names_the_possible_next_ones() -> None:
    with pytest.raises(DomainError, match="cannot move from") as refused:
        transition(READY, Phase.IMPLEMENTATION, on=TODAY)
    message = str(refused.value.message)
    assert "Support plan" in message and "Implementation" in message


@pytest.mark.parametrize("source", sorted(OPEN_PHASES))
def test_closing_is_never_a_plain_transition(source: Phase) -> None:
    with pytest.raises(DomainError, match="Close the case"):
        transition(replace(READY, phase=source), Phase.CLOSED, on=TODAY)


@pytest.mark.parametrize("target", list(Phase))
def test_a_closed_case_does_not_move(target: Phase) -> None:
    with pytest.raises(DomainError, match="closed"):
        transition(replace(READY, phase=Phase.CLOSED), target, on=TODAY)


@pytest.mark.parametrize(
    ("source", "target", "missing", "message"),
    [
        (Phase.ASSESSMENT, Phase.SUPPORT_PLAN, "assessment_recorded", "Record the assessment"),
        (Phase.SUPPORT_PLAN, Phase.AGREEMENT, "plan_has_goals", "at least one goal"),
        (Phase.REVIEW, Phase.AGREEMENT, "plan_has_goals", "at least one goal"),
        (Phase.AGREEMENT, Phase.IMPLEMENTATION, "agreement_signed", "not been signed"),
        (Phase.EVALUATION, Phase.SUSTAINABILITY, "evaluation_recorded", "Record the evaluation"),
    ],
)
def test_preconditions(source: Phase, target: Phase, missing: str, message: str) -> None:
    state = replace(READY, phase=source, **{missing: False})
    with pytest.raises(DomainError, match=message):
        transition(state, target, on=TODAY)


@pytest.mark.parametrize("source", sorted(OPEN_PHASES))
@pytest.mark.parametrize(
    "reason", [r for r in ClosureReason if r not in (ClosureReason.GOALS_REACHED,)]
)
def test_early_closure_from_every_open_phase(source: Phase, reason: ClosureReason) -> None:
    step = close(replace(READY, phase=source), reason, on=TODAY)
    assert (step.from_phase, step.to_phase, step.reason) == (source, Phase.CLOSED, reason.value)


@pytest.mark.parametrize("source", sorted(OPEN_PHASES - {Phase.SUSTAINABILITY}))
def test_goals_reached_only_after_evaluation_and_sustainability_check(source: Phase) -> None:
    with pytest.raises(DomainError, match="sustainability"):
        close(replace(READY, phase=source), ClosureReason.GOALS_REACHED, on=TODAY)
    unchecked = replace(READY, phase=Phase.SUSTAINABILITY, sustainability_checked=False)
    with pytest.raises(DomainError):
        close(unchecked, ClosureReason.GOALS_REACHED, on=TODAY)
    step = close(replace(READY, phase=Phase.SUSTAINABILITY), ClosureReason.GOALS_REACHED, on=TODAY)
    assert step.to_phase == Phase.CLOSED


def test_time_limit_closure_only_once_the_limit_is_reached() -> None:
    state = replace(READY, phase=Phase.IMPLEMENTATION, limit_date=date(2026, 3, 3))
    with pytest.raises(DomainError, match=r"03\.03\.2026"):
        close(state, ClosureReason.TIME_LIMIT, on=TODAY)
    assert close(state, ClosureReason.TIME_LIMIT, on=date(2026, 3, 3)).to_phase == Phase.CLOSED


def test_closing_twice_is_refused() -> None:
    with pytest.raises(DomainError, match="already closed"):
        close(replace(READY, phase=Phase.CLOSED), ClosureReason.MOVED_AWAY, on=TODAY)


@pytest.mark.parametrize("target", sorted(REOPEN_TARGETS))
def test_reopen_with_a_reason(target: Phase) -> None:
    step = reopen(replace(READY, phase=Phase.CLOSED), target, on=TODAY, reason="  back again ")
    assert (step.from_phase, step.to_phase, step.reason) == (Phase.CLOSED, target, "back again")


def test_reopen_refusals() -> None:
    closed = replace(READY, phase=Phase.CLOSED)
    with pytest.raises(DomainError, match="reason"):
        reopen(closed, Phase.ASSESSMENT, on=TODAY, reason="  ")
    with pytest.raises(DomainError, match="starts again"):
        reopen(closed, Phase.EVALUATION, on=TODAY, reason="x")
    with pytest.raises(DomainError, match="Only a closed case"):
        reopen(replace(READY, phase=Phase.REVIEW), Phase.ASSESSMENT, on=TODAY, reason="x")
    expired = replace(closed, limit_date=date(2026, 3, 1))
    with pytest.raises(DomainError, match=r"01\.03\.2026"):
        reopen(expired, Phase.ASSESSMENT, on=TODAY, reason="x")


def test_dates() -> None:
    assert add_years(date(2024, 2, 29), 3) == date(2027, 2, 28)
    assert add_years(date(2025, 6, 30), 3) == date(2028, 6, 30)
    assert add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert add_months(date(2026, 1, 15), 6) == date(2026, 7, 15)
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert limit_date_for(opened_on=date(2026, 3, 2), limited=True) == date(2029, 3, 2)
    assert limit_date_for(opened_on=date(2026, 3, 2), limited=False) is None
