"""The statistics dashboard: the same page for local figures and for imported bundles.

Each view asks ``selectors/dashboard.py::dashboard_context`` for the page and renders it.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from lotse.accounts.typing import AuthenticatedRequest
from lotse.common.access import role_required

from ..selectors.dashboard import dashboard_context
from .common import BUNDLE_ROLES, STATISTICS_VIEW_ROLES


@role_required(*STATISTICS_VIEW_ROLES)
def dashboard(request: AuthenticatedRequest) -> HttpResponse:
    context = dashboard_context(request.user, request.GET)
    return render(request, "stats/dashboard.html", context)


@role_required(*BUNDLE_ROLES)
def bundle_dashboard(request: AuthenticatedRequest, bundle_id: int) -> HttpResponse:
    context = dashboard_context(request.user, request.GET, bundle_id=bundle_id)
    return render(request, "stats/dashboard.html", context)
