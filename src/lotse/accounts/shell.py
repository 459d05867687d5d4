"""The accounts app's navigation entries and dashboard panels."""

from __future__ import annotations

from typing import Any

from allauth.mfa.models import Authenticator
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from lotse.common.registry import dashboard_panel, nav_entry

from .models import User
from .roles import ADMIN_ROLES, CLIENT_ROLES, Role

nav_entry("dashboard", _("Dashboard"), "dashboard", order=0, visible=lambda user: True)
nav_entry(
    "administration",
    _("Administration"),
    "user_list",
    order=90,
    visible=lambda user: user.has_role(*ADMIN_ROLES),
    active_for=("user_list", "user_create", "user_roles"),
)
nav_entry(
    "role_grants",
    _("Role grants"),
    "role_grant_list",
    order=91,
    visible=lambda user: (
        user.has_role(Role.TEAM_LEAD, Role.DATA_PROTECTION_OFFICER)
        and not user.has_role(*ADMIN_ROLES)
    ),
    active_for=("role_grant_list",),
)


@dashboard_panel("users", order=80, template="accounts/panels/users.html")
def users_panel(request: HttpRequest) -> dict[str, Any] | None:
    if not request.user.has_role(*ADMIN_ROLES):  # type: ignore[union-attr]
        return None
    active = User.objects.filter(is_active=True)
    with_totp = Authenticator.objects.filter(type=Authenticator.Type.TOTP).values("user_id")
    return {
        "users_total": active.count(),
        "without_2fa": list(active.exclude(pk__in=with_totp).order_by("full_name")),
    }


@dashboard_panel("no_client_access", order=99, template="accounts/panels/no_client_access.html")
def no_client_access(request: HttpRequest) -> dict[str, Any] | None:
    if request.user.has_role(*CLIENT_ROLES):  # type: ignore[union-attr]
        return None
    return {}
