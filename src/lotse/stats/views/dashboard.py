"""The statistics dashboard: the same page for local figures and for imported bundles."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render

from lotse.common.access import role_required
from lotse.common.typing import AuthenticatedRequest

from ..bundle import statistics_from_bundle
from ..cache import cached_statistics
from ..catalogue import SECTIONS
from ..models import ImportedBundle
from ..presentation import key_figures, labeller_for, sections, views_for
from ..scope import is_team_lead, providers_of_officer
from ..selectors import Statistics
from .common import BUNDLE_ROLES, STATISTICS_VIEW_ROLES, choose


def _section(request: AuthenticatedRequest) -> str:
    wanted = request.GET.get("section", "overview")
    return wanted if wanted in SECTIONS or wanted == "all" else "overview"


def _render(
    request: AuthenticatedRequest, statistics: Statistics, context: dict[str, object]
) -> HttpResponse:
    section = _section(request)
    team_lead = is_team_lead(request.user) and statistics.level == ""
    views = views_for(
        statistics, section=None if section == "all" else section, team_lead=team_lead
    )
    label = labeller_for(statistics)
    query = request.GET.copy()
    query.pop("section", None)
    return render(
        request,
        "stats/dashboard.html",
        {
            **context,
            "statistics": statistics,
            "views": views,
            "sections": [*sections(), ("all", "")],
            "section": section,
            "key_figures": key_figures(statistics),
            "query": query.urlencode(),
            "label": label,
            "k_minus_one": statistics.k - 1,
        },
    )


@role_required(*STATISTICS_VIEW_ROLES)
def dashboard(request: AuthenticatedRequest) -> HttpResponse:
    choice = choose(request)
    statistics = cached_statistics(
        list(choice.unit.team_ids),
        choice.period,
        unit_label=choice.unit.label,
        refresh="refresh" in request.GET,
    )
    return _render(request, statistics, {"form": choice.form, "unit": choice.unit})


@role_required(*BUNDLE_ROLES)
def bundle_dashboard(request: AuthenticatedRequest, bundle_id: int) -> HttpResponse:
    stored = ImportedBundle.objects.filter(
        pk=bundle_id, provider__in=providers_of_officer(request.user)
    ).first()
    if stored is None:
        raise Http404
    statistics = statistics_from_bundle(stored.content)
    return _render(request, statistics, {"bundle": stored})
