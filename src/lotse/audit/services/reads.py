"""Reads of personal data in lists: one audit entry per page view, naming the ids shown.

Opening a file writes ``client.viewed`` (``client_for_request``). A list shows many people at
once (client list, search results, dashboard, calendar, waiting list …); each such page view
writes one ``people.listed`` entry whose details name the ids it showed — never names — so that
"who looked at client X" can be answered from the trail (``selectors.reads.client_reads``).

The entry carries no ``client_id`` of its own (it is about many clients); the ids sit in the
details under ``client_ids`` (and ``volunteer_ids``, ``partner_ids``, ``appointment_request_ids``
for people who are not clients).

A page that assembles its list from several parts (the dashboard's panels) lets each part
``note_shown`` its ids and writes them once with ``log_list_read``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.http import HttpRequest

from ..models import AuditEntry
from ..selectors.reads import KINDS, LIST_ACTION
from . import log_action

_PENDING = "_lotse_people_shown"


def _pending(request: HttpRequest) -> dict[str, set[int]]:
    shown: dict[str, set[int]] | None = getattr(request, _PENDING, None)
    if shown is None:
        shown = {key: set() for key in KINDS.values()}
        setattr(request, _PENDING, shown)
    return shown


def note_shown(request: HttpRequest, **ids: Iterable[int | None]) -> None:
    """Remember people this response shows, by kind (``clients=[...]``, ``volunteers=[...]``)."""
    shown = _pending(request)
    for kind, values in ids.items():
        shown[KINDS[kind]].update(int(v) for v in values if v is not None)


def shown_so_far(request: HttpRequest) -> dict[str, list[int]]:
    """The ids noted so far, by kind (``{"clients": [...]}``): to note them again later, when
    a page keeps what it rendered (the dashboard's panels)."""
    shown = _pending(request)
    return {kind: sorted(shown[key]) for kind, key in KINDS.items() if shown[key]}


def log_list_read(request: HttpRequest, **ids: Iterable[int | None]) -> AuditEntry | None:
    """Write one entry for this page view with every id noted so far plus ``ids``.

    Nothing is written when the page shows nobody. Call it before the page is rendered, so that
    a failing audit write stops the response instead of following it.
    """
    note_shown(request, **ids)
    shown = _pending(request)
    data: dict[str, Any] = {key: sorted(values) for key, values in shown.items() if values}
    for values in shown.values():
        values.clear()
    if not data:
        return None
    resolver = getattr(request, "resolver_match", None)
    data["page"] = resolver.view_name if resolver else request.path
    if getattr(request, "htmx", False):
        data["partial"] = True
    return log_action(action=LIST_ACTION, data=data)
