"""The audit app's navigation entry and dashboard panel."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from lotse.accounts.roles import AUDIT_ROLES
from lotse.common.registry import dashboard_panel, nav_entry

from .models import NEWEST_FIRST, AuditEntry

nav_entry(
    "data_protection",
    _("Data protection"),
    "audit_trail",
    order=80,
    visible=lambda user: user.has_role(*AUDIT_ROLES),
)


@dashboard_panel("audit_recent", order=70, template="audit/panels/recent.html")
def audit_recent(request: HttpRequest) -> dict[str, Any] | None:
    if not request.user.has_role(*AUDIT_ROLES):  # type: ignore[union-attr]
        return None
    return {"entries": list(AuditEntry.objects.order_by(*NEWEST_FIRST)[:10])}
