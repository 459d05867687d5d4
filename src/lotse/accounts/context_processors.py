from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import get_language

from lotse.common.registry import nav_entries_for

from .roles import CLIENT_ROLES


def is_active(patterns: tuple[str, ...], url_name: str) -> bool:
    """A pattern ending in ``*`` matches every URL name that starts with it."""
    return any(url_name.startswith(p[:-1]) if p.endswith("*") else url_name == p for p in patterns)


def navigation(request: HttpRequest) -> dict[str, Any]:
    # A page renders several templates with the request (the client file's sections, the
    # dashboard's panels): the menu is worked out once per request — again only if the
    # language or the signed-in user changed in between (a public page's own language, a
    # sign-in).
    user = getattr(request, "user", None)
    key = (get_language(), getattr(user, "pk", None))
    kept = getattr(request, "_lotse_navigation", None)
    if kept is None or kept[0] != key:
        kept = (key, _navigation(request))
        request._lotse_navigation = kept  # type: ignore[attr-defined]
    return kept[1]


def _navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    context: dict[str, Any] = {
        "LANGUAGE_IS_RTL": get_language() in settings.LANGUAGES_RTL,
        "UI_LANGUAGES": settings.LANGUAGES,
    }
    if user is None or not user.is_authenticated:
        return context
    match = getattr(request, "resolver_match", None)
    current = match.url_name if match is not None else ""
    context["nav"] = [
        {"entry": entry, "active": is_active(entry.active_for, current or "")}
        for entry in nav_entries_for(user)
    ]
    context["can_search_clients"] = user.has_role(*CLIENT_ROLES)
    return context
