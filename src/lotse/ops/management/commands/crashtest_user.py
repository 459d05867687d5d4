"""Create the counsellor that ``bench/crash_check.py`` signs in as; prints JSON."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lotse.common.errors import DomainError
from lotse.ops.testusers import crash_test_counsellor


class Command(BaseCommand):
    help = (
        "Create (or reset) a counsellor for the crash test in a team of its own and print its "
        "e-mail, password and TOTP secret as JSON. Only for a scratch database."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--i-know-this-is-a-scratch-database",
            action="store_true",
            dest="scratch",
            help="required: this command prints a valid login",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["scratch"]:
            raise CommandError(
                "This command creates a counsellor and prints its password and TOTP secret. "
                "Run it only against a scratch database, with "
                "--i-know-this-is-a-scratch-database."
            )
        try:
            login = crash_test_counsellor()
        except DomainError as error:
            raise CommandError(str(error.message)) from error
        self.stdout.write(json.dumps(login))
