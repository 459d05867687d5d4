"""Samples of client A for the access matrix (tests/test_access_matrix.py): person links."""

from __future__ import annotations

from lotse.clients.models import LinkStatus, PersonLinkRequest
from lotse_testing import Org


def _pending(org: Org, *, from_a: bool) -> int:
    source, target = (org.client_a, org.client_b) if from_a else (org.client_b, org.client_a)
    existing = PersonLinkRequest.objects.filter(
        from_client=source, to_client=target, status=LinkStatus.PENDING
    ).first()
    if existing is not None:
        return existing.pk
    # Team B has no lead among the personas: the row is written directly, as the service would.
    return PersonLinkRequest.objects.create(
        from_client=source, to_client=target, requested_by=org.users["stranger"]
    ).pk


def link_to_client_a(org: Org) -> int:
    """A pending request made by team B (client B's file) for client A's file."""
    return _pending(org, from_a=False)


def link_from_client_a(org: Org) -> int:
    """A pending request from client A's file to client B's file in team B."""
    return _pending(org, from_a=True)


def _transfer(org: Org, *, client, to_team) -> int:
    from lotse.clients.models import TeamTransfer, TransferStatus

    existing = TeamTransfer.objects.filter(client=client, status=TransferStatus.PENDING).first()
    if existing is not None:
        return existing.pk
    # Written directly, as the service would (team B has no lead among the personas).
    return TeamTransfer.objects.create(
        client=client,
        from_team=client.team,
        to_team=to_team,
        note="Braucht Hilfe bei der Wohnungssuche.",
        requested_by=org.users["stranger" if client.team_id == org.team_b.pk else "counsellor"],
    ).pk


def transfer_to_team_a(org: Org) -> int:
    """A pending transfer of team B's client B to team A."""
    return _transfer(org, client=org.client_b, to_team=org.team_a)


def transfer_from_client_a(org: Org) -> int:
    """A pending transfer of client A to team B."""
    return _transfer(org, client=org.client_a, to_team=org.team_b)
