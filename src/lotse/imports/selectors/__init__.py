"""Which teams a user may import into and which runs they may see: the teams they lead."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from lotse.accounts.models import Membership
from lotse.accounts.roles import Role
from lotse.organisation.models import Team

from ..models import ImportRun


def lead_teams(user: Any) -> QuerySet[Team]:
    """Teams the user leads (with write access) whose clients are not anonymous by design."""
    led = Membership.objects.filter(user=user, role=Role.TEAM_LEAD, read_only=False)
    return Team.objects.filter(pk__in=led.values("team_id")).select_related("service__centre")


def runs_for(user: Any, *, limit: int = 20) -> list[ImportRun]:
    teams = lead_teams(user).values("pk")
    return list(ImportRun.objects.filter(team__in=teams).select_related("team")[:limit])


def run_for(user: Any, pk: int) -> ImportRun:
    """A run of a team the user leads; any other run is 404 (its existence is not revealed)."""
    run = (
        ImportRun.objects.filter(pk=pk, team__in=lead_teams(user).values("pk"))
        .select_related("team__service", "uploaded_by")
        .first()
    )
    if run is None:
        raise Http404
    return run
