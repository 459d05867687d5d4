"""Flags of one file, and the active flags of a page of files in one query."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from lotse.clients.models import Client
from lotse.clients.selectors import client_for_request

from ..models import ClientFlag


def client_flags(client: Client) -> QuerySet[ClientFlag]:
    """Every flag of the file, active ones first, newest first; the caller scoped ``client``."""
    return (
        ClientFlag.objects.filter(client=client)
        .select_related("set_by", "cleared_by")
        .order_by("-set_at", "-pk")
    )


def active_flags_for(client_ids: Iterable[int]) -> dict[int, list[ClientFlag]]:
    """Active flags per client for a list page: one query whatever the number of files.

    The ids come from a list the user may already see (scoped by ``Client.objects.visible_to``).
    """
    ids = list(client_ids)
    found: dict[int, list[ClientFlag]] = defaultdict(list)
    if not ids:
        return found
    rows = (
        ClientFlag.objects.active()
        .filter(client_id__in=ids)
        .select_related("set_by")
        .only("client_id", "kind", "set_at", "set_by__full_name", "set_by__email")
        .order_by("kind", "pk")
    )
    for flag in rows:
        found[flag.client_id].append(flag)
    return found


def flag_for_request(
    request: HttpRequest, client_id: int, flag_id: int, *, write: bool = False
) -> tuple[Client, ClientFlag]:
    """The flag from the URL: 404 unless it is one of this visible client's flags."""
    client = client_for_request(request, client_id, write=write)
    flag = ClientFlag.objects.filter(client=client, pk=flag_id).first()
    if flag is None:
        raise Http404
    return client, flag
