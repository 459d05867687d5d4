"""The client list, page by page after a key (issue #20), in one of the sort orders (issue #17 §3).

Default: newest change first, ``ORDER BY updated_at DESC, id DESC``. A page is the 25 files
after the last one of the page before (its *cursor*: the sort, that file's sort key and its id),
read by one walk per team along that sort's index — never an OFFSET that sorts and skips every
file before it. Over several teams each team's walk gives at most one page and the pages are
merged: one query over all teams would make the database sort every visible file to return 25.

Only plain columns can be sorted (``SORTS``); names and dates of birth are encrypted at rest
and cannot be ordered by the database. Each sort walks an index on (team, key, id)
(docs/architecture.md "Working lists"); the id breaks ties and goes the same way as the key.
Files without a year of birth come last in both age orders: their walk is a second one, along
the same index, after the files with a year.

A cursor of another sort than the one asked for is ignored: the first page. The default sort's
cursor is ``<updated_at in µs>.<id>`` as before sorts existed (bookmarked links keep working),
any other ``<sort>.<id>.<key>`` — but the age sorts' ``<sort>.<id>`` only: a year of birth is
personal data and stays out of addresses; the next page reads it from that file (one query).

The number of files is counted up to ``COUNT_CAP`` + 1 only; above it the list says "more than
1,000" (an exact count of 75,000 files costs more than the page itself).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

from django.db.models import F, Q, QuerySet
from django.db.models.expressions import OrderBy
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from ..models import Client

PAGE_SIZE = 25
COUNT_CAP = 1000
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_CURSOR = re.compile(r"([0-9]{1,19})\.([0-9]{1,19})", re.ASCII)
_MAX_MICROS = 7_000_000_000_000_000  # beyond year 2190
_MAX_PK = 2**63 - 1
_FILE_NUMBER_LENGTH = 40

Kind = Literal["instant", "text", "year"]
Key = datetime | str | int | None


@dataclass(frozen=True)
class SortOrder:
    """One way the list can be sorted: ``key`` is the value of ``?sort=``."""

    key: str
    field: str
    kind: Kind
    descending: bool
    label: Any
    column: str  # the table column whose header sorts this way ("" = the select only)

    @property
    def nullable(self) -> bool:
        return self.kind == "year"

    @property
    def in_address(self) -> bool:
        """Whether a cursor carries the key itself: not a year of birth (personal data does
        not go into addresses, access logs and the browser history)."""
        return self.kind != "year"


SORTS: dict[str, SortOrder] = {
    sort.key: sort
    for sort in (
        SortOrder(
            "-changed", "updated_at", "instant", True, _("Last change, newest first"), "changed"
        ),
        SortOrder(
            "changed", "updated_at", "instant", False, _("Last change, oldest first"), "changed"
        ),
        SortOrder(
            "file_number", "file_number", "text", False, _("File number, A to Z"), "file_number"
        ),
        SortOrder(
            "-file_number", "file_number", "text", True, _("File number, Z to A"), "file_number"
        ),
        SortOrder("-created", "created_at", "instant", True, _("Created, newest first"), "created"),
        SortOrder("created", "created_at", "instant", False, _("Created, oldest first"), "created"),
        SortOrder("-birth_year", "birth_year", "year", True, _("Age, youngest first"), ""),
        SortOrder("birth_year", "birth_year", "year", False, _("Age, oldest first"), ""),
    )
}
DEFAULT_SORT = "-changed"


def sort_order(value: object) -> SortOrder:
    """The sort named ``value``; anything else (missing, misspelt, a list) → the default."""
    return SORTS.get(value, SORTS[DEFAULT_SORT]) if isinstance(value, str) else SORTS[DEFAULT_SORT]


def sort_choices() -> list[tuple[str, Any]]:
    return [(sort.key, sort.label) for sort in SORTS.values()]


@dataclass(frozen=True)
class Cursor:
    """The last file of a page: its sort key (``value``) and id, and the sort it belongs to."""

    value: Key
    pk: int
    sort: str = DEFAULT_SORT
    # False: the key is not in the address (a year of birth) and is read from the file.
    known: bool = True

    def encode(self) -> str:
        key = _key_text(self.value)
        if self.sort == DEFAULT_SORT:
            return f"{key}.{self.pk}"
        if not sort_order(self.sort).in_address:
            return f"{self.sort}.{self.pk}"
        return f"{self.sort}.{self.pk}.{key}"


def _key_text(value: Key) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return str((value - _EPOCH) // timedelta(microseconds=1))
    return str(value)


def _key_value(kind: Kind, text: str) -> tuple[bool, Key]:
    """(valid, value) of a key as written in a cursor."""
    if kind == "text":
        # No control characters: PostgreSQL refuses a NUL in a parameter.
        return len(text) <= _FILE_NUMBER_LENGTH and text.isprintable(), text
    if not (text.isascii() and text.isdigit() and len(text) <= 19) or int(text) > _MAX_MICROS:
        return False, None
    return True, _EPOCH + timedelta(microseconds=int(text))


def parse_cursor(text: str | None, sort: str = DEFAULT_SORT) -> Cursor | None:
    """The cursor in ``text`` for the sort ``sort``, or None for anything that is not one (a
    cursor of another sort included): then the first page."""
    text = (text or "").strip()
    order = sort_order(sort)
    if order.key == DEFAULT_SORT:
        match = _CURSOR.fullmatch(text)
        if match is None:
            return None
        head, pk_text, key_text = order.key, match.group(2), match.group(1)
    else:
        head, _dot, rest = text.partition(".")
        pk_text, dot, key_text = rest.partition(".")
        if bool(dot) != order.in_address:
            return None
        if not (pk_text.isascii() and pk_text.isdigit() and len(pk_text) <= 19):
            return None
    if head != order.key or int(pk_text) > _MAX_PK:
        return None
    if not order.in_address:
        return Cursor(None, int(pk_text), order.key, known=False)
    valid, value = _key_value(order.kind, key_text)
    if not valid or (value is None and not order.nullable):
        return None
    return Cursor(value, int(pk_text), order.key)


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


def _order_by(order: SortOrder) -> tuple[str, str]:
    """The ORDER BY of one walk: the key, then the id the same way."""
    sign = "-" if order.descending else ""
    return f"{sign}{order.field}", f"{sign}pk"


def export_order(order: SortOrder) -> tuple[OrderBy, OrderBy]:
    """The ORDER BY of the whole list in one query (the export): as the pages, files without
    a year of birth last either way."""
    key, pk = F(order.field), F("pk")
    if order.descending:
        return key.desc(nulls_last=True), pk.desc()
    return key.asc(nulls_last=True), pk.asc()


def _beyond(order: SortOrder, value: Key, pk: int) -> Q:
    """Rows after (``value``, ``pk``) with a non-null key. The first condition alone is a range
    on the index; the second drops the rows of the same key up to and including the cursor's."""
    way = "lt" if order.descending else "gt"
    edge = "lte" if order.descending else "gte"
    field = order.field
    return Q(**{f"{field}__{edge}": value}) & (
        Q(**{f"{field}__{way}": value}) | Q(**{f"pk__{way}": pk})
    )


def _walks(
    order: SortOrder, cursor: Cursor | None, rows: QuerySet[Client]
) -> list[QuerySet[Client]]:
    """The walks of one team after ``cursor``, in order: the files with a key, then (for the
    age) those without one."""
    way = "lt" if order.descending else "gt"
    if not order.nullable:
        return [rows if cursor is None else rows.filter(_beyond(order, cursor.value, cursor.pk))]
    present = rows.filter(**{f"{order.field}__isnull": False})
    absent = rows.filter(**{f"{order.field}__isnull": True})
    if cursor is None:
        return [present, absent]
    if cursor.value is None:
        return [absent.filter(**{f"pk__{way}": cursor.pk})]
    return [present.filter(_beyond(order, cursor.value, cursor.pk)), absent]


def _merged(order: SortOrder, rows: list[Client]) -> list[Client]:
    """The teams' rows in the sort's order, files without a key last."""

    def key(client: Client) -> Any:
        return getattr(client, order.field)

    present = sorted(
        (c for c in rows if key(c) is not None),
        key=lambda c: (key(c), c.pk),
        reverse=order.descending,
    )
    absent = sorted(
        (c for c in rows if key(c) is None), key=lambda c: c.pk, reverse=order.descending
    )
    return present + absent


def _merged_by_database(order: SortOrder, rows: Sequence[Client], size: int) -> list[Client]:
    """Text keys in the database's own order (its collation may not be Python's): the cursor's
    range condition compares them there, so the merge must too. One query over at most
    (teams × 26) ids."""
    found = {c.pk: c for c in rows}
    ids = (
        Client.objects.filter(pk__in=found).order_by(*_order_by(order)).values_list("pk", flat=True)
    )
    return [found[pk] for pk in ids[: size + 1]]


def client_page(
    *,
    user: Any,
    clients: QuerySet[Client],
    cursor: Cursor | None,
    size: int = PAGE_SIZE,
    sort: SortOrder | None = None,
) -> ClientPage:
    """The page of ``clients`` (already scoped to ``user``) after ``cursor`` in the order
    ``sort`` (default: newest change first). A cursor of another sort counts as none."""
    order = sort or SORTS[DEFAULT_SORT]
    if cursor is not None and cursor.sort != order.key:
        cursor = None
    if cursor is not None and not cursor.known:
        # The year of the page's last file, read through the scoped list: a file the user no
        # longer sees (or that no longer matches the filters) gives the first page.
        found = list(clients.filter(pk=cursor.pk).values_list(order.field, flat=True)[:1])
        cursor = Cursor(found[0], cursor.pk, order.key) if found else None
    teams = sorted(user.client_team_ids())
    rows: list[Client] = []
    ordered = clients.select_related("team", "responsible").order_by(*_order_by(order))
    for team_id in teams:
        team_rows: list[Client] = []
        for walk in _walks(order, cursor, ordered.filter(team_id=team_id)):
            team_rows.extend(walk[: size + 1 - len(team_rows)])
            if len(team_rows) > size:
                break
        rows.extend(team_rows)
    if len(teams) > 1 and order.kind == "text":
        rows = _merged_by_database(order, rows, size)
    elif len(teams) > 1:
        rows = _merged(order, rows)
    shown = rows[:size]
    next_cursor = ""
    if len(rows) > size:
        last = shown[-1]
        next_cursor = Cursor(getattr(last, order.field), last.pk, order.key).encode()
    counted = clients.order_by().values("pk")[: COUNT_CAP + 1].count()
    return ClientPage(
        rows=shown,
        count=min(counted, COUNT_CAP),
        more=counted > COUNT_CAP,
        next_cursor=next_cursor,
        first=cursor is None,
    )
