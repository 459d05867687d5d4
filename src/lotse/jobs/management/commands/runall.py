"""``lotse runall``: the web server and a task worker in one command (``make run``)."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lotse.jobs.runall import run_together


class Command(BaseCommand):
    help = (
        "Start the development web server and one task worker together (and the scheduler "
        "with --scheduler); Ctrl+C stops all of them. For development: production runs "
        "gunicorn, `lotse worker` and `lotse scheduler` as their own services."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--no-worker", action="store_true", help="the web server only")
        parser.add_argument(
            "--scheduler",
            action="store_true",
            help="also enqueue the periodic jobs (retention runs on this database!)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        lotse = [sys.executable, "-m", "lotse"]
        commands = [[*lotse, "runserver", options["addrport"]]]
        if not options["no_worker"]:
            commands.append([*lotse, "worker", "--verbosity", "1"])
        if options["scheduler"]:
            commands.append([*lotse, "scheduler"])
        code = run_together(commands)
        if code:
            raise CommandError(f"a process ended with exit code {code}; all were stopped")
