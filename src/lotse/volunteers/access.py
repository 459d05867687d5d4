"""Who works with volunteers (issue #8).

Volunteer coordinators manage the volunteers, partners and partnerships of their teams; team
leads supervise the same. Counsellors see only the volunteer paired with a client of theirs
(``Volunteer.objects.visible_to``). Statistics officers see the figures, never a person.
Coordinators do not see client files: a partner who is a client is a copy of what matching
needs, made by the counsellor with the client's consent.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from lotse.accounts.models import Membership
from lotse.accounts.roles import CLIENT_ROLES, STATISTICS_ROLES, Role
from lotse.organisation.models import NO_CLIENT_SERVICES

VOLUNTEER_ROLES: frozenset[str] = frozenset({Role.VOLUNTEER_COORDINATOR, Role.TEAM_LEAD})
FIGURES_ROLES: frozenset[str] = VOLUNTEER_ROLES | STATISTICS_ROLES
# Group work of a team (every service with clients): its counsellors, leads and coordinators.
GROUP_ROLES: frozenset[str] = CLIENT_ROLES | {Role.VOLUNTEER_COORDINATOR}


def team_ids_for(user: Any, roles: frozenset[str]) -> QuerySet[Any, Any]:
    return Membership.objects.filter(user=user, role__in=roles).values("team_id")


def managed_team_ids(user: Any) -> QuerySet[Any, Any]:
    return team_ids_for(user, VOLUNTEER_ROLES)


def manages_volunteers(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.has_role(*VOLUNTEER_ROLES)


def works_with_groups(user: Any) -> bool:
    """A member of a team that works with clients, in a role that sees its group work."""
    if not getattr(user, "is_authenticated", False):
        return False
    # From the memberships read once per request (the menu asks on every page): no query.
    kinds = user.team_service_kinds()
    return any(
        kinds[team] not in NO_CLIENT_SERVICES for team in user.team_ids_with_role(GROUP_ROLES)
    )
