"""The statistics dashboard, read forward: the figures asked for, then the tables shown.

``dashboard_context`` is the one entry of both dashboard pages. It gathers the published
statistics — of the unit and period chosen in the filter (counted, or from the ten-minute
cache), or of an imported bundle — and hands them to the table builders of ``presentation``;
the view renders ``stats/dashboard.html`` with what it returns.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, QueryDict

from ..bundle import statistics_from_bundle
from ..cache import cached_statistics
from ..catalogue import SECTIONS
from ..forms import choose
from ..models import ImportedBundle
from ..presentation import key_figures, views_for
from ..scope import is_team_lead, providers_of_officer


def dashboard_context(
    user: Any, query: QueryDict, *, bundle_id: int | None = None
) -> dict[str, object]:
    """The context of the dashboard: of the filtered unit and period, or of the bundle
    ``bundle_id`` when it is one of the officer's providers' (404 otherwise)."""
    context: dict[str, object]
    if bundle_id is None:
        choice = choose(user, query, working_view=True)
        statistics = cached_statistics(
            list(choice.unit.team_ids),
            choice.period,
            unit_label=choice.unit.label,
            refresh="refresh" in query,
            fresh=False,
        )
        context = {
            "form": choice.form,
            "unit": choice.unit,
            "notes": choice.notes,
            "published": choice.published,
        }
    else:
        stored = ImportedBundle.objects.filter(
            pk=bundle_id, provider__in=providers_of_officer(user)
        ).first()
        if stored is None:
            raise Http404
        statistics = statistics_from_bundle(stored.content)
        context = {"bundle": stored}
    wanted = query.get("section", "overview")
    section = wanted if wanted in SECTIONS or wanted == "all" else "overview"
    # Counsellors' caseloads: for team leads, and only in the organisation's own figures.
    team_lead = is_team_lead(user) and statistics.level == ""
    others = query.copy()
    others.pop("section", None)
    return {
        **context,
        "statistics": statistics,
        "views": views_for(
            statistics, section=None if section == "all" else section, team_lead=team_lead
        ),
        "sections": [*((key, str(title)) for key, title in SECTIONS.items()), ("all", "")],
        "section": section,
        "key_figures": key_figures(statistics),
        "query": others.urlencode(),
        "k_minus_one": statistics.k - 1,
    }
