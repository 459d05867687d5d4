"""Transfers in the shell (issue #17 §3): the file's state and the receiving leads' panel."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from lotse.audit.services.reads import note_shown
from lotse.common.registry import dashboard_panel

from .file_sections import file_section
from .models import Client
from .selectors.transfer import pending_for_lead, transfers_of_file


@file_section("transfer", place="overview", template="clients/fragments/transfer.html", order=6)
def transfer_section(request: HttpRequest, client: Any) -> dict[str, Any] | None:
    """The file's latest transfers (pending, declined …) for its own team; nothing if none."""
    transfers = transfers_of_file(client)
    if not transfers:
        return None
    can_withdraw = Client.objects.writable_by(request.user).filter(pk=client.pk).exists()
    return {"client": client, "transfers": transfers, "can_withdraw": can_withdraw}


@dashboard_panel("transfer_requests", order=9, template="clients/panels/transfer_requests.html")
def transfer_requests_panel(request: HttpRequest) -> dict[str, Any] | None:
    """Pending transfers to the teams the user leads: one query, at most 20."""
    transfers = pending_for_lead(request.user)
    if not transfers:
        return None
    note_shown(request, clients=[t.client_id for t in transfers])
    return {"transfers": transfers}
