"""Reviews, evaluation and sustainability check of one case."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lotse.accounts.typing import AuthenticatedRequest
from lotse.common.errors import DomainError

from .. import services
from ..forms import EvaluationForm, ReviewRecordForm, ReviewScheduleForm, SustainabilityForm
from ..models import Case, Review
from ..phases import add_months
from ..selectors import case_for_request, plan_current, sustainability_current
from ..services.review import SUSTAINABILITY_MONTHS, review_blockers
from .common import back_to_case, can_write, form_page, today


def _to_reviews(case: Case) -> HttpResponse:
    return redirect("case_reviews", case_id=case.pk)


@login_required
def case_reviews(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    case = case_for_request(request, case_id)
    reviews = list(
        case.reviews.select_related("plan", "counsellor").prefetch_related(
            "goal_changes__goal__catalogue_goal"
        )
    )
    return render(
        request,
        "cases/reviews.html",
        {
            "client": case.client,
            "active_tab": "case",
            "case": case,
            "reviews": reviews,
            "today": today(),
            "can_write": can_write(request, case) and not case.is_closed,
            "schedule_form": ReviewScheduleForm(),
        },
    )


@require_POST
@login_required
def case_review_schedule(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    case = case_for_request(request, case_id, write=True)
    form = ReviewScheduleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please enter the review date as DD.MM.YYYY."))
        return _to_reviews(case)
    try:
        services.review_schedule(
            case=case, scheduled_on=form.cleaned_data["scheduled_on"], by=request.user
        )
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The review has been scheduled."))
    return _to_reviews(case)


@login_required
def case_review_record(request: AuthenticatedRequest, case_id: int, review_id: int) -> HttpResponse:
    case = case_for_request(request, case_id, write=True)
    review = get_object_or_404(Review, pk=review_id, case=case)
    if review.is_held:
        return _to_reviews(case)
    plan = plan_current(case)
    goals = list(plan.goals.select_related("catalogue_goal")) if plan else []
    form = ReviewRecordForm(
        request.POST or None,
        goals=goals,
        initial={"held_on": today(), "version": review.version, "next_phase": "implementation"},
    )
    context = {
        "client": case.client,
        "active_tab": "case",
        "case": case,
        "form": form,
        "review": review,
        "blockers": review_blockers(case),
    }
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.review_record(
                review=review,
                held_on=data["held_on"],
                assessment=data["assessment"],
                goal_statuses=form.goal_statuses(),
                next_phase=data["next_phase"],
                next_review_on=data["next_review_on"],
                by=request.user,
                expected_version=data["version"] or 0,
            )
        except DomainError as error:
            review.refresh_from_db()
            return form_page(
                request,
                "cases/review_form.html",
                context,
                error=error,
                current_version=review.version,
            )
        messages.success(request, _("The review has been recorded."))
        return back_to_case(case)
    return render(request, "cases/review_form.html", context)


@login_required
def case_evaluation(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    case = case_for_request(request, case_id, write=True)
    form = EvaluationForm(request.POST or None, initial={"evaluated_on": today()})
    context = {
        "client": case.client,
        "active_tab": "case",
        "case": case,
        "form": form,
        "default_due": add_months(today(), SUSTAINABILITY_MONTHS),
    }
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.evaluation_record(
                case=case,
                evaluated_on=data["evaluated_on"],
                reflection=data["reflection"],
                client_view=data["client_view"],
                sustainability_due_on=data["sustainability_due_on"],
                by=request.user,
            )
        except DomainError as error:
            return form_page(request, "cases/evaluation_form.html", context, error=error)
        messages.success(request, _("The evaluation has been recorded."))
        return back_to_case(case)
    return render(request, "cases/evaluation_form.html", context)


@login_required
def case_sustainability(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    case = case_for_request(request, case_id, write=True)
    check = sustainability_current(case)
    form = SustainabilityForm(
        request.POST or None,
        initial={"checked_on": today(), "version": check.version if check else None},
    )
    context = {
        "client": case.client,
        "active_tab": "case",
        "case": case,
        "form": form,
        "check": check,
    }
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.sustainability_record(
                case=case,
                checked_on=data["checked_on"],
                outcome=data["outcome"],
                notes=data["notes"],
                by=request.user,
                expected_version=data["version"] or 0,
            )
        except DomainError as error:
            current = sustainability_current(case)
            return form_page(
                request,
                "cases/sustainability_form.html",
                context,
                error=error,
                current_version=current.version if current else None,
            )
        messages.success(request, _("The sustainability check has been recorded."))
        return back_to_case(case)
    return render(request, "cases/sustainability_form.html", context)
