"""Managing users and roles (administrators only; no client data involved)."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from lotse.audit.services import log_action
from lotse.common.errors import DomainError
from lotse.organisation.models import Team

from ..models import Membership, User


@transaction.atomic
def user_create(*, email: str, full_name: str, password: str, fte: Decimal, languages: str) -> User:
    return User.objects.create_user(
        email=email, password=password, full_name=full_name, fte=fte, languages=languages
    )


@transaction.atomic
def membership_grant(*, user: User, team: Team, role: str, read_only: bool) -> Membership:
    if Membership.objects.filter(user=user, team=team, role=role).exists():
        raise DomainError(_("This person already has this role in this team."))
    membership = Membership.objects.create(user=user, team=team, role=role, read_only=read_only)
    log_action(action="role.granted", obj=user, data={"team": team.pk, "role": role})
    return membership


@transaction.atomic
def membership_revoke(*, membership: Membership) -> None:
    user = membership.user
    data = {"team": membership.team_id, "role": membership.role}
    membership.delete()
    log_action(action="role.revoked", obj=user, data=data)


@transaction.atomic
def user_deactivate(*, user: User) -> None:
    """Deactivated users are signed out everywhere at once: see AuthenticationMiddleware."""
    user.is_active = False
    user.save(update_fields=["is_active"])
