"""The statistics' navigation entry ("Statistik")."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from lotse.common.registry import nav_entry

from .views.common import STATISTICS_VIEW_ROLES

nav_entry(
    "statistics",
    _("Statistics"),
    "stats_dashboard",
    order=70,
    visible=lambda user: user.has_role(*STATISTICS_VIEW_ROLES),
    active_for=(
        "stats_dashboard",
        "stats_reports",
        "stats_bundle_list",
        "stats_bundle_dashboard",
        "stats_funding_list",
        "stats_funding_create",
        "stats_funding_detail",
        "stats_funding_edit",
        "stats_funding_lines",
    ),
)
