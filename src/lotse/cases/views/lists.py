"""Lists across cases: reviews due and overdue, cases near the three-year limit."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from lotse.accounts.roles import CLIENT_ROLES, Role
from lotse.accounts.typing import AuthenticatedRequest
from lotse.audit.services.reads import log_list_read
from lotse.common.access import role_required

from ..selectors import (
    cases_near_limit,
    limit_warning_months,
    reviews_due,
    reviews_overdue,
    sustainability_checks_due,
)
from .common import today


@role_required(*CLIENT_ROLES)
def case_review_list(request: AuthenticatedRequest) -> HttpResponse:
    day = today()
    overdue = list(reviews_overdue(user=request.user, today=day))
    due = list(reviews_due(user=request.user, today=day))
    checks = list(sustainability_checks_due(user=request.user, today=day))
    shown = [r.case.client_id for r in overdue + due] + [c.case.client_id for c in checks]
    log_list_read(request, clients=shown)
    return render(
        request,
        "cases/review_list.html",
        {"today": day, "overdue": overdue, "due": due, "checks": checks},
    )


@role_required(Role.TEAM_LEAD)
def case_limit_list(request: AuthenticatedRequest) -> HttpResponse:
    day = today()
    cases = list(cases_near_limit(user=request.user, today=day))
    log_list_read(request, clients=[case.client_id for case in cases])
    return render(
        request,
        "cases/limit_list.html",
        {"today": day, "months": limit_warning_months(), "cases": cases},
    )
