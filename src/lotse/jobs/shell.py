"""The task queue's navigation entry and dashboard panel (administrators)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from lotse.accounts.roles import ADMIN_ROLES
from lotse.common.registry import dashboard_panel, nav_entry

from .selectors import open_failures

nav_entry(
    "jobs",
    _("Background jobs"),
    "job_list",
    order=92,
    visible=lambda user: user.has_role(*ADMIN_ROLES),
    active_for=("job_list",),
)


@dashboard_panel("failed_jobs", order=81, template="jobs/panels/failed.html")
def failed_jobs_panel(request: HttpRequest) -> dict[str, Any] | None:
    """Shown to administrators only while failed tasks wait for them."""
    if not request.user.has_role(*ADMIN_ROLES):  # type: ignore[union-attr]
        return None
    failed = open_failures()
    return {"failed": failed} if failed else None
