"""The messaging app in the shell: the client-file card and the dashboard panel."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from lotse.accounts.roles import CLIENT_ROLES
from lotse.audit.services.reads import note_shown
from lotse.clients.file_sections import file_section
from lotse.common.registry import dashboard_panel

from .selectors import failed_messages
from .views import messages_context


@file_section(
    "messages", place="overview", template="messaging/fragments/client_messages.html", order=30
)
def messages_section(request: HttpRequest, client: Any) -> dict[str, Any] | None:
    return messages_context(request, client)


@dashboard_panel("messages_failed", order=7, template="messaging/panels/failed.html")
def failed_panel(request: HttpRequest) -> dict[str, Any] | None:
    """Confirmations and reminders that could not be delivered after every attempt."""
    user = request.user
    if not user.has_role(*CLIENT_ROLES):  # type: ignore[union-attr]
        return None
    failed = failed_messages(user)
    if not failed:
        return None
    note_shown(request, clients=[m.client_id for m in failed])
    return {"failed": failed}
