"""Case management in the shell: the client-file tab and the dashboard panels."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotse.accounts.roles import CLIENT_ROLES, Role
from lotse.audit.services.reads import note_shown
from lotse.clients.tabs import client_tab
from lotse.common.registry import dashboard_panel, head_and_total, nav_entry

from .selectors import (
    cases_near_limit,
    limit_warning_months,
    reviews_due,
    reviews_overdue,
    sustainability_checks_due,
)

PANEL_ROWS = 8

client_tab("case", _("Case management"), "case_overview", order=20)
# The case working list (issue #17 §3), right below the client list.
nav_entry(
    "cases",
    _("Cases"),
    "case_list",
    order=11,
    visible=lambda user: user.has_role(*CLIENT_ROLES),
    active_for=("case_list",),
)


@dashboard_panel("case_reviews", order=20, template="cases/panels/reviews.html")
def case_reviews_panel(request: HttpRequest) -> dict[str, Any] | None:
    """Counsellor and team lead: reviews due in the next two weeks and overdue ones."""
    user = request.user
    if not user.has_role(*CLIENT_ROLES):  # type: ignore[union-attr]
        return None
    today = timezone.localdate()
    # The panel names the client, not the counsellor: the list page's join to the counsellor
    # would only build user objects nobody reads.
    overdue = (
        reviews_overdue(user=user, today=today).select_related(None).select_related("case__client")
    )
    due = reviews_due(user=user, today=today).select_related(None).select_related("case__client")
    checks = sustainability_checks_due(user=user, today=today)
    overdue_rows, overdue_count = head_and_total(overdue, PANEL_ROWS)
    due_rows, due_count = head_and_total(due, PANEL_ROWS)
    check_rows = list(checks[:PANEL_ROWS])
    note_shown(
        request,
        clients=[r.case.client_id for r in [*overdue_rows, *due_rows]]
        + [c.case.client_id for c in check_rows],
    )
    return {
        "today": today,
        "overdue": overdue_rows,
        "overdue_count": overdue_count,
        "due": due_rows,
        "due_count": due_count,
        "checks": check_rows,
    }


@dashboard_panel("case_limits", order=25, template="cases/panels/limits.html")
def case_limits_panel(request: HttpRequest) -> dict[str, Any] | None:
    """Team lead: open MBE cases whose three-year limit is near or has passed."""
    user = request.user
    if not user.has_role(Role.TEAM_LEAD):  # type: ignore[union-attr]
        return None
    today = timezone.localdate()
    cases = cases_near_limit(user=user, today=today)
    rows, count = head_and_total(cases, PANEL_ROWS)
    note_shown(request, clients=[case.client_id for case in rows])
    return {"today": today, "months": limit_warning_months(), "cases": rows, "count": count}
