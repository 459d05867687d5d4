from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from .tabs import client_tabs


def client_file(request: HttpRequest) -> dict[str, Any]:
    """The client file's tabs, on every page of a client's file (a URL with ``client_id``)."""
    user = getattr(request, "user", None)
    match = getattr(request, "resolver_match", None)
    if user is None or not user.is_authenticated or match is None:
        return {}
    if "client_id" not in match.kwargs:
        return {}
    return {"client_tabs": client_tabs()}
