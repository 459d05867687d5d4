"""``lotse scheduler``: enqueue the periodic jobs when they are due (lotse.jobs.schedule)."""

from __future__ import annotations

import signal
import time
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections
from django.utils import timezone

from lotse.jobs.schedule import SCHEDULE
from lotse.jobs.services import tick


class Command(BaseCommand):
    help = (
        "Enqueue periodic jobs (statistics every minute; retention, audit anchor, expired role "
        "proposals and pruning nightly) for `lotse worker` to run. Several schedulers may run: "
        "each slot is enqueued once."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--interval", type=float, default=20.0, help="seconds between ticks (default 20)"
        )
        parser.add_argument("--once", action="store_true", help="one tick, then exit")
        parser.add_argument("--list", action="store_true", help="list the jobs and exit")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["list"]:
            for job in SCHEDULE:
                when = (
                    f"every {job.every_minutes} min"
                    if job.every_minutes
                    else f"{'weekly' if job.weekday is not None else 'daily'} at {job.at:%H:%M}"
                )
                self.stdout.write(f"{job.name:<22} {when:<20} {job.task_path}")
            return
        self.running = True

        def stop(signum: int, frame: FrameType | None) -> None:
            self.running = False

        if not options["once"]:
            signal.signal(signal.SIGINT, stop)
            signal.signal(signal.SIGTERM, stop)
        while True:
            for name in tick(timezone.now()):
                self.stdout.write(f"{timezone.localtime():%Y-%m-%d %H:%M:%S} enqueued {name}")
            if options["once"] or not self.running:
                return
            deadline = time.monotonic() + options["interval"]
            while self.running and time.monotonic() < deadline:
                time.sleep(min(1.0, options["interval"]))
            if not self.running:
                return
            close_old_connections()  # as after a request: drop a broken or too old connection
