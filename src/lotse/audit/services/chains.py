"""Which audit chain a write appends to, and the lock on that chain's head.

With one chain every audited write in the system waits for the one before it to commit (the
head stays locked until the writer's transaction ends). With ``LOTSE_AUDIT_CHAINS`` chains a
writer on PostgreSQL takes the first head nobody holds (``FOR UPDATE SKIP LOCKED``), starting
with the chain its connection wrote to last (at first: the backend pid picks one), so writers
settle on chains of their own and a second entry in the same transaction lands on the head the
transaction already holds. Only when every head is held does a writer wait, for its own
chain's head. Heads missing for a larger setting are added by the first write of a process.
SQLite has one writer at a time anyway: it writes to the connection's chain, chain 1 unless
``use_chain`` says otherwise.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection

from ..models import GENESIS_HASH, AuditEntry, ChainHead

_HEAD_TABLE = ChainHead._meta.db_table
_PREFERRED = "lotse_audit_chain"  # attribute on the connection: the chain it wrote to last

# Reserve ``n`` places on the first free head, the preferred one first; nothing if all are held.
_TAKE_FREE_HEAD = (
    f"UPDATE {_HEAD_TABLE} SET seq = seq + %s WHERE id = ("  # noqa: S608  # nosec B608
    f"SELECT id FROM {_HEAD_TABLE} WHERE id BETWEEN 1 AND %s "
    "ORDER BY (id + %s) %% %s LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING id, seq, last_hash"
)
# Reserve ``n`` places on one head, waiting for it if another writer holds it.
_TAKE_HEAD = (
    f"UPDATE {_HEAD_TABLE} SET seq = seq + %s WHERE id = %s "  # noqa: S608  # nosec B608
    "RETURNING id, seq, last_hash"
)
_MOVE_HEAD = f"UPDATE {_HEAD_TABLE} SET last_hash = %s WHERE id = %s"  # noqa: S608  # nosec B608
_ENTRY_FIELDS = [f for f in AuditEntry._meta.concrete_fields if not f.primary_key]
_ENTRY_COLUMNS = ", ".join(str(f.column) for f in _ENTRY_FIELDS)
# PostgreSQL: insert the entry and move its chain's head in one round trip.
_INSERT_AND_MOVE_HEAD = (
    f"WITH new AS (INSERT INTO {AuditEntry._meta.db_table} "  # noqa: S608  # nosec B608
    f"({_ENTRY_COLUMNS}) "
    f"VALUES ({', '.join(['%s'] * len(_ENTRY_FIELDS))}) RETURNING id) "
    f"UPDATE {_HEAD_TABLE} SET last_hash = %s WHERE id = %s RETURNING (SELECT id FROM new)"
)


@dataclass(frozen=True)
class ReservedPlaces:
    """``n`` places reserved at the end of ``chain``: seqs ``first_seq`` .. ``first_seq + n - 1``;
    ``prev_hash`` is the hash of the entry before the first of them."""

    chain: int
    first_seq: int
    prev_hash: str


def chain_count() -> int:
    return max(1, int(settings.LOTSE_AUDIT_CHAINS))


def preferred_chain(chains: int) -> int:
    """The chain this connection wrote to last, else one picked by the backend pid (PG)."""
    chosen = getattr(connection, _PREFERRED, None)
    if chosen is None:
        chosen = _backend_pid() % chains + 1 if connection.vendor == "postgresql" else 1
    return (int(chosen) - 1) % chains + 1


def _backend_pid() -> int:
    connection.ensure_connection()
    info = getattr(connection.connection, "info", None)
    return int(getattr(info, "backend_pid", 0) or 0)


@contextmanager
def use_chain(chain: int) -> Iterator[None]:
    """Write this connection's next entries to ``chain`` (tests and tools; on PostgreSQL a
    busy chain is still skipped for a free one)."""
    before = getattr(connection, _PREFERRED, None)
    setattr(connection, _PREFERRED, chain)
    try:
        yield
    finally:
        setattr(connection, _PREFERRED, before)


def ensure_heads(chains: int) -> None:
    """Heads 1..``chains`` exist (migration audit/0004 adds 1..8; a larger setting, here).

    ``INSERT ... ON CONFLICT DO NOTHING``: existing heads are neither changed nor locked."""
    ChainHead.objects.bulk_create(
        [ChainHead(pk=n, seq=0, last_hash=GENESIS_HASH) for n in range(1, chains + 1)],
        ignore_conflicts=True,
    )


# (database alias, chains) for which this process has made sure the heads exist.
_HEADS_ENSURED: set[tuple[str, int]] = set()


def reserve(n: int) -> ReservedPlaces:
    """Lock one chain head until the caller's transaction ends and reserve ``n`` places on it.

    Call inside ``transaction.atomic()`` and finish with ``append``.
    """
    chains = chain_count()
    if (connection.alias, chains) not in _HEADS_ENSURED:
        # Once per process and setting: heads are never deleted (trigger audit/0003).
        ensure_heads(chains)
        _HEADS_ENSURED.add((connection.alias, chains))
    preferred = preferred_chain(chains)
    row: Any = None
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and chains > 1:
            cursor.execute(_TAKE_FREE_HEAD, [n, chains, chains - preferred, chains])
            row = cursor.fetchone()
        if row is None:
            cursor.execute(_TAKE_HEAD, [n, preferred])
            row = cursor.fetchone()
        if row is None:
            ensure_heads(max(chains, preferred))
            cursor.execute(_TAKE_HEAD, [n, preferred])
            row = cursor.fetchone()
    chain, seq, last_hash = int(row[0]), int(row[1]), str(row[2])
    setattr(connection, _PREFERRED, chain)
    return ReservedPlaces(chain=chain, first_seq=seq - n + 1, prev_hash=last_hash)


def advance_head(chain: int, last_hash: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(_MOVE_HEAD, [last_hash, chain])


def append(entry: AuditEntry) -> None:
    """Insert ``entry`` (on the places ``reserve`` gave) and make it its chain's head."""
    if connection.vendor != "postgresql":
        entry.save(force_insert=True)
        advance_head(entry.chain, entry.entry_hash)
        return
    # Plain values (ints, strings, an aware datetime) go as they are; only the details need
    # Django's JSON adaptation. Field by field preparation cost a tenth of the write's CPU.
    values = [
        connection.ops.adapt_json_value(value, None) if name == "data" else value
        for name, value in ((f.attname, getattr(entry, f.attname)) for f in _ENTRY_FIELDS)
    ]
    with connection.cursor() as cursor:
        cursor.execute(_INSERT_AND_MOVE_HEAD, [*values, entry.entry_hash, entry.chain])
        row = cursor.fetchone()
    if row is None:
        raise RuntimeError(f"Audit chain head {entry.chain} vanished while it was locked.")
    entry.pk = row[0]
    entry._state.adding = False
    entry._state.db = connection.alias
