"""The person link in the shell (DOMAIN §D16): the file's panel and the leads' dashboard panel."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from lotse.audit.services.reads import note_shown
from lotse.common.registry import dashboard_panel

from .file_sections import file_section
from .selectors.person_link import pending_for_lead
from .views.person_link import panel_context


@file_section(
    "person_link", place="overview", template="clients/fragments/person_link.html", order=5
)
def person_link_section(request: HttpRequest, client: Any) -> dict[str, Any] | None:
    """Members of the file's team see that it is linked; its leads ask, decide and undo."""
    return panel_context(request, client)  # type: ignore[arg-type]


@dashboard_panel(
    "person_link_requests", order=8, template="clients/panels/person_link_requests.html"
)
def person_link_requests_panel(request: HttpRequest) -> dict[str, Any] | None:
    """Open requests addressed to files of the teams the user leads: one query, at most 20."""
    requests = pending_for_lead(request.user)
    if not requests:
        return None
    note_shown(request, clients=[item.to_client_id for item in requests])
    return {"requests": requests}
