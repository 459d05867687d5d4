"""Worker tests run on the database backend (the rest of the suite runs tasks at once)."""

from __future__ import annotations

import signal
from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.test import override_settings

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def db_tasks(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The database backend, and the test's signal handlers back after a worker set its own.

    The worker closes connections that are not in autocommit mode between tasks, as a
    long-running process should; inside a test's transaction that would close the test's own
    connection (PostgreSQL), so it keeps it here.
    """
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )
    handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    with override_settings(TASKS=DB_TASKS):
        yield
    for number, handler in handlers.items():
        signal.signal(number, handler)


def run_worker(*extra: str) -> None:
    """One worker that runs every task that is ready now, then stops."""
    call_command("worker", "--batch", "--no-startup-delay", "--interval", "0", *extra, verbosity=0)
