"""Roles that reach client data need two people (issue #15).

An administrator proposes (``role_propose``); a team lead of the team confirms or refuses
(``role_grant_confirm`` / ``role_grant_refuse``); for a team without a lead yet, a team lead
of another team of the same organisation. While the organisation has no team lead at all, a
second administrator whose role is older than the proposal may decide instead. Nobody
decides a grant they proposed or that gives them the role. Only a confirmation creates the
membership, and never for an account that holds the administrator role. Open proposals
expire after seven days (``role_grants_expire``). Every step writes an audit entry.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotse.audit.services import log_action
from lotse.common.errors import DomainError
from lotse.organisation.models import Team

from ..models import Membership, RoleGrant, RoleGrantStatus, User
from ..roles import CLIENT_DATA_ROLES, Role

GRANT_LIFETIME = timedelta(days=7)

ADMINISTRATOR_MAY_NOT_HOLD = _(
    "An administrator account cannot hold a role that reaches client data. "
    "A person who needs both uses a second account."
)


def holds_administrator_role(user: User) -> bool:
    return Membership.all_objects.filter(user=user, role=Role.ADMINISTRATOR).exists()


def _grant_data(grant: RoleGrant) -> dict[str, object]:
    return {
        "grant": grant.pk,
        "user": grant.user_id,
        "team": grant.team_id,
        "role": grant.role,
        "read_only": grant.read_only,
    }


def _open_grants() -> QuerySet[RoleGrant]:
    """Proposed and not past their seven days, whether or not the expiry has been written yet."""
    return RoleGrant.objects.filter(status=RoleGrantStatus.PROPOSED, expires_at__gt=timezone.now())


@transaction.atomic
def role_grants_expire(*, now: datetime | None = None) -> int:
    """Mark open proposals older than seven days as expired; safe to run again."""
    now = now or timezone.now()
    expired = 0
    overdue = RoleGrant.objects.filter(status=RoleGrantStatus.PROPOSED, expires_at__lte=now)
    for grant in overdue.select_for_update():
        grant.status = RoleGrantStatus.EXPIRED
        grant.decided_at = now
        grant.save(update_fields=["status", "decided_at"])
        log_action(action="role_grant.expired", obj=grant, data=_grant_data(grant))
        expired += 1
    return expired


def role_grants_pending() -> QuerySet[RoleGrant]:
    """The proposals still open. A read: the expiry of older ones is written by the next
    proposal or decision, or by ``lotse role_grants_expire`` (daily, see docs/operations.md)."""
    return _open_grants()


@transaction.atomic
def role_propose(
    *, user: User, team: Team, role: str, read_only: bool, proposed_by: User
) -> RoleGrant:
    if role not in CLIENT_DATA_ROLES:
        raise DomainError(_("This role reaches no client data; grant it directly."))
    if holds_administrator_role(user):
        raise DomainError(ADMINISTRATOR_MAY_NOT_HOLD)
    existing = Membership.all_objects.filter(user=user, team=team, role=role).first()
    if existing is not None and (read_only or not existing.read_only):
        raise DomainError(_("This person already has this role in this team."))
    role_grants_expire()
    if _open_grants().filter(user=user, team=team, role=role).exists():
        raise DomainError(_("This role has already been proposed and awaits confirmation."))
    now = timezone.now()
    grant = RoleGrant.objects.create(
        user=user,
        team=team,
        role=role,
        read_only=read_only,
        proposed_by=proposed_by,
        proposed_at=now,
        expires_at=now + GRANT_LIFETIME,
    )
    log_action(action="role_grant.proposed", obj=grant, data=_grant_data(grant))
    return grant


def _organisation_has_team_lead(team: Team) -> bool:
    return Membership.objects.filter(
        role=Role.TEAM_LEAD, team__service__centre__provider_id=team.service.centre.provider_id
    ).exists()


def may_decide(grant: RoleGrant, user: User) -> bool:
    """Whether ``user`` may confirm or refuse ``grant`` (effective memberships only)."""
    if user.pk in {grant.user_id, grant.proposed_by_id}:
        return False
    leads = Membership.objects.filter(role=Role.TEAM_LEAD)
    if leads.filter(team_id=grant.team_id).exists():
        return leads.filter(user=user, team_id=grant.team_id).exists()
    if _organisation_has_team_lead(grant.team):
        # A team without a lead yet (its first lead, say): a lead of another team of the
        # same organisation decides, or nobody could.
        provider_id = grant.team.service.centre.provider_id
        return leads.filter(user=user, team__service__centre__provider_id=provider_id).exists()
    # Bootstrap: no team lead yet. A second administrator, appointed before the proposal and
    # at installation (not through the application): an administrator who made the account
    # an administrator in the application controls it, and could confirm their own proposal.
    return Membership.objects.filter(
        user=user,
        role=Role.ADMINISTRATOR,
        created_at__lt=grant.proposed_at,
        granted_by__isnull=True,
    ).exists()


def grants_decidable_by(user: User) -> list[RoleGrant]:
    grants = _open_grants().select_related("user", "team__service__centre", "proposed_by")
    return [grant for grant in grants if may_decide(grant, user)]


def _locked_open(grant: RoleGrant) -> RoleGrant:
    """The grant locked for a decision, after overdue proposals are marked expired."""
    role_grants_expire()
    grant = RoleGrant.objects.select_for_update().get(pk=grant.pk)
    if grant.status != RoleGrantStatus.PROPOSED:
        raise DomainError(_("This proposal is no longer open."))
    return grant


def _close(grant: RoleGrant, status: str, by: User, action: str) -> RoleGrant:
    grant.status = status
    grant.decided_by = by
    grant.decided_at = timezone.now()
    grant.save(update_fields=["status", "decided_by", "decided_at"])
    log_action(action=action, obj=grant, data=_grant_data(grant))
    return grant


def _open_for_decision(grant: RoleGrant, user: User) -> RoleGrant:
    grant = _locked_open(grant)
    if user.pk in {grant.user_id, grant.proposed_by_id}:
        raise DomainError(_("Nobody decides a role they proposed or that is proposed for them."))
    if not may_decide(grant, user):
        raise DomainError(_("Only a team lead of this team may decide this proposal."))
    return grant


@transaction.atomic
def role_grant_confirm(*, grant: RoleGrant, confirmed_by: User) -> Membership:
    grant = _open_for_decision(grant, confirmed_by)
    if holds_administrator_role(grant.user):
        raise DomainError(ADMINISTRATOR_MAY_NOT_HOLD)
    membership, created = Membership.all_objects.get_or_create(
        user=grant.user,
        team=grant.team,
        role=grant.role,
        defaults={"read_only": grant.read_only, "granted_by": confirmed_by},
    )
    if not created and membership.read_only and not grant.read_only:
        membership.read_only = False
        membership.save(update_fields=["read_only"])
    grant.status = RoleGrantStatus.CONFIRMED
    grant.decided_by = confirmed_by
    grant.decided_at = timezone.now()
    grant.membership = membership
    grant.save(update_fields=["status", "decided_by", "decided_at", "membership"])
    log_action(action="role_grant.confirmed", obj=grant, data=_grant_data(grant))
    log_action(
        action="role.granted",
        obj=grant.user,
        data={"team": grant.team_id, "role": grant.role, "grant": grant.pk},
    )
    return membership


@transaction.atomic
def role_grant_refuse(*, grant: RoleGrant, refused_by: User) -> RoleGrant:
    grant = _open_for_decision(grant, refused_by)
    return _close(grant, RoleGrantStatus.REFUSED, refused_by, "role_grant.refused")


@transaction.atomic
def role_grant_withdraw(*, grant: RoleGrant, withdrawn_by: User) -> RoleGrant:
    """An administrator takes an open proposal back (a wrong team or person, say)."""
    grant = _locked_open(grant)
    return _close(grant, RoleGrantStatus.WITHDRAWN, withdrawn_by, "role_grant.withdrawn")


def grants_revoke_for(membership: Membership) -> None:
    """The confirmed grants behind a membership that is being revoked."""
    for grant in RoleGrant.objects.filter(
        membership=membership, status=RoleGrantStatus.CONFIRMED
    ).select_for_update():
        grant.status = RoleGrantStatus.REVOKED
        grant.save(update_fields=["status"])
        log_action(action="role_grant.revoked", obj=grant, data=_grant_data(grant))
