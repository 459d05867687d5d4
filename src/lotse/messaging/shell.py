"""The messaging app in the shell: the client-file card and the dashboard panel."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from lotse.accounts.roles import ADMIN_ROLES, CLIENT_ROLES
from lotse.audit.services.reads import note_shown
from lotse.clients.file_sections import file_section
from lotse.common.registry import dashboard_panel, nav_entry

from .selectors import failed_messages
from .views import messages_context

nav_entry(
    "messaging_centres",
    _("Messages to clients"),
    "messaging_centres",
    order=94,
    visible=lambda user: user.has_role(*ADMIN_ROLES),
    active_for=("messaging_centres",),
)


@file_section(
    "messages", place="overview", template="messaging/fragments/client_messages.html", order=30
)
def messages_section(request: HttpRequest, client: Any) -> dict[str, Any] | None:
    return messages_context(request, client)


@dashboard_panel("messages_failed", order=7, template="messaging/panels/failed.html")
def failed_panel(request: HttpRequest) -> dict[str, Any] | None:
    """Confirmations and reminders not delivered: given up after every attempt, or reported
    back by the mail server or the SMS provider (bounced)."""
    user = request.user
    if not user.has_role(*CLIENT_ROLES):  # type: ignore[union-attr]
        return None
    failed = failed_messages(user)
    if not failed:
        return None
    note_shown(request, clients=[m.client_id for m in failed])
    return {"failed": failed}
