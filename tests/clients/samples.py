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
