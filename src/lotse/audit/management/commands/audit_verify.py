from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from lotse.audit.services import verify_chain


class Command(BaseCommand):
    help = "Verify the hash chain of the audit trail; exits non-zero at the first broken entry."

    def handle(self, *args: Any, **options: Any) -> None:
        report = verify_chain()
        if not report.ok:
            raise CommandError(
                f"Audit chain broken at entry {report.first_bad_seq}: {report.problem} "
                f"({report.checked} entries verified before it)."
            )
        self.stdout.write(f"Audit chain intact: {report.checked} entries verified.")
