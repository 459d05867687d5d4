"""Plan versions: an agreed version is never edited; material changes need a new agreement."""

from __future__ import annotations

from datetime import timedelta

import pytest

from lotse.cases import services
from lotse.cases.models import Goal, GoalStep, SupportPlan
from lotse.cases.phases import Phase
from lotse.cases.planning import Change
from lotse.cases.selectors import agreement_status, plan_current, plan_snapshot
from lotse.common.errors import ConflictError, DomainError

from .conftest import OPENED, add_goal, d, walk

pytestmark = pytest.mark.django_db


def _goal_data(goal: Goal, **changes: object) -> services.GoalData:
    values: dict[str, object] = {
        "module": goal.module,
        "target_date": goal.target_date,
        "responsible": goal.responsible,
        "catalogue_goal": goal.catalogue_goal,
        "title": goal.title,
        "partner_name": goal.partner_name,
        "indicators": tuple(goal.indicators),
    }
    values.update(changes)
    return services.GoalData(**values)  # type: ignore[arg-type]


def test_a_draft_plan_is_edited_in_place(org, case_a) -> None:
    goal = add_goal(case_a, org, "german_beyond_course")
    edited = services.goal_update(
        goal=goal,
        data=_goal_data(goal, title="Deutsch B1"),
        by=org.users["counsellor"],
        on=OPENED,
        expected_version=1,
    )
    assert edited.pk == goal.pk and SupportPlan.objects.filter(case=case_a).count() == 1
    assert Goal.objects.get(pk=goal.pk).version == 2


def test_editing_an_agreed_plan_creates_a_new_version(org, case_a) -> None:
    walk(case_a, org, Phase.IMPLEMENTATION)
    user = org.users["counsellor"]
    v1 = plan_current(case_a)
    first, second = v1.goals.order_by("position")
    services.step_add(goal=first, description="Kurs anmelden", due_on=d(10), by=user)
    before = plan_snapshot(v1)
    assert agreement_status(case_a).covers_current_plan

    # progress is not a change of the plan: same version, agreement still covers it
    services.goal_set_status(goal=first, status="in_progress", by=user, on=d(5))
    assert plan_current(case_a) == v1 and agreement_status(case_a).covers_current_plan

    moved = services.goal_update(
        goal=second,
        data=_goal_data(second, target_date=second.target_date + timedelta(days=30)),
        by=user,
        on=d(20),
        expected_version=second.version,
    )
    v2 = plan_current(case_a)
    assert v2.number == 2 and moved.plan == v2 and moved.lineage == second.lineage
    # the earlier version stays as it was, readable, with its steps and statuses
    assert plan_snapshot(SupportPlan.objects.get(pk=v1.pk)) == before
    assert v1.goals.get(pk=first.pk).status == "in_progress"
    copy = v2.goals.get(lineage=first.lineage)
    assert copy.status == "in_progress" and copy.title == first.title
    assert [s.description for s in GoalStep.objects.filter(goal=copy)] == ["Kurs anmelden"]

    status = agreement_status(case_a)
    assert status.required and status.changes == [Change.TARGET_DATE]
    assert status.signed.plan == v1
    # editing the earlier version is refused
    with pytest.raises(DomainError, match="earlier version"):
        services.goal_set_status(goal=first, status="achieved", by=user, on=d(21))
    # the next edit goes to the draft v2 (no agreement on it yet): no third version
    services.goal_update(
        goal=copy,
        data=_goal_data(copy, title="Deutsch B2"),
        by=user,
        on=d(22),
        expected_version=copy.version,
    )
    assert case_a.plans.count() == 2
    agreement = services.agreement_create(case=case_a, by=user, on=d(23))
    assert agreement.number == 2 and agreement.plan == v2
    services.agreement_sign(agreement=agreement, signed_on=d(23), by=user, expected_version=1)
    assert not agreement_status(case_a).required


def test_a_non_material_new_version_keeps_the_agreement(org, case_a) -> None:
    walk(case_a, org, Phase.IMPLEMENTATION)
    user = org.users["counsellor"]
    plan = plan_current(case_a)
    services.plan_update(
        case=case_a,
        data=services.PlanData(language_module="Kurs B1 ab Mai"),
        by=user,
        on=d(3),
        expected_version=plan.version,
    )
    assert plan_current(case_a).number == 2
    status = agreement_status(case_a)
    assert status.covers_current_plan and not status.required and status.changes == []


def test_a_review_that_adapts_the_goals_starts_a_new_version(org, case_a) -> None:
    walk(case_a, org, Phase.IMPLEMENTATION)
    user = org.users["counsellor"]
    review = services.review_schedule(case=case_a, scheduled_on=d(30), by=user)
    goals = list(plan_current(case_a).goals.all())
    services.review_record(
        review=review,
        held_on=d(30),
        assessment="Ziel 2 passt nicht mehr.",
        goal_statuses={goals[1].pk: "dropped"},
        next_phase="support_plan",
        by=user,
        expected_version=review.version,
    )
    case_a.refresh_from_db()
    assert case_a.phase == Phase.SUPPORT_PLAN
    v2 = plan_current(case_a)
    assert v2.number == 2 and v2.revision_reason
    assert review.pk and v2.goals.get(lineage=goals[1].lineage).status == "dropped"


def test_stale_goal_edit_is_a_conflict(org, case_a) -> None:
    goal = add_goal(case_a, org, "participation")
    user = org.users["counsellor"]
    services.goal_update(
        goal=goal, data=_goal_data(goal, title="A"), by=user, on=OPENED, expected_version=1
    )
    with pytest.raises(ConflictError):
        services.goal_update(
            goal=goal, data=_goal_data(goal, title="B"), by=user, on=OPENED, expected_version=1
        )
    assert Goal.objects.get(pk=goal.pk).title == "A"
