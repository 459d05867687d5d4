"""What the flag and task views share."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from lotse.clients.models import Client


def can_write(request: HttpRequest, client: Client) -> bool:
    """May the user change this file? No query: header and panel both ask on every page."""
    # The user's memberships are read once per request (``User._membership_facts``); the
    # client came through ``client_for_request``, so it is visible and not merged.
    user: Any = request.user
    return client.anonymised_at is None and client.team_id in user.client_team_ids(writable=True)


def is_htmx(request: Any) -> bool:
    return bool(getattr(request, "htmx", False))
