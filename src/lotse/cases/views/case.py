"""The case tab of the client file: overview, opening, phase changes, closing, reopening."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lotse.accounts.models import Membership, User
from lotse.accounts.roles import CLIENT_ROLES
from lotse.accounts.typing import AuthenticatedRequest
from lotse.clients.models import ContactKind
from lotse.clients.selectors import client_for_request
from lotse.common.errors import DomainError
from lotse.common.query import parse_int

from .. import services
from ..forms import CaseOpenForm, CloseForm, ReopenForm
from ..indicators import INDICATOR_BY_CODE
from ..models import Assessment, Case
from ..phases import (
    CLOSURE_REASON_LABELS,
    PHASE_LABELS,
    Phase,
    allowed_targets,
    is_backward,
    sorted_phases,
)
from ..selectors import (
    agreement_status,
    case_for_request,
    case_indicator_report,
    evaluation_current,
    limit_warning,
    limit_warning_months,
    phase_history,
    plan_current,
    sustainability_current,
)
from .common import back_to_case, can_write, form_page, refused, today

PROCESS = [p for p in Phase if p != Phase.CLOSED]
# Entered by recording a review or an evaluation, not by a button of their own.
ENTERED_BY_FORM = frozenset({Phase.REVIEW, Phase.SUSTAINABILITY})


def _counsellors(client: Any) -> Any:
    # Through Membership.objects, so a dormant row of an administrator account never counts.
    members = Membership.objects.filter(
        team_id=client.team_id, role__in=CLIENT_ROLES, read_only=False
    ).values("user_id")
    return User.objects.filter(is_active=True, pk__in=members)


def overview_context(case: Case) -> dict[str, Any]:
    plan = plan_current(case)
    goals = list(plan.goals.select_related("catalogue_goal")) if plan else []
    reviews = list(case.reviews.order_by("scheduled_on"))
    current = Phase(case.phase)
    report = case_indicator_report(case)
    return {
        "case": case,
        "process": [(p, PHASE_LABELS[p]) for p in PROCESS],
        "phase_label": PHASE_LABELS[current],
        # (phase, label, going back?): a step back says "Back to …" and asks for a reason.
        "next_phases": [
            (p, PHASE_LABELS[p], is_backward(current, p))
            for p in sorted_phases(allowed_targets(current))
            if p not in ENTERED_BY_FORM
        ],
        "assessment": Assessment.objects.filter(case=case).first(),
        "plan": plan,
        "goals": goals,
        "agreement": agreement_status(case, plan),
        "open_reviews": [r for r in reviews if not r.is_held],
        "held_reviews": [r for r in reviews if r.is_held],
        "evaluation": evaluation_current(case),
        "sustainability": sustainability_current(case),
        "closure": case.closures.order_by("-closed_on", "-created_at").first(),
        "indicators": report,
        "indicator_rows": [
            (INDICATOR_BY_CODE[code].label, outcome) for code, outcome in report.outcomes.items()
        ],
        "reached": [INDICATOR_BY_CODE[code].label for code in report.reached_codes()],
        "history": [
            (change, CLOSURE_REASON_LABELS.get(change.reason, change.reason))  # type: ignore[call-overload]
            if change.to_phase == Phase.CLOSED
            else (change, change.reason)
            for change in phase_history(case)
        ],
        "today": today(),
        "limit_warning": limit_warning(case, today()),
        "limit_warning_months": limit_warning_months(),
        # JMD (§D11): parents' counselling is a kind of contact; shown with the case.
        "parents_contacts": (
            case.client.contacts.filter(kind=ContactKind.PARENTS).count() if case.is_jmd else None
        ),
    }


@login_required
def case_overview(request: AuthenticatedRequest, client_id: int) -> HttpResponse:
    client = client_for_request(request, client_id)
    case = Case.objects.filter(client=client).select_related("counsellor").first()
    context: dict[str, Any] = {
        "client": client,
        "active_tab": "case",
        "can_write": can_write(request, client),
    }
    if case is not None:
        case.client = client
        context.update(overview_context(case))
    return render(request, "cases/case_overview.html", context)


@login_required
def case_open(request: AuthenticatedRequest, client_id: int) -> HttpResponse:
    client = client_for_request(request, client_id, write=True)
    existing = Case.objects.filter(client=client).first()
    if existing is not None:
        return back_to_case(existing)
    form = CaseOpenForm(
        request.POST or None,
        counsellors=_counsellors(client),
        initial={"opened_on": today(), "counsellor": request.user.pk},
    )
    context = {"client": client, "active_tab": "case", "form": form}
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_open(
                client=client,
                counsellor=form.cleaned_data["counsellor"],
                opened_on=form.cleaned_data["opened_on"],
            )
        except DomainError as error:
            return form_page(request, "cases/case_open.html", context, error=error)
        messages.success(request, _("Case management has been opened."))
        return back_to_case(case)
    return render(request, "cases/case_open.html", context)


@require_POST
@login_required
def case_transition(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    case = case_for_request(request, case_id, write=True)
    try:
        services.case_transition(
            case=case,
            target=request.POST.get("target", ""),
            by=request.user,
            on=today(),
            expected_version=_int(request.POST.get("version")),
            reason=request.POST.get("reason", ""),
        )
    except DomainError as error:
        return refused(request, error, case)
    messages.success(
        request,
        _("The case is now in the phase “%(phase)s”.")
        % {"phase": PHASE_LABELS[Phase(Case.objects.get(pk=case.pk).phase)]},
    )
    return back_to_case(case)


def _int(value: str | None) -> int:
    return parse_int(value, minimum=0) or 0


@login_required
def case_close(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    case = case_for_request(request, case_id, write=True)
    form = CloseForm(request.POST or None, initial={"closed_on": today(), "version": case.version})
    context = {"client": case.client, "active_tab": "case", "case": case, "form": form}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.case_close(
                case=case,
                reason=data["reason"],
                livelihood=data["livelihood"],
                note=data["note"],
                by=request.user,
                on=data["closed_on"],
                expected_version=data["version"] or 0,
            )
        except DomainError as error:
            current = Case.objects.get(pk=case.pk).version
            return form_page(
                request, "cases/case_close.html", context, error=error, current_version=current
            )
        messages.success(request, _("The case has been closed."))
        return back_to_case(case)
    return render(request, "cases/case_close.html", context)


@login_required
def case_reopen(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    case = case_for_request(request, case_id, write=True)
    if not case.is_closed:
        return back_to_case(case)
    form = ReopenForm(request.POST or None, initial={"version": case.version})
    context = {"client": case.client, "active_tab": "case", "case": case, "form": form}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.case_reopen(
                case=case,
                target=data["target"],
                reason=data["reason"],
                by=request.user,
                on=today(),
                expected_version=data["version"] or 0,
            )
        except DomainError as error:
            current = Case.objects.get(pk=case.pk).version
            return form_page(
                request, "cases/case_reopen.html", context, error=error, current_version=current
            )
        messages.success(request, _("The case has been reopened."))
        return redirect("case_overview", client_id=case.client_id)
    return render(request, "cases/case_reopen.html", context)
