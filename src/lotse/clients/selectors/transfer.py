"""Reading transfers: what the receiving lead sees before accepting, and the file's state.

Before acceptance the receiving team's lead reads only the name, date of birth, file number
and service of the file, the sending team and the handover note (``_SHOWN``): the file's other
columns are never loaded for them, and the file itself stays invisible to them
(``Client.objects.visible_to`` follows ``Client.team``, which changes only on acceptance).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from ..models import Client, TeamTransfer, TransferStatus
from .person_link import led_team_ids

# The dashboard lists at most this many pending transfers (one query, no count).
DASHBOARD_CAP = 20
# The page where leads decide: at most this many at once, oldest first.
PAGE_CAP = 100

_SHOWN = (
    "status",
    "requested_at",
    "version",
    "note",
    "client_id",
    "from_team_id",
    "to_team_id",
    "client__file_number",
    "client__first_name",
    "client__last_name",
    "client__pseudonym",
    "client__is_anonymous",
    "client__birth_date",
    "client__team_id",
    "from_team__name",
    "from_team__service_id",
    "from_team__service__kind",
    "from_team__service__centre_id",
    "from_team__service__centre__name",
    "to_team__name",
)


def _pending_for_teams(teams: frozenset[int]) -> QuerySet[TeamTransfer]:
    return (
        TeamTransfer.objects.filter(
            status=TransferStatus.PENDING,
            to_team_id__in=teams,
            client__merged_into__isnull=True,
            client__anonymised_at__isnull=True,
        )
        .select_related("client", "from_team__service__centre", "to_team")
        .only(*_SHOWN)
        .order_by("requested_at", "pk")
    )


def pending_for_lead(user: Any, *, limit: int = DASHBOARD_CAP) -> list[TeamTransfer]:
    """Pending transfers to the teams ``user`` leads, oldest first (one query, capped)."""
    teams = led_team_ids(user)
    if not teams:
        return []
    return list(_pending_for_teams(teams)[:limit])


def pending_for_lead_to_decide(user: Any, transfer_id: int) -> TeamTransfer | None:
    """One pending transfer to a team ``user`` leads, or None."""
    teams = led_team_ids(user)
    if not teams:
        return None
    return _pending_for_teams(teams).filter(pk=transfer_id).first()


def transfers_of_file(client: Client, *, limit: int = 5) -> list[TeamTransfer]:
    """The file's latest transfers (the sending team's view: status, receiving team, date)."""
    return list(
        TeamTransfer.objects.filter(client=client)
        .select_related("to_team__service__centre", "decided_by")
        .order_by("-requested_at", "-pk")[:limit]
    )
