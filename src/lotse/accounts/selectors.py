from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count

from lotse.audit.models import AuditEntry
from lotse.clients.models import Client

from .models import Membership, User
from .roles import ADMIN_ROLES, AUDIT_ROLES, CLIENT_ROLES, Role


@dataclass
class Dashboard:
    """What each role sees first. Later features add their own panels here."""

    clients_total: int | None = None
    recent_clients: list[Client] = field(default_factory=list)
    team_counts: list[dict[str, Any]] = field(default_factory=list)
    audit_recent: list[AuditEntry] = field(default_factory=list)
    audit_logins_failed_today: int | None = None
    users_total: int | None = None
    users_without_2fa: list[User] = field(default_factory=list)


def dashboard_for(user: User) -> Dashboard:
    board = Dashboard()
    if user.has_role(*CLIENT_ROLES):
        visible = Client.objects.visible_to(user)
        board.clients_total = visible.count()
        board.recent_clients = list(visible.select_related("team").order_by("-updated_at")[:8])
    if user.has_role(Role.TEAM_LEAD):
        lead_teams = Membership.objects.filter(user=user, role=Role.TEAM_LEAD).values("team_id")
        board.team_counts = [
            dict(row)
            for row in Client.objects.filter(team_id__in=lead_teams)
            .values("team__name")
            .annotate(n=Count("id"))
            .order_by("team__name")
        ]
    if user.has_role(*AUDIT_ROLES):
        board.audit_recent = list(AuditEntry.objects.order_by("-seq")[:10])
    if user.has_role(*ADMIN_ROLES):
        from allauth.mfa.models import Authenticator

        board.users_total = User.objects.filter(is_active=True).count()
        with_totp = Authenticator.objects.filter(type=Authenticator.Type.TOTP).values("user_id")
        board.users_without_2fa = list(
            User.objects.filter(is_active=True).exclude(pk__in=with_totp).order_by("full_name")
        )
    return board
