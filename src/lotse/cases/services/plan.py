"""Support plan, goals and steps (DOMAIN §D5.2).

A plan version on which an agreement has been drawn up is not edited any more: editing it
creates the next version (goals carried over with their lineage), and the earlier version
stays readable. Progress — a goal's status, a step done — is recorded on the current version.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from lotse.accounts.models import User
from lotse.audit.services import log_action
from lotse.clients.models import HouseholdMember
from lotse.common.errors import DomainError
from lotse.common.services.versioning import claim_version

from ..indicators import unknown_codes
from ..models import Case, CatalogueGoal, Goal, GoalStatusChange, GoalStep, Review, SupportPlan
from ..planning import GoalStatus, Module, Responsible
from ..selectors import plan_current
from .case import ensure_open


@dataclass(frozen=True)
class PlanData:
    personal_history: str = ""
    language_module: str = ""
    education_module: str = ""
    social_module: str = ""
    others_involved: str = ""
    family_involved: Sequence[HouseholdMember] = ()


@dataclass(frozen=True)
class GoalData:
    module: str
    target_date: date
    responsible: str
    catalogue_goal: CatalogueGoal | None = None
    title: str = ""
    partner_name: str = ""
    indicators: Sequence[str] = field(default_factory=tuple)


def plan_is_locked(plan: SupportPlan) -> bool:
    return plan.agreements.exists()


def _copy_plan(plan: SupportPlan, *, by: User, on: date, reason: str) -> SupportPlan:
    new = SupportPlan.objects.create(
        case=plan.case,
        number=plan.number + 1,
        created_on=on,
        created_by=by,
        revision_reason=reason,
        personal_history=plan.personal_history,
        language_module=plan.language_module,
        education_module=plan.education_module,
        social_module=plan.social_module,
        others_involved=plan.others_involved,
    )
    new.family_involved.set(plan.family_involved.all())
    for goal in plan.goals.prefetch_related("steps"):
        copy = Goal.objects.create(
            plan=new,
            lineage=goal.lineage,
            module=goal.module,
            catalogue_goal_id=goal.catalogue_goal_id,
            title=goal.title,
            target_date=goal.target_date,
            responsible=goal.responsible,
            partner_name=goal.partner_name,
            status=goal.status,
            indicators=list(goal.indicators),
            position=goal.position,
        )
        for step in goal.steps.all():
            GoalStep.objects.create(
                goal=copy, description=step.description, due_on=step.due_on, done_on=step.done_on
            )
    log_action(
        action="case.plan_revised", obj=plan.case, data={"from": plan.number, "to": new.number}
    )
    return new


@transaction.atomic
def plan_revise(*, case: Case, by: User, on: date, reason: str = "") -> SupportPlan:
    """Start the next version of the plan from the current one."""
    ensure_open(case)
    current = plan_current(case)
    if current is None:
        return plan_start(case=case, by=by, on=on)
    return _copy_plan(current, by=by, on=on, reason=reason)


@transaction.atomic
def plan_start(*, case: Case, by: User, on: date) -> SupportPlan:
    ensure_open(case)
    current = plan_current(case)
    if current is not None:
        return current
    return SupportPlan.objects.create(case=case, number=1, created_on=on, created_by=by)


def editable_plan(case: Case, *, by: User, on: date) -> SupportPlan:
    """The version edits go to: the current one, or a new one if the current is agreed."""
    current = plan_current(case)
    if current is None:
        return plan_start(case=case, by=by, on=on)
    if plan_is_locked(current):
        return _copy_plan(current, by=by, on=on, reason="")
    return current


@transaction.atomic
def plan_update(
    *, case: Case, data: PlanData, by: User, on: date, expected_version: int | None
) -> SupportPlan:
    ensure_open(case)
    current = plan_current(case)
    if current is not None:
        claim_version(SupportPlan, current.pk, expected_version or 0)
    plan = editable_plan(case, by=by, on=on)
    plan.refresh_from_db()
    foreign = [m for m in data.family_involved if m.client_id != case.client_id]
    if foreign:
        raise DomainError(_("Only members of the client's household can be involved."))
    plan.personal_history = data.personal_history.strip()
    plan.language_module = data.language_module.strip()
    plan.education_module = data.education_module.strip()
    plan.social_module = data.social_module.strip()
    plan.others_involved = data.others_involved.strip()
    plan.save()
    plan.family_involved.set(data.family_involved)
    return plan


def _check_goal(case: Case, data: GoalData, *, on: date) -> None:
    if data.module not in {m.value for m in Module}:
        raise DomainError(_("Please choose the module of the goal."))
    if data.catalogue_goal is None and not data.title.strip():
        raise DomainError(_("Choose a goal from the catalogue or describe it in your own words."))
    if data.responsible not in {r.value for r in Responsible}:
        raise DomainError(_("Please say who is responsible."))
    if data.responsible == Responsible.PARTNER and not data.partner_name.strip():
        raise DomainError(_("Please name the network partner who is responsible."))
    if data.target_date < case.opened_on:
        raise DomainError(_("The target date lies before the case was opened."))
    if case.limit_date and data.target_date > case.limit_date:
        raise DomainError(
            _("The target date lies after the three-year limit of the case (%(date)s).")
            % {"date": case.limit_date.strftime("%d.%m.%Y")}
        )
    bad = unknown_codes(data.indicators)
    if bad:
        raise DomainError(_("Unknown indicators: %(codes)s") % {"codes": ", ".join(bad)})


def _indicators(data: GoalData) -> list[str]:
    """The chosen indicators; for a catalogue goal without a choice, the catalogue's."""
    if data.indicators:
        return list(dict.fromkeys(data.indicators))
    if data.catalogue_goal is not None:
        return list(data.catalogue_goal.indicators)
    return []


def _apply_goal(goal: Goal, data: GoalData) -> None:
    goal.module = data.module
    goal.catalogue_goal = data.catalogue_goal
    goal.title = data.title.strip()
    goal.target_date = data.target_date
    goal.responsible = data.responsible
    goal.partner_name = data.partner_name.strip() if data.responsible == Responsible.PARTNER else ""
    goal.indicators = _indicators(data)


@transaction.atomic
def goal_create(*, case: Case, data: GoalData, by: User, on: date) -> Goal:
    ensure_open(case)
    _check_goal(case, data, on=on)
    plan = editable_plan(case, by=by, on=on)
    position = (plan.goals.aggregate(m=Max("position"))["m"] or 0) + 1
    goal = Goal(plan=plan, position=position)
    _apply_goal(goal, data)
    goal.save()
    return goal


@transaction.atomic
def goal_update(*, goal: Goal, data: GoalData, by: User, on: date, expected_version: int) -> Goal:
    """Edit a goal of the current plan version (of a new version if the current is agreed)."""
    case = goal.plan.case
    ensure_open(case)
    _ensure_current(goal)
    _check_goal(case, data, on=on)
    claim_version(Goal, goal.pk, expected_version)
    plan = editable_plan(case, by=by, on=on)
    target = plan.goals.get(lineage=goal.lineage)
    target.refresh_from_db()
    _apply_goal(target, data)
    target.save()
    return target


@transaction.atomic
def goal_remove(*, goal: Goal, by: User, on: date) -> SupportPlan:
    """Take a goal out of the plan (out of a new version if the current one is agreed)."""
    case = goal.plan.case
    ensure_open(case)
    _ensure_current(goal)
    plan = editable_plan(case, by=by, on=on)
    plan.goals.filter(lineage=goal.lineage).delete()
    return plan


def _ensure_current(goal: Goal) -> None:
    current = plan_current(goal.plan.case)
    if current is None or goal.plan_id != current.pk:
        raise DomainError(
            _("This goal belongs to an earlier version of the plan, which stays as it was.")
        )


@transaction.atomic
def goal_set_status(
    *,
    goal: Goal,
    status: str,
    by: User,
    on: date,
    review: Review | None = None,
    note: str = "",
) -> GoalStatusChange | None:
    """Record progress on a goal of the current version; no new version, no new agreement."""
    case = goal.plan.case
    ensure_open(case)
    _ensure_current(goal)
    try:
        new = GoalStatus(status)
    except ValueError:
        raise DomainError(_("Please choose a status.")) from None
    goal.refresh_from_db()
    if goal.status == new:
        return None
    change = GoalStatusChange.objects.create(
        goal=goal,
        review=review,
        from_status=goal.status,
        to_status=new,
        changed_on=on,
        changed_by=by,
        note=note.strip(),
    )
    goal.status = new
    goal.version += 1
    goal.save(update_fields=["status", "version"])
    log_action(
        action="case.goal_status_changed",
        obj=goal,
        data={"from": change.from_status, "to": new.value, "review": review.pk if review else None},
    )
    return change


@transaction.atomic
def step_add(*, goal: Goal, description: str, due_on: date | None, by: User) -> GoalStep:
    ensure_open(goal.plan.case)
    _ensure_current(goal)
    if not description.strip():
        raise DomainError(_("Please describe the step."))
    return GoalStep.objects.create(goal=goal, description=description.strip(), due_on=due_on)


@transaction.atomic
def step_toggle(*, step: GoalStep, by: User, on: date) -> GoalStep:
    ensure_open(step.goal.plan.case)
    _ensure_current(step.goal)
    step.done_on = None if step.done_on else on
    step.save(update_fields=["done_on"])
    return step
