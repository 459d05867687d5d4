from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import get_language

from .roles import ADMIN_ROLES, AUDIT_ROLES, CLIENT_ROLES, STATISTICS_ROLES


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    context: dict[str, Any] = {
        "LANGUAGE_IS_RTL": get_language() in settings.LANGUAGES_RTL,
        "UI_LANGUAGES": settings.LANGUAGES,
    }
    if user is None or not user.is_authenticated:
        return context
    context["nav"] = {
        "clients": user.has_role(*CLIENT_ROLES),
        "statistics": user.has_role(*STATISTICS_ROLES),
        "audit": user.has_role(*AUDIT_ROLES),
        "administration": user.has_role(*ADMIN_ROLES),
    }
    return context
