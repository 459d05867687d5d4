"""The courses' navigation entry, client-file tab and dashboard panel."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from lotse.accounts.roles import CLIENT_ROLES
from lotse.audit.services.reads import note_shown
from lotse.clients.tabs import client_tab
from lotse.common.registry import dashboard_panel, head_and_total, nav_entry
from lotse.network.access import NETWORK_READ_ROLES

from .selectors import at_risk_participations

PANEL_ROWS = 8

nav_entry(
    "courses",
    _("Integration courses"),
    "course_list",
    order=45,
    visible=lambda user: user.has_role(*NETWORK_READ_ROLES),
    active_for=("course_list", "course_create", "course_detail", "course_edit", "course_at_risk"),
)

client_tab("courses", _("Courses"), "course_client_tab", order=30)


@dashboard_panel("course_at_risk", order=35, template="courses/panels/at_risk.html")
def course_at_risk_panel(request: HttpRequest) -> dict[str, Any] | None:
    """Course participants at risk of dropping out, for the counsellors of their teams."""
    if not request.user.has_role(*CLIENT_ROLES):  # type: ignore[union-attr]
        return None
    at_risk = at_risk_participations(request.user)
    rows, total = head_and_total(at_risk, PANEL_ROWS)
    note_shown(request, clients=[p.client_id for p in rows])
    return {"total": total, "rows": rows}
