"""Support plan: versions, the plan's texts, goals (full forms) and small HTMX actions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lotse.accounts.typing import AuthenticatedRequest
from lotse.common.errors import DomainError

from .. import services
from ..forms import GoalForm, GoalStatusForm, PlanForm, StepForm
from ..models import Case, CatalogueGoal, Goal, GoalCatalogue, GoalStep
from ..planning import MODULE_LABELS, Module
from ..selectors import agreement_status, case_for_request, plan_current
from .common import can_write, form_page, today

GOAL_TEMPLATE = "cases/goal_form.html"
PLAN_TEMPLATE = "cases/plan_form.html"


def _to_plan(case: Case) -> HttpResponse:
    return redirect("case_plan", case_id=case.pk)


def _goal_of(case: Case, goal_id: int) -> Goal:
    return get_object_or_404(
        Goal.objects.select_related("plan__case", "catalogue_goal"), pk=goal_id, plan__case=case
    )


def goal_context(request: AuthenticatedRequest, case: Case, goal: Goal, **extra: Any) -> dict:
    current = plan_current(case)
    editable = (
        current is not None
        and goal.plan_id == current.pk
        and not case.is_closed
        and can_write(request, case)
    )
    auto_id = f"id_goal{goal.pk}_%s"  # several goals on one page: unique ids
    return {
        "case": case,
        "goal": goal,
        "editable": editable,
        "status_form": GoalStatusForm(initial={"status": goal.status}, auto_id=auto_id),
        "step_form": StepForm(auto_id=auto_id),
        **extra,
    }


@login_required
def case_plan(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    case = case_for_request(request, case_id)
    versions = list(case.plans.order_by("-number"))
    current = versions[0] if versions else None
    shown = current
    if "version" in request.GET:
        shown = next((p for p in versions if str(p.number) == request.GET["version"]), None)
        if shown is None:
            raise Http404
    goals = (
        list(shown.goals.select_related("catalogue_goal").prefetch_related("steps"))
        if shown
        else []
    )
    writable = can_write(request, case) and not case.is_closed
    by_module = [
        (
            m.value,
            MODULE_LABELS[m],
            [goal_context(request, case, g) for g in goals if g.module == m],
        )
        for m in Module
    ]
    return render(
        request,
        "cases/plan.html",
        {
            "client": case.client,
            "active_tab": "case",
            "case": case,
            "plan": shown,
            "is_current": shown is not None and shown == current,
            "versions": versions,
            "by_module": by_module,
            "can_write": writable,
            "agreement": agreement_status(case, current),
            "locked": current is not None and services.plan_is_locked(current),
        },
    )


@login_required
def case_plan_edit(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    case = case_for_request(request, case_id, write=True)
    plan = plan_current(case)
    initial: dict[str, Any] = {"version": plan.version if plan else None}
    if plan is not None:
        for name in (
            "personal_history",
            "language_module",
            "education_module",
            "social_module",
            "others_involved",
        ):
            initial[name] = getattr(plan, name)
        initial["family_involved"] = list(plan.family_involved.values_list("pk", flat=True))
    form = PlanForm(request.POST or None, initial=initial, household=case.client.household.all())
    context = {
        "client": case.client,
        "active_tab": "case",
        "case": case,
        "form": form,
        "plan": plan,
        "locked": plan is not None and services.plan_is_locked(plan),
    }
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.plan_update(
                case=case,
                data=services.PlanData(
                    personal_history=data["personal_history"],
                    language_module=data["language_module"],
                    education_module=data["education_module"],
                    social_module=data["social_module"],
                    others_involved=data["others_involved"],
                    family_involved=list(data["family_involved"]),
                ),
                by=request.user,
                on=today(),
                expected_version=data["version"],
            )
        except DomainError as error:
            current = plan_current(case)
            return form_page(
                request,
                PLAN_TEMPLATE,
                context,
                error=error,
                current_version=current.version if current else None,
            )
        messages.success(request, _("The plan has been saved."))
        return _to_plan(case)
    return render(request, PLAN_TEMPLATE, context)


def _catalogue() -> Any:
    catalogue = GoalCatalogue.objects.in_force(today())
    if catalogue is None:
        return CatalogueGoal.objects.none()
    return catalogue.goals.all()


def _goal_data(data: dict[str, Any]) -> services.GoalData:
    return services.GoalData(
        module=data["module"],
        target_date=data["target_date"],
        responsible=data["responsible"],
        catalogue_goal=data["catalogue_goal"],
        title=data["title"],
        partner_name=data["partner_name"],
        indicators=tuple(data["indicators"]),
    )


@login_required
def case_goal_create(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    case = case_for_request(request, case_id, write=True)
    form = GoalForm(
        request.POST or None,
        catalogue=_catalogue(),
        initial={"module": request.GET.get("module", Module.LANGUAGE)},
    )
    context = {
        "client": case.client,
        "active_tab": "case",
        "case": case,
        "form": form,
        "locked": _locked(case),
    }
    if request.method == "POST" and form.is_valid():
        try:
            services.goal_create(
                case=case, data=_goal_data(form.cleaned_data), by=request.user, on=today()
            )
        except DomainError as error:
            return form_page(request, GOAL_TEMPLATE, context, error=error)
        messages.success(request, _("The goal has been added to the plan."))
        return _to_plan(case)
    return render(request, GOAL_TEMPLATE, context)


def _locked(case: Case) -> bool:
    plan = plan_current(case)
    return plan is not None and services.plan_is_locked(plan)


@login_required
def case_goal_edit(request: AuthenticatedRequest, case_id: int, goal_id: int) -> HttpResponse:
    case = case_for_request(request, case_id, write=True)
    goal = _goal_of(case, goal_id)
    form = GoalForm(
        request.POST or None, catalogue=_catalogue(), initial=GoalForm.initial_for(goal)
    )
    context = {
        "client": case.client,
        "active_tab": "case",
        "case": case,
        "form": form,
        "goal": goal,
        "locked": _locked(case),
    }
    if request.method == "POST" and form.is_valid():
        try:
            services.goal_update(
                goal=goal,
                data=_goal_data(form.cleaned_data),
                by=request.user,
                on=today(),
                expected_version=form.cleaned_data["version"] or 0,
            )
        except DomainError as error:
            goal.refresh_from_db()
            return form_page(
                request, GOAL_TEMPLATE, context, error=error, current_version=goal.version
            )
        messages.success(request, _("The goal has been saved."))
        return _to_plan(case)
    return render(request, GOAL_TEMPLATE, context)


@require_POST
@login_required
def case_goal_remove(request: AuthenticatedRequest, case_id: int, goal_id: int) -> HttpResponse:
    case = case_for_request(request, case_id, write=True)
    goal = _goal_of(case, goal_id)
    try:
        services.goal_remove(goal=goal, by=request.user, on=today())
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The goal has been taken out of the plan."))
    return _to_plan(case)


def _goal_fragment(
    request: AuthenticatedRequest, case: Case, goal: Goal, **extra: Any
) -> HttpResponse:
    goal = _goal_of(case, goal.pk)
    return render(request, "cases/fragments/goal.html", goal_context(request, case, goal, **extra))


@require_POST
@login_required
def case_goal_status(request: AuthenticatedRequest, case_id: int, goal_id: int) -> HttpResponse:
    """HTMX: change a goal's status in place; without HTMX, back to the plan."""
    case = case_for_request(request, case_id, write=True)
    goal = _goal_of(case, goal_id)
    form = GoalStatusForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            services.goal_set_status(
                goal=goal, status=form.cleaned_data["status"], by=request.user, on=today()
            )
        except DomainError as refusal:
            error = str(refusal.message)
    else:
        error = _("Please choose a status.")
    if request.htmx:
        return _goal_fragment(request, case, goal, error=error, saved=not error)
    if error:
        messages.error(request, error)
    return _to_plan(case)


@require_POST
@login_required
def case_step_add(request: AuthenticatedRequest, case_id: int, goal_id: int) -> HttpResponse:
    """HTMX: add a step to a goal."""
    case = case_for_request(request, case_id, write=True)
    goal = _goal_of(case, goal_id)
    form = StepForm(request.POST, auto_id=f"id_goal{goal.pk}_%s")
    error = ""
    if form.is_valid():
        try:
            services.step_add(
                goal=goal,
                description=form.cleaned_data["description"],
                due_on=form.cleaned_data["due_on"],
                by=request.user,
            )
        except DomainError as refusal:
            error = str(refusal.message)
    else:
        error = _("Please describe the step (and give a valid date, if any).")
    if request.htmx:
        extra: dict[str, Any] = {"error": error}
        if error:
            extra["step_form"] = form
        return _goal_fragment(request, case, goal, **extra)
    if error:
        messages.error(request, error)
    return _to_plan(case)


@require_POST
@login_required
def case_step_toggle(request: AuthenticatedRequest, case_id: int, step_id: int) -> HttpResponse:
    """HTMX: mark a step done (or not done again)."""
    case = case_for_request(request, case_id, write=True)
    step = get_object_or_404(
        GoalStep.objects.select_related("goal"), pk=step_id, goal__plan__case=case
    )
    error = ""
    try:
        services.step_toggle(step=step, by=request.user, on=today())
    except DomainError as refusal:
        error = str(refusal.message)
    if request.htmx:
        return _goal_fragment(request, case, step.goal, error=error)
    if error:
        messages.error(request, error)
    return _to_plan(case)
