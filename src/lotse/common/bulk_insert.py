"""``bulk_create`` for many new rows, without the per-value work of Django's SQL compiler.

Django's insert compiler treats every value of every row as a possible expression (placeholders,
``resolve_expression``, ``DEFAULT``): for the spreadsheet import's 500 files of 60 columns, their
search tokens and audit entries that is about nine tenths of the time ``bulk_create`` takes
(measured: 5,000 audit entries in 1.4 s, of which the database needed 0.16 s). Here the
statement is one ``INSERT … VALUES (…), (…) RETURNING id`` per batch, and each value goes
through the same ``pre_save`` and ``get_db_prep_save`` as in Django, so encryption, JSON,
dates and ``auto_now_add`` come out exactly as ``bulk_create`` would store them.

Rows this path cannot write as plain values (a database default, an expression, a field with
its own placeholder, a primary key already set) go to ``bulk_create`` unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from django.db import connections, models, router, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.expressions import DatabaseDefault

M = TypeVar("M", bound=models.Model)

# PostgreSQL's wire protocol carries at most 65,535 parameters in one statement.
MAX_PARAMETERS = 60_000


def _fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    pk = model._meta.pk
    return [
        field
        for field in model._meta.concrete_fields
        if field is not pk and not getattr(field, "generated", False)
    ]


def _plain_values(obj: models.Model, fields: list[models.Field[Any, Any]]) -> list[Any] | None:
    """The row's values before the database's own conversion; None if one is not plain."""
    values = []
    for field in fields:
        value = field.pre_save(obj, add=True)
        if isinstance(value, DatabaseDefault) or hasattr(value, "resolve_expression"):
            return None
        values.append(value)
    return values


def _unnest_select(fields: list[models.Field[Any, Any]], connection: BaseDatabaseWrapper) -> str:
    """PostgreSQL: ``SELECT * FROM UNNEST(%s::type[], …)``, one array parameter per column, as
    Django's own compiler does for ``bulk_create``; "" where that cannot be used.

    psycopg binds parameters on the client: it scans the statement for every placeholder,
    and a batch of 500 rows × 60 columns has 30,000 of them (a fifth of an import's time).
    """
    if connection.vendor != "postgresql":
        return ""
    types = []
    for field in fields:
        target = field.target_field if field.is_relation else field  # type: ignore[attr-defined]
        db_type = field.db_type(connection)
        if target.get_internal_type() not in connection.data_types or not db_type:
            return ""
        # Without the length: varchar[] instead of varchar(50)[], which would truncate.
        types.append(f"(%s)::{db_type.split('(')[0]}[]")
    # Types from the model's fields, values as parameters.
    return f"SELECT * FROM UNNEST({', '.join(types)})"  # noqa: S608  # nosec B608


def insert_many(objs: Iterable[M], *, batch_size: int | None = None) -> list[M]:
    """Insert new ``objs`` of one model; each gets its primary key as with ``bulk_create``.

    Sends no signals (as ``bulk_create``); one statement per batch.
    """
    rows = list(objs)
    if not rows:
        return rows
    model = type(rows[0])
    alias = router.db_for_write(model)
    connection = connections[alias]
    fields = _fields(model)
    pk = model._meta.pk
    if (
        connection.vendor not in ("sqlite", "postgresql")
        or not isinstance(pk, models.AutoField)
        or any(hasattr(field, "get_placeholder") for field in fields)
        or any(type(obj) is not model or obj.pk is not None for obj in rows)
    ):
        return model._default_manager.using(alias).bulk_create(rows, batch_size=batch_size)
    prepared = []
    for obj in rows:
        # As bulk_create: a related object assigned before it was saved is refused.
        obj._prepare_related_fields_for_save(operation_name="bulk_create")  # type: ignore[attr-defined]
        values = _plain_values(obj, fields)
        if values is None:
            return model._default_manager.using(alias).bulk_create(rows, batch_size=batch_size)
        prepared.append(
            [f.get_db_prep_save(v, connection) for f, v in zip(fields, values, strict=True)]
        )
    size = min(
        batch_size or len(rows),
        connection.ops.bulk_batch_size(fields, rows) or len(rows),
        max(1, MAX_PARAMETERS // max(1, len(fields))),
    )
    quote = connection.ops.quote_name
    columns = ", ".join(quote(str(f.column)) for f in fields)
    # Names from the model, values as parameters.
    head = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) "
    one_row = f"({', '.join(['%s'] * len(fields))})"
    tail = f" RETURNING {quote(str(pk.column))}"
    unnest = _unnest_select(fields, connection)
    with transaction.atomic(using=alias, savepoint=False), connection.cursor() as cursor:
        for start in range(0, len(rows), size):
            batch = prepared[start : start + size]
            if unnest:
                cursor.execute(
                    head + unnest + tail, [list(column) for column in zip(*batch, strict=True)]
                )
            else:
                sql = head + "VALUES " + ", ".join([one_row] * len(batch)) + tail
                cursor.execute(sql, [value for row in batch for value in row])
            # Ids are drawn in the order of the VALUES; RETURNING need not list them so.
            ids = sorted(row[0] for row in cursor.fetchall())
            if len(ids) != len(batch):  # pragma: no cover - the database broke its promise
                raise RuntimeError(f"{len(batch)} rows inserted, {len(ids)} ids returned")
            for obj, new_id in zip(rows[start : start + size], ids, strict=True):
                obj.pk = new_id
                obj._state.adding = False
                obj._state.db = alias
    return rows
