"""Managing users and roles (administrators only; no client data involved).

Roles that reach client data are not granted here but proposed and confirmed (``grants``).
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from lotse.audit.services import log_action
from lotse.common.errors import DomainError
from lotse.organisation.models import Team

from ..models import Membership, RoleGrant, RoleGrantStatus, User
from ..roles import CLIENT_DATA_ROLES, Role
from .grants import (
    ADMINISTRATOR_MAY_NOT_HOLD,
    GRANT_LIFETIME,
    grants_decidable_by,
    grants_revoke_for,
    holds_administrator_role,
    may_decide,
    role_grant_confirm,
    role_grant_refuse,
    role_grant_withdraw,
    role_grants_expire,
    role_grants_pending,
    role_propose,
)

__all__ = [
    "ADMINISTRATOR_MAY_NOT_HOLD",
    "GRANT_LIFETIME",
    "grants_decidable_by",
    "holds_administrator_role",
    "may_decide",
    "membership_grant",
    "membership_revoke",
    "role_grant_confirm",
    "role_grant_refuse",
    "role_grant_withdraw",
    "role_grants_expire",
    "role_grants_pending",
    "role_propose",
    "user_create",
    "user_deactivate",
]


@transaction.atomic
def user_create(*, email: str, full_name: str, password: str, fte: Decimal, languages: str) -> User:
    return User.objects.create_user(
        email=email, password=password, full_name=full_name, fte=fte, languages=languages
    )


@transaction.atomic
def membership_grant(
    *, user: User, team: Team, role: str, read_only: bool, granted_by: User | None = None
) -> Membership:
    """Roles without client data only; the others go through ``role_propose``.

    ``granted_by`` is the administrator acting in the application; None only for commands
    and installation.
    """
    if role in CLIENT_DATA_ROLES:
        raise DomainError(_("This role reaches client data: propose it for confirmation."))
    if Membership.all_objects.filter(user=user, team=team, role=role).exists():
        raise DomainError(_("This person already has this role in this team."))
    if role == Role.ADMINISTRATOR and (
        Membership.all_objects.filter(user=user, role__in=CLIENT_DATA_ROLES).exists()
        or RoleGrant.objects.filter(user=user, status=RoleGrantStatus.PROPOSED).exists()
    ):
        raise DomainError(ADMINISTRATOR_MAY_NOT_HOLD)
    membership = Membership.objects.create(
        user=user, team=team, role=role, read_only=read_only, granted_by=granted_by
    )
    log_action(action="role.granted", obj=user, data={"team": team.pk, "role": role})
    return membership


@transaction.atomic
def membership_revoke(*, membership: Membership) -> None:
    user = membership.user
    data = {"team": membership.team_id, "role": membership.role}
    grants_revoke_for(membership)
    membership.delete()
    log_action(action="role.revoked", obj=user, data=data)


@transaction.atomic
def user_deactivate(*, user: User) -> None:
    """Deactivated users are signed out everywhere at once: see AuthenticationMiddleware."""
    user.is_active = False
    user.save(update_fields=["is_active"])
