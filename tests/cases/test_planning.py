"""What counts as a material change of the plan (a new agreement is needed)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from lotse.cases.planning import Change, GoalSnapshot, changes_materially, plan_changes

A = GoalSnapshot("a", "Deutsch B1", "language", "client", "", date(2026, 9, 1))
B = GoalSnapshot("b", "Anerkennung", "education_profession", "partner", "IQ-Netzwerk", None)


def test_same_plan_is_not_a_change() -> None:
    assert plan_changes([A, B], [B, replace(A, title=" Deutsch B1 ")]) == []
    assert not changes_materially([A, B], [A, B])


def test_each_kind_of_change() -> None:
    assert plan_changes([A], [A, B]) == [Change.ADDED]
    assert plan_changes([A, B], [A]) == [Change.REMOVED]
    assert plan_changes([A], [replace(A, title="Deutsch B2")]) == [Change.REWORDED]
    assert plan_changes([A], [replace(A, module="social")]) == [Change.REWORDED]
    assert plan_changes([B], [replace(B, partner="Jobcenter")]) == [Change.RESPONSIBLE]
    assert plan_changes([A], [replace(A, responsible="counsellor")]) == [Change.RESPONSIBLE]
    assert plan_changes([A], [replace(A, target_date=date(2026, 12, 1))]) == [Change.TARGET_DATE]


def test_several_changes_in_a_fixed_order() -> None:
    after = [replace(A, target_date=None, title="x"), replace(B, lineage="c")]
    assert plan_changes([A, B], after) == [
        Change.ADDED,
        Change.REMOVED,
        Change.REWORDED,
        Change.TARGET_DATE,
    ]
