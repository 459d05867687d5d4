"""PostgreSQL query plans for pages that read a few rows from many small lists (issue #20).

The dashboard's review panel asks for the open reviews whose date has passed. PostgreSQL
multiplies the share of open reviews by the share of past dates as if they were independent
and expects 4,910 rows where there is one (past reviews are held); for that many it plans a
parallel sort, and starting the worker costs 4–5 ms of a query that needs 0.2. Such pages
read their lists inside one transaction that allows no parallel workers; the statistics and
the background jobs, which count millions of rows, keep them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction

_SETTING = "max_parallel_workers_per_gather"


@contextmanager
def without_parallel_workers() -> Iterator[None]:
    """Queries inside run without parallel workers (PostgreSQL; elsewhere nothing changes).

    One transaction, for reading: the setting is local to it (``set_config(…, true)``) and
    ends with it. Inside a transaction that was already open it would last until that one
    ends, so there it is set back on the way out; after an error the savepoint's rollback
    takes it back.
    """
    if connection.vendor != "postgresql":
        yield
        return
    nested = connection.in_atomic_block
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT current_setting(%s), set_config(%s, '0', true)", [_SETTING, _SETTING]
            )
            before = cursor.fetchone()[0]
        yield
        if nested:
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config(%s, %s, true)", [_SETTING, before])
