"""What a database administrator can do that the app cannot: write past the guard triggers."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import import_module
from typing import Any

import pytest
from django.db import connection, transaction

from lotse.audit.services.chains import use_chain

GUARDS = import_module("lotse.audit.migrations.0004_chains")


def raw(sql: str, params: list[Any] | None = None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])


@contextmanager
def past_the_triggers() -> Iterator[None]:
    """PostgreSQL: a superuser switches triggers off; SQLite: the file's owner drops them."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            raw("SET LOCAL session_replication_role = replica")
            yield
            raw("SET LOCAL session_replication_role = DEFAULT")
        else:
            for statement in GUARDS.SQLITE_DROP_GUARDS:
                raw(statement)
            yield
            for statement in GUARDS.SQLITE_GUARDS:
                raw(statement)


@pytest.fixture
def db_admin() -> Callable[[str, list[Any] | None], None]:
    """Run SQL as a database administrator who knows how to get past the triggers."""

    def run(sql: str, params: list[Any] | None = None) -> None:
        with past_the_triggers():
            raw(sql, params)

    return run


@pytest.fixture(autouse=True)
def _chain_1() -> Iterator[None]:
    """The tests here name entries by their seq in chain 1; on PostgreSQL the backend pid
    would pick the chain. Tests of several chains say ``use_chain(k)`` themselves."""
    with use_chain(1):
        yield
