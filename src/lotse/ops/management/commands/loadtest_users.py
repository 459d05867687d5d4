"""Create N demo-like counsellors for ``bench/load_counsellors.py`` (development only)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from lotse.demo.data import DEMO_DOMAIN, DEMO_PASSWORD, DEMO_TOTP_SECRET
from lotse.ops.testusers import load_test_counsellors
from lotse.organisation.models import ServiceKind, Team


class Command(BaseCommand):
    help = (
        "Create load-test counsellors last-001…last-N@demo.lotse.invalid in the demo MBE team, "
        "with the demo password and TOTP secret. Refused unless LOTSE_DEBUG=1."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--count", type=int, default=50, help="number of accounts")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "Load-test accounts have a published password and TOTP secret; they may only "
                "be created on a development machine (LOTSE_DEBUG=1)."
            )
        if not 1 <= options["count"] <= 999:
            raise CommandError("--count must be between 1 and 999.")
        team = Team.objects.filter(
            service__kind=ServiceKind.MBE,
            memberships__user__email__endswith=f"@{DEMO_DOMAIN}",
        ).first()
        if team is None:
            raise CommandError("No demo team found; run `lotse demo` first.")
        emails = load_test_counsellors(
            count=options["count"],
            team=team,
            password=DEMO_PASSWORD,
            totp_secret=DEMO_TOTP_SECRET,
        )
        self.stdout.write(
            f"{len(emails)} load-test counsellors ready in {team}: {emails[0]} … {emails[-1]} "
            "(demo password and TOTP secret)."
        )
