"""The client list, page by page after a key (issue #20).

Newest change first: ``ORDER BY updated_at DESC, id DESC``. A page is the 25 files after the
last one of the page before (its *cursor*, ``<updated_at in µs>.<id>``), read by one walk per
team along ``client_team_recent_idx`` — never an OFFSET that sorts and skips every file before
it. Over several teams each team's walk gives at most one page and the pages are merged: one
query over all teams would make the database sort every visible file to return 25.

The number of files is counted up to ``COUNT_CAP`` + 1 only; above it the list says "more than
1,000" (an exact count of 75,000 files costs more than the page itself).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.formats import number_format

from ..models import Client

PAGE_SIZE = 25
COUNT_CAP = 1000
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_CURSOR = re.compile(r"([0-9]{1,19})\.([0-9]{1,19})", re.ASCII)


@dataclass(frozen=True)
class Cursor:
    updated_at: datetime
    pk: int

    def encode(self) -> str:
        micros = (self.updated_at - _EPOCH) // timedelta(microseconds=1)
        return f"{micros}.{self.pk}"


def parse_cursor(text: str | None) -> Cursor | None:
    """The cursor in ``text``, or None for anything that is not one (then: the first page)."""
    match = _CURSOR.fullmatch((text or "").strip())
    if match is None:
        return None
    micros, pk = int(match.group(1)), int(match.group(2))
    if pk > 2**63 - 1 or micros > 7_000_000_000_000_000:  # beyond year 2190 or 64 bits
        return None
    return Cursor(_EPOCH + timedelta(microseconds=micros), pk)


@dataclass(frozen=True)
class ClientPage:
    """One page of the list; iterating it gives its files."""

    rows: list[Client]
    count: int  # exact when not ``more``
    more: bool  # more than COUNT_CAP files
    next_cursor: str  # "" on the last page
    first: bool  # no cursor: the first page

    def __iter__(self) -> Any:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    @property
    def object_list(self) -> list[Client]:
        return self.rows

    @property
    def count_cap(self) -> str:
        """ "1.000" in German, "1,000" in English."""
        return number_format(COUNT_CAP, force_grouping=True)


def _after(qs: QuerySet[Client], cursor: Cursor | None) -> QuerySet[Client]:
    if cursor is None:
        return qs
    # The first condition alone is a range on the index; the second drops the rows of the
    # same instant up to and including the cursor's.
    return qs.filter(updated_at__lte=cursor.updated_at).filter(
        Q(updated_at__lt=cursor.updated_at) | Q(pk__lt=cursor.pk)
    )


def client_page(
    *, user: Any, clients: QuerySet[Client], cursor: Cursor | None, size: int = PAGE_SIZE
) -> ClientPage:
    """The page of ``clients`` (already scoped to ``user``) after ``cursor``, newest first."""
    teams = sorted(user.client_team_ids())
    rows: list[Client] = []
    ordered = (
        _after(clients, cursor).select_related("team", "responsible").order_by("-updated_at", "-pk")
    )
    for team_id in teams:
        rows.extend(ordered.filter(team_id=team_id)[: size + 1])
    rows.sort(key=lambda c: (c.updated_at, c.pk), reverse=True)
    shown = rows[:size]
    next_cursor = Cursor(shown[-1].updated_at, shown[-1].pk).encode() if len(rows) > size else ""
    counted = clients.order_by().values("pk")[: COUNT_CAP + 1].count()
    return ClientPage(
        rows=shown,
        count=min(counted, COUNT_CAP),
        more=counted > COUNT_CAP,
        next_cursor=next_cursor,
        first=cursor is None,
    )
