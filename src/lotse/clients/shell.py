"""The clients app's navigation entries and dashboard panels."""

from __future__ import annotations

from typing import Any, cast

from django.db.models import Count
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotse.accounts.models import User
from lotse.accounts.roles import CLIENT_ROLES, Role
from lotse.audit.services.reads import note_shown
from lotse.common.registry import PANEL_COUNT_CAP, dashboard_panel, nav_entry, without_encrypted
from lotse.privacy.registry import erasure_hook

# The working list's filters (issue #17 §3) and the person link's file and dashboard panels
# (DOMAIN §D16) register themselves on import.
from . import shell_person_link, shell_transfer, shell_worklist  # noqa: F401
from .models import Client
from .selectors import recently_updated
from .selectors.permits import permits_expiring
from .services.permits import permits_erase
from .tabs import client_tab

nav_entry(
    "clients",
    _("Clients"),
    "client_list",
    order=10,
    visible=lambda user: user.has_role(*CLIENT_ROLES),
    active_for=("client_*",),
)
nav_entry(
    "waiting_list",
    _("Waiting list"),
    "waiting_list",
    order=11,
    visible=lambda user: user.has_role(*CLIENT_ROLES),
)


client_tab("overview", _("Overview"), "client_detail", order=0)
erasure_hook("residence_permits", permits_erase)


@dashboard_panel("my_clients", order=10, template="clients/panels/my_clients.html")
def my_clients(request: HttpRequest) -> dict[str, Any] | None:
    if not request.user.has_role(*CLIENT_ROLES):  # type: ignore[union-attr]
        return None
    recent = recently_updated(request.user, limit=8)
    note_shown(request, clients=[client.pk for client in recent])
    visible = Client.objects.visible_to(request.user).order_by().values("pk")
    return {"total": visible[: PANEL_COUNT_CAP + 1].count(), "recent": recent}


@dashboard_panel("team_counts", order=20, template="clients/panels/team_counts.html")
def team_counts(request: HttpRequest) -> dict[str, Any] | None:
    user = cast("User", request.user)
    if not user.has_role(Role.TEAM_LEAD):
        return None
    lead_teams = sorted(user.led_team_ids())
    rows = (
        Client.objects.filter(team_id__in=lead_teams)
        .values("team__name")
        .annotate(n=Count("id"))
        .order_by("team__name")
    )
    return {"rows": [dict(row) for row in rows]}


PERMITS_SHOWN = 8


@dashboard_panel("permits_expiring", order=6, template="clients/panels/permits_expiring.html")
def permits_expiring_panel(request: HttpRequest) -> dict[str, Any] | None:
    """Aufenthaltstitel laufen ab: current permits ending within 8 weeks (or just ended).

    One query for the rows, a second (capped) count only when the list is full. Of the
    encrypted columns only the kind and the client's name are read.
    """
    if not request.user.has_role(*CLIENT_ROLES):  # type: ignore[union-attr]
        return None
    today = timezone.localdate()
    permits = permits_expiring(request.user, today=today)
    rows = list(without_encrypted(permits, keep=("kind",))[:PERMITS_SHOWN])
    total = len(rows)
    if total == PERMITS_SHOWN:
        total = permits.order_by().values("pk")[: PANEL_COUNT_CAP + 1].count()
    note_shown(request, clients=[permit.client_id for permit in rows])
    items = [{"permit": permit, "days_left": permit.days_left(today)} for permit in rows]
    return {"items": items, "total": total}
