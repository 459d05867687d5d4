"""Reading person links: what a team lead sees of requests, without the other file's data."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from lotse.accounts.roles import Role

from ..models import Client, LinkStatus, PersonLinkRequest

# The dashboard lists at most this many open requests (one query, no count).
DASHBOARD_CAP = 20

# What a decider sees of a request: the requesting service, the requester's name, the date
# and the two match flags. The requesting file's own columns are never read.
_SHOWN = (
    "status",
    "requested_at",
    "name_matches",
    "birth_date_matches",
    "version",
    "from_client_id",
    "to_client_id",
    "requested_by_id",
    "requested_by__full_name",
    "requested_by__email",
    "from_client__team_id",
    "from_client__team__service_id",
    "from_client__team__service__kind",
    "to_client__file_number",
    "to_client__team_id",
)


def led_team_ids(user: Any) -> frozenset[int]:
    """The teams ``user`` leads (not read-only), from the memberships the user object caches."""
    facts = user._membership_facts() if getattr(user, "is_authenticated", False) else []
    return frozenset(
        team for role, team, read_only in facts if role == Role.TEAM_LEAD and not read_only
    )


def _shown(rows: QuerySet[PersonLinkRequest]) -> QuerySet[PersonLinkRequest]:
    return rows.select_related("requested_by", "from_client__team__service", "to_client").only(
        *_SHOWN
    )


def pending_for_lead(user: Any, *, limit: int = DASHBOARD_CAP) -> list[PersonLinkRequest]:
    """Open requests addressed to files of the teams ``user`` leads, oldest first (one query)."""
    teams = led_team_ids(user)
    if not teams:
        return []
    rows = PersonLinkRequest.objects.filter(
        status=LinkStatus.PENDING,
        to_client__team_id__in=teams,
        to_client__merged_into__isnull=True,
        to_client__anonymised_at__isnull=True,
    ).order_by("requested_at", "pk")
    return list(_shown(rows)[:limit])


def pending_of_file(client: Client) -> tuple[list[PersonLinkRequest], list[PersonLinkRequest]]:
    """(received, sent) open requests of one file, in one query."""
    rows = _shown(
        PersonLinkRequest.objects.filter(
            Q(to_client=client) | Q(from_client=client), status=LinkStatus.PENDING
        ).order_by("requested_at", "pk")
    )
    received: list[PersonLinkRequest] = []
    sent: list[PersonLinkRequest] = []
    for row in rows:
        (received if row.to_client_id == client.pk else sent).append(row)
    return received, sent
