"""§D12 case-work indicators against hand-worked examples."""

from __future__ import annotations

from fractions import Fraction

import pytest

from lotse.cases.indicators import (
    GOAL_INDICATORS,
    INDICATORS,
    GoalFacts,
    case_indicators,
    livelihood_improved,
    unknown_codes,
)
from lotse.cases.planning import GoalStatus as S


def test_catalogue() -> None:
    codes = [i.code for i in INDICATORS]
    assert len(codes) == len(set(codes)) == 22
    assert all(i.label_de and i.label_en for i in INDICATORS)
    derived = {i.code for i in INDICATORS if i.derived}
    assert derived == {
        "plan_implemented",
        "agreed_goals_reached",
        "fewer_problem_areas",
        "more_own_livelihood",
        "livelihood_work_or_benefits",
    }
    assert len(GOAL_INDICATORS) == 17
    assert unknown_codes(["integration_course", "plan_implemented", "nonsense"]) == [
        "nonsense",
        "plan_implemented",
    ]


def test_example_a_mixed_plan_with_a_dropped_goal() -> None:
    """Four goals: achieved, partly, not achieved, dropped; SGB II at intake, work at closure.

    agreed = 3 (the dropped goal does not count); rate = (1 + ½) / 3 = 1/2;
    implemented (nothing open); not all reached; one goal achieved → fewer problem areas;
    SGB II (rank 1) → employment (rank 2): more own livelihood; livelihood known: secured.
    """
    result = case_indicators(
        [
            GoalFacts(S.ACHIEVED, ("integration_course", "course_completed")),
            GoalFacts(S.PARTLY_ACHIEVED, ("training_or_job",)),
            GoalFacts(S.NOT_ACHIEVED, ("employment_contract",)),
            GoalFacts(S.DROPPED, ("residence_secured",)),
        ],
        livelihood_at_intake="sgb_ii",
        livelihood_at_closure="employment",
    )
    assert (result.goals_agreed, result.achieved, result.partly) == (3, 1, 1)
    assert (result.not_achieved, result.unresolved, result.dropped) == (1, 0, 1)
    assert result.achievement_rate == Fraction(1, 2)
    assert result.achievement_percent == 50
    assert result.plan_implemented is True
    assert result.agreed_goals_reached is False
    assert result.fewer_problem_areas is True
    assert result.more_own_livelihood is True
    assert result.livelihood_work_or_benefits is True
    assert set(result.outcomes) == {
        "integration_course",
        "course_completed",
        "training_or_job",
        "employment_contract",
    }
    assert result.outcomes["training_or_job"].partly_reached
    assert not result.outcomes["employment_contract"].reached
    assert not result.outcomes["employment_contract"].partly_reached
    assert result.reached_codes() == [
        "plan_implemented",
        "fewer_problem_areas",
        "more_own_livelihood",
        "livelihood_work_or_benefits",
        "integration_course",
        "course_completed",
    ]


def test_example_b_everything_reached_same_livelihood() -> None:
    """Three goals achieved; employment at intake and closure: rate 1, no livelihood gain."""
    result = case_indicators(
        [GoalFacts(S.ACHIEVED, ("residence_secured",))] * 3,
        livelihood_at_intake="employment",
        livelihood_at_closure="employment",
    )
    assert result.achievement_rate == 1
    assert result.agreed_goals_reached and result.plan_implemented
    assert result.more_own_livelihood is False
    assert result.outcomes["residence_secured"].goals == 3
    assert result.outcomes["residence_secured"].achieved == 3
    assert "more_own_livelihood" not in result.reached_codes()
    assert "agreed_goals_reached" in result.reached_codes()


def test_example_c_work_in_progress() -> None:
    """Open and in progress, one partly: rate = ½ / 3 = 1/6 (17 %); not implemented."""
    result = case_indicators(
        [
            GoalFacts(S.OPEN, ("careers_counselling",)),
            GoalFacts(S.IN_PROGRESS, ("careers_counselling",)),
            GoalFacts(S.PARTLY_ACHIEVED, ("careers_counselling", "careers_counselling")),
        ],
        livelihood_at_intake="unknown",
        livelihood_at_closure=None,
    )
    assert result.achievement_rate == Fraction(1, 6)
    assert result.achievement_percent == 17
    assert result.unresolved == 2
    assert not result.plan_implemented and not result.fewer_problem_areas
    assert result.more_own_livelihood is None and result.livelihood_work_or_benefits is None
    # the same code twice in one goal counts once
    outcome = result.outcomes["careers_counselling"]
    assert (outcome.goals, outcome.achieved, outcome.partly) == (3, 0, 1)
    assert outcome.partly_reached
    assert result.reached_codes() == []


def test_example_d_no_goals() -> None:
    result = case_indicators([])
    assert result.goals_agreed == 0 and result.achievement_rate is None
    assert result.achievement_percent is None
    assert not (result.plan_implemented or result.agreed_goals_reached)


def test_example_e_all_dropped() -> None:
    result = case_indicators([GoalFacts(S.DROPPED, ("crises_mastered",))])
    assert result.goals_agreed == 0 and result.dropped == 1
    assert result.achievement_rate is None and not result.plan_implemented
    assert dict(result.outcomes) == {}


@pytest.mark.parametrize(
    ("intake", "closure", "improved"),
    [
        ("sgb_ii", "employment", True),
        ("other_benefits", "training", True),
        ("sgb_ii", "own_means", True),
        ("sgb_ii", "other_benefits", False),
        ("employment", "sgb_ii", False),
        ("employment", "training", False),
        ("unknown", "employment", None),
        ("sgb_ii", "unknown", None),
        (None, "employment", None),
        ("sgb_ii", None, None),
    ],
)
def test_livelihood_improvement(intake: str | None, closure: str | None, improved: bool | None):
    assert livelihood_improved(intake, closure) is improved
