"""Whose centre it is: the rule that scopes requests, office hours and request appointments.

Public requests belong to a centre; the client roles of any team of that centre work with them
(see ``selectors`` for the reads). Here, not in ``selectors``, because the models' querysets
(``Appointment.objects.visible_to``) apply it too.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from lotse.organisation.models import Team


def centre_ids_for(user: Any, *, write: bool = False) -> list[int]:
    """Centres in which ``user`` holds a client role (not read-only when ``write``).

    From the memberships read once per request (``User.client_team_ids``, the rule of
    ``Membership.objects.with_client_role``), as literal ids: every appointment query carried
    a membership subquery joined to teams and services before (issue #20).
    """
    centres = user.team_centre_ids()
    return sorted({centres[team] for team in user.client_team_ids(writable=write)})


def request_scope(user: Any, *, write: bool = False) -> Q:
    """Public requests ``user`` handles: per centre, those for a service of one of their teams.

    A JMD counsellor does not see the adults' MBE requests of the same centre. Requests that
    name no service, or a service for which the centre has no team, go to every client role
    of the centre: somebody has to triage them.
    """
    centres, services = user.team_centre_ids(), user.team_service_kinds()
    own: dict[int, set[str]] = {}
    for team in user.client_team_ids(writable=write):
        own.setdefault(centres[team], set()).add(services[team])
    offered: dict[int, set[str]] = {}
    for centre_id, kind in Team.objects.filter(service__centre_id__in=own).values_list(
        "service__centre_id", "service__kind"
    ):
        offered.setdefault(centre_id, set()).add(kind)
    scope = Q(pk__in=[])
    for centre_id, kinds in own.items():
        unhandled = ~Q(service__in=offered.get(centre_id, set()))
        scope |= Q(centre_id=centre_id) & (Q(service="") | Q(service__in=kinds) | unhandled)
    return scope
