"""Reading client data — always scoped to the user, always audited."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from lotse.audit.services import log_action
from lotse.common import crypto

from .models import Client

NAME_PURPOSE = "client.name"


def client_for_request(request: HttpRequest, pk: int, *, write: bool = False) -> Client:
    """The one way a view gets a client from the URL.

    Foreign client → 404 (its existence is not revealed); visible but read-only → 403.
    The read is written to the audit trail before any data leaves.
    """
    client = Client.objects.visible_to(request.user).select_related("team").filter(pk=pk).first()
    if client is None:
        raise Http404
    if write and not Client.objects.writable_by(request.user).filter(pk=pk).exists():
        raise PermissionDenied
    resolver = getattr(request, "resolver_match", None)
    log_action(
        action="client.viewed",
        obj=client,
        data={"view": resolver.view_name if resolver else "", "for_edit": write},
    )
    return client


def client_search(
    *, user: object, query: str = "", birth_date: date | None = None
) -> QuerySet[Client]:
    """Search by name prefix, file number or birth date without decrypting a single row."""
    qs = Client.objects.visible_to(user)
    query = query.strip()
    if query:
        if any(ch.isdigit() for ch in query) and "-" in query:
            qs = qs.filter(file_number__istartswith=query)
        else:
            for word in crypto.normalise_for_index(query).split():
                digest = crypto.blind_index(word[:12], purpose=NAME_PURPOSE + ":prefix")
                qs = qs.filter(search_tokens__digest=digest)
    if birth_date:
        qs = qs.filter(birth_date=birth_date)
    return qs.distinct() if query else qs
