"""Navigation entry "Termine", the client-file tab and the dashboard panels of appointments."""

from __future__ import annotations

from typing import Any, cast

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotse.accounts.models import User
from lotse.accounts.roles import CLIENT_ROLES
from lotse.audit.services.reads import note_shown
from lotse.clients.tabs import client_tab
from lotse.common.registry import (
    CLIENT_NAME_FIELDS,
    PANEL_COUNT_CAP,
    dashboard_panel,
    nav_entry,
    without_encrypted,
)

from .models import RequestStatus
from .selectors import inbox, todays_appointments

PANEL_ROWS = 6

nav_entry(
    "appointments",
    _("Appointments"),
    "appointment_list",
    order=15,
    visible=lambda user: user.has_role(*CLIENT_ROLES),
    active_for=(
        "appointment_list",
        "appointment_detail",
        "appointment_request_list",
        "appointment_request_detail",
        "appointment_request_book",
        "capacity_overview",
        "office_hours_list",
        "office_hours_edit",
    ),
)

client_tab("appointments", _("Appointments"), "appointment_client_list", order=35)


@dashboard_panel("appointments_today", order=3, template="appointments/panels/today.html")
def appointments_today(request: HttpRequest) -> dict[str, Any] | None:
    user = cast("User", request.user)
    if not user.has_role(*CLIENT_ROLES):
        return None
    # Names shown, nothing else of the client or the request decrypted.
    names = (*(f"client__{name}" for name in CLIENT_NAME_FIELDS), "request__name")
    rows = list(without_encrypted(todays_appointments(user, on=timezone.localdate()), keep=names))
    note_shown(
        request,
        clients=[a.client_id for a in rows],
        appointment_requests=[a.request_id for a in rows if a.client_id is None],
    )
    return {"rows": rows}


@dashboard_panel("public_requests", order=4, template="appointments/panels/requests.html")
def public_requests(request: HttpRequest) -> dict[str, Any] | None:
    if not request.user.has_role(*CLIENT_ROLES):  # type: ignore[union-attr]
        return None
    new = inbox(request.user).filter(status=RequestStatus.NEW)
    rows = list(new.order_by("-created_at")[:PANEL_ROWS])
    note_shown(request, appointment_requests=[r.pk for r in rows])
    total = (
        len(rows)
        if len(rows) < PANEL_ROWS
        else new.order_by().values("pk")[: PANEL_COUNT_CAP + 1].count()
    )
    return {"total": total, "rows": rows}
