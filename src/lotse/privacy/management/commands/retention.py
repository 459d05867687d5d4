from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from lotse.audit.context import Actor, acting_as
from lotse.privacy.services import retention_run


class Command(BaseCommand):
    help = (
        "Apply the retention rules: with --dry-run list what is due, without it anonymise or "
        "delete it and redact the audit entries that describe it. Safe to run daily."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="only list what is due")
        parser.add_argument("--today", type=date.fromisoformat, help="reference date (ISO)")

    def handle(self, *args: Any, **options: Any) -> None:
        today = options["today"] or timezone.localdate()
        dry_run = options["dry_run"]
        with acting_as(Actor(None, "system:retention")):
            reports = retention_run(today=today, dry_run=dry_run)
        self.stdout.write(
            f"Retention {'dry run' if dry_run else 'run'} for {today.isoformat()} "
            f"(client files: {settings.LOTSE_RETENTION_YEARS} years)"
        )
        for report in reports:
            self.stdout.write(f"\n{report.category}: {len(report.due)} due")
            self.stdout.write(f"  rule: {report.rule}")
            for label in report.due:
                marker = "would go" if dry_run else ("done" if label in report.done else "FAILED")
                self.stdout.write(f"  - {label}: {marker}")
            for failure in report.failed:
                self.stderr.write(f"  failed: {failure}")
