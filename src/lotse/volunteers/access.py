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
from lotse.organisation.models import ServiceKind

VOLUNTEER_ROLES: frozenset[str] = frozenset({Role.VOLUNTEER_COORDINATOR, Role.TEAM_LEAD})
FIGURES_ROLES: frozenset[str] = VOLUNTEER_ROLES | STATISTICS_ROLES
# Group offers of the youth migration service: its counsellors, team leads and coordinators.
JMD_ROLES: frozenset[str] = CLIENT_ROLES | {Role.VOLUNTEER_COORDINATOR}


def team_ids_for(user: Any, roles: frozenset[str]) -> QuerySet[Any, Any]:
    return Membership.objects.filter(user=user, role__in=roles).values("team_id")


def managed_team_ids(user: Any) -> QuerySet[Any, Any]:
    return team_ids_for(user, VOLUNTEER_ROLES)


def manages_volunteers(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.has_role(*VOLUNTEER_ROLES)


def works_in_jmd(user: Any) -> bool:
    """A member of a youth migration service team in a role that sees its group offers."""
    if not getattr(user, "is_authenticated", False):
        return False
    cached = getattr(user, "_lotse_works_in_jmd", None)
    if cached is None:
        cached = Membership.objects.filter(
            user=user, role__in=JMD_ROLES, team__service__kind=ServiceKind.JMD
        ).exists()
        user._lotse_works_in_jmd = cached
    return bool(cached)
