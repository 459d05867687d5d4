"""The clients app's navigation entry and dashboard panel."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from lotse.accounts.roles import CLIENT_ROLES
from lotse.common.registry import dashboard_panel, nav_entry

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


@dashboard_panel("my_clients", order=10, template="clients/panels/my_clients.html")
def my_clients(request: HttpRequest) -> dict[str, Any] | None:
    from .models import Client
    from .selectors import recently_updated

    if not request.user.has_role(*CLIENT_ROLES):  # type: ignore[union-attr]
        return None
    return {
        "total": Client.objects.visible_to(request.user).count(),
        "recent": recently_updated(request.user, limit=8),
    }
