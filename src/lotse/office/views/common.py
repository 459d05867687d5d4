"""What the flag and task views share."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from lotse.clients.models import Client


def can_write(request: HttpRequest, client: Client) -> bool:
    """May the user change this file? Asked once per request (header and panel both ask)."""
    cache: dict[int, bool] = request.__dict__.setdefault("_office_can_write", {})
    if client.pk not in cache:
        cache[client.pk] = (
            client.anonymised_at is None
            and Client.objects.writable_by(request.user).filter(pk=client.pk).exists()
        )
    return cache[client.pk]


def is_htmx(request: Any) -> bool:
    return bool(getattr(request, "htmx", False))
