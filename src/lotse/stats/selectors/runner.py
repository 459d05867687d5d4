"""Running the statistics queries: tuned for reporting and, on PostgreSQL, side by side.

The big queries each read a year of contacts; they do not depend on each other. On
PostgreSQL they run in a few threads, each on its own connection, inside a transaction with
``work_mem`` raised (the distinct counts sort half a million rows, which the default 4 MB
spills to disk) and JIT off (it costs more than it saves on queries of a second). Inside an
open transaction (the tests, a caller's ``atomic``) they run one after the other on the
caller's connection, so that they see what the caller sees.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from django.conf import settings
from django.db import connection, connections, transaction

PG_SETTINGS = ("SET LOCAL work_mem = '64MB'", "SET LOCAL jit = off")


def tuned(job: Callable[[], Any]) -> Any:
    """Run ``job`` in a transaction with the reporting settings of the database."""
    if connection.vendor != "postgresql":
        return job()
    with transaction.atomic():
        with connection.cursor() as cursor:
            for statement in PG_SETTINGS:
                cursor.execute(statement)
        return job()


def _in_thread(job: Callable[[], Any]) -> Any:
    try:
        return tuned(job)
    finally:
        connections.close_all()


def workers() -> int:
    """Threads for the statistics queries: 1 (one after the other) unless PostgreSQL serves
    them outside a transaction; then ``LOTSE_STATS_WORKERS``, default the number of cores (at
    most 4) — more threads than cores only make the queries wait for each other."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return 1
    default = min(4, os.cpu_count() or 2)
    return max(1, int(getattr(settings, "LOTSE_STATS_WORKERS", default)))


def run(jobs: Mapping[str, Callable[[], Any]]) -> dict[str, Any]:
    """Run named jobs and return their results by name."""
    count = min(workers(), len(jobs))
    if count <= 1:
        return {name: tuned(job) for name, job in jobs.items()}
    with ThreadPoolExecutor(max_workers=count, thread_name_prefix="lotse-stats") as pool:
        futures = {name: pool.submit(_in_thread, job) for name, job in jobs.items()}
        return {name: future.result() for name, future in futures.items()}
