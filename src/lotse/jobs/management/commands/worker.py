"""``lotse worker``: run queued tasks (django-tasks-db's ``db_worker`` with Lotse's defaults).

Run one per systemd unit; on PostgreSQL several workers share the queue, each claiming a task
with ``SELECT ... FOR UPDATE SKIP LOCKED`` so no two run the same task. On SQLite the claim
is an exclusive transaction: run one worker there.
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand


class Command(DbWorkerCommand):
    help = (
        "Run queued background tasks until stopped (Ctrl+C or SIGTERM finish the running task "
        "first). Options as django-tasks-db's db_worker; all queues by default."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.set_defaults(queue_name="*", reload=False)

    def handle(self, *args: Any, **options: Any) -> None:
        super().handle(*args, **options)
