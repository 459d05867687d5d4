"""Bulk writing for bench/scale_up.py: rows straight into the tables, audit entries onto chains.

``Table`` writes rows of one model with ``COPY … FROM STDIN`` on PostgreSQL and ``executemany``
on SQLite, in the column order the caller names. Encrypted columns go through the model field's
own ``get_db_prep_save`` (the token a ``save()`` would write, bound to the field's context), so
every page decrypts them; columns the caller leaves out get the field's default. Ids are
allocated by the caller (``next_id``): related rows are written without reading anything back.

``append_to_chain`` hashes entries onto one audit chain exactly as ``log_action`` does
(``entry_header`` / ``sign_header`` under the primary key of ``LOTSE_AUDIT_KEYS``) and moves the
chain's head, so ``lotse audit_verify`` accepts them. Not app code: no ORM save, no signals.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, date, datetime
from typing import Any

from django.db import connection, models, transaction

from lotse.audit.keys import get_audit_keyring
from lotse.audit.models import AuditEntry, ChainHead, canonical_json, entry_header, sha256_hex
from lotse.common.country_fields import EncryptedCountryField
from lotse.common.fields import EncryptedTextField

SQLITE_CHUNK = 5000
AUDIT_BATCH = 50_000

# (at, actor_id, actor_label, action, object_type, object_id, client_id, data as canonical JSON)
EntryIn = tuple[datetime, int | None, str, str, str, str, int | None, str]


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def _sqlite_value(value: Any) -> Any:
    """What Django's SQLite backend stores for ``value`` (datetimes naive in UTC)."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, uuid.UUID):
        return value.hex
    return value


def next_id(model: type[models.Model]) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {model._meta.db_table}")  # noqa: S608
        return int(cursor.fetchone()[0])


def _is_encrypted(field: models.Field[Any, Any]) -> bool:
    return isinstance(field, EncryptedTextField | EncryptedCountryField)


class Table:
    """Rows of ``model`` as tuples in the order of ``columns`` (attnames)."""

    def __init__(self, model: type[models.Model], columns: Sequence[str]) -> None:
        self.model = model
        fields = {f.attname: f for f in model._meta.concrete_fields}
        unknown = [c for c in columns if c not in fields]
        if unknown:
            raise ValueError(f"{model.__name__} has no columns {unknown}")
        self.columns = list(columns)
        self.defaults: list[models.Field[Any, Any]] = []
        for name, field in fields.items():
            if name in columns or field.primary_key:
                continue
            if field.has_default():
                self.defaults.append(field)
            elif not field.null:
                # Django's own default for a NOT NULL column: "" for text, nothing otherwise.
                if field.get_default() is None:
                    raise ValueError(f"{model.__name__}.{name} is NOT NULL and has no default")
                self.defaults.append(field)
        self.all_columns = self.columns + [f.attname for f in self.defaults]
        self.preps: list[tuple[int, Callable[[Any], Any]]] = []
        for index, name in enumerate(self.all_columns):
            field = fields[name]
            if _is_encrypted(field):
                self.preps.append((index, self._encryptor(field)))
            elif isinstance(field, models.JSONField):
                self.preps.append((index, _json))

    @staticmethod
    def _encryptor(field: models.Field[Any, Any]) -> Callable[[Any], Any]:
        def encrypt(value: Any) -> Any:
            return field.get_db_prep_save(value, connection)

        return encrypt

    def _prepared(self, rows: Iterable[Sequence[Any]]) -> Iterator[list[Any]]:
        defaults = self.defaults
        preps = self.preps
        for row in rows:
            values = list(row)
            if defaults:
                values.extend(f.get_default() for f in defaults)
            for index, prep in preps:
                values[index] = prep(values[index])
            yield values

    def write(self, rows: Iterable[Sequence[Any]]) -> int:
        """Insert ``rows``; inside the caller's transaction. Returns the number written."""
        table = connection.ops.quote_name(self.model._meta.db_table)
        names = ", ".join(connection.ops.quote_name(c) for c in self.all_columns)
        count = 0
        if is_postgres():
            with connection.cursor() as cursor:
                # Foreign-key triggers off for this transaction (as bench/sqlite_to_postgres.py;
                # needs a superuser): every id written here was read or allocated just before,
                # and checking each row at commit took most of the time of a COPY.
                cursor.execute("SET LOCAL session_replication_role = replica")
                raw: Any = cursor.cursor
                with raw.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    for values in self._prepared(rows):
                        copy.write_row(values)
                        count += 1
            return count
        marks = ", ".join("?" * len(self.all_columns))
        sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608
        connection.ensure_connection()
        lite: Any = connection.connection
        chunk: list[list[Any]] = []
        for values in self._prepared(rows):
            chunk.append([_sqlite_value(v) for v in values])
            if len(chunk) >= SQLITE_CHUNK:
                lite.executemany(sql, chunk)
                count += len(chunk)
                chunk = []
        if chunk:
            lite.executemany(sql, chunk)
            count += len(chunk)
        return count


def _json(value: Any) -> str:
    # A string is JSON already (the audit details, canonical); everything else is encoded.
    return value if isinstance(value, str) else json.dumps(value)


def entry_json(data: dict[str, Any]) -> str:
    return canonical_json(data)


AUDIT_COLUMNS = [
    "chain",
    "seq",
    "at",
    "actor_id",
    "actor_label",
    "action",
    "object_type",
    "object_id",
    "client_id",
    "request_id",
    "data",
    "data_hash",
    "prev_hash",
    "entry_hash",
    "key_id",
]


def append_to_chain(chain: int, entries: Iterable[EntryIn], *, request_ids: Iterator[str]) -> int:
    """Append ``entries`` (in the order given: oldest first) to ``chain``, committing in batches.

    Each batch locks the head, hashes its entries onto the head's last hash and moves the head:
    the chain verifies after every commit, and a run that stops half way leaves a valid chain.
    """
    keyring = get_audit_keyring()
    kid = keyring.primary_kid
    table = Table(AuditEntry, AUDIT_COLUMNS)
    written = 0
    batch: list[EntryIn] = []

    def flush() -> None:
        nonlocal written
        with transaction.atomic():
            head = ChainHead.objects.select_for_update().get(pk=chain)
            seq, prev = head.seq, head.last_hash
            rows = []
            for at, actor_id, label, action, otype, oid, client_id, data in batch:
                seq += 1
                request_id = next(request_ids)
                data_hash = sha256_hex(data)
                header = entry_header(
                    chain=chain,
                    seq=seq,
                    at=at.isoformat(),
                    actor_id=actor_id,
                    actor_label=label,
                    action=action,
                    object_type=otype,
                    object_id=oid,
                    client_id=client_id,
                    request_id=request_id,
                    data_hash=data_hash,
                    prev_hash=prev,
                    key_id=kid,
                )
                digest = keyring.sign(kid, canonical_json(header).encode("utf-8"))
                row = (chain, seq, at, actor_id, label, action, otype, oid, client_id, request_id)
                rows.append((*row, data, data_hash, prev, digest, kid))
                prev = digest
            table.write(rows)
            ChainHead.objects.filter(pk=chain).update(seq=seq, last_hash=prev)
        written += len(batch)
        batch.clear()

    for entry in entries:
        batch.append(entry)
        if len(batch) >= AUDIT_BATCH:
            flush()
    if batch:
        flush()
    return written


def finish() -> None:
    """Sequences past the highest id (PostgreSQL; SQLite's AUTOINCREMENT follows by itself),
    then fresh planner statistics."""
    with connection.cursor() as cursor:
        if is_postgres():
            cursor.execute(
                "SELECT c.relname, a.attname, pg_get_serial_sequence(c.relname, a.attname) "
                "FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid "
                "JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attname = 'id' "
                "AND pg_get_serial_sequence(c.relname, a.attname) IS NOT NULL"
            )
            for table, _column, sequence in cursor.fetchall():
                cursor.execute(
                    f"SELECT setval(%s, COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)",  # noqa: S608
                    [sequence],
                )
        cursor.execute("ANALYZE")
