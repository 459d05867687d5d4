from __future__ import annotations

import sys
from typing import Any, BinaryIO

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lotse.audit.context import Actor, acting_as
from lotse.messaging.services import ReportError, mail_bounce_report

# A bounce is a few kilobytes plus the returned message; more than this is not read.
MAX_BYTES = 5 * 1024 * 1024


class Command(BaseCommand):
    # call_command("mail_bounce", stdin=io.BytesIO(...)) for tests.
    stealth_options = ("stdin",)
    help = (
        "Read a returned e-mail (an RFC 3464 delivery status notification) from stdin and mark "
        "the message it reports on as bounced. Meant to be piped from the mail server for the "
        "LOTSE_MAIL_FROM address. Prints the outcome; never prints an address."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--strict",
            action="store_true",
            help="exit with status 1 when the report names no message of Lotse",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        stream: BinaryIO = options.get("stdin") or sys.stdin.buffer
        raw = stream.read(MAX_BYTES + 1)
        strict = options["strict"]
        if len(raw) > MAX_BYTES:
            return self._not_read("too_large", strict)
        try:
            with acting_as(Actor(None, "system:mail-bounce")):
                outcome = mail_bounce_report(raw)
        except ReportError as error:
            return self._not_read(error.code, strict)
        message = f" (message #{outcome.message_id})" if outcome.message_id else ""
        self.stdout.write(f"mail_bounce: {outcome.outcome}{message}")
        if outcome.outcome == "unknown" and strict:
            raise CommandError("no message of Lotse", returncode=1)
        return None

    def _not_read(self, code: str, strict: bool) -> None:
        # Without --strict the mail server sees success and does not return the bounce again.
        if strict:
            raise CommandError(code, returncode=1)
        self.stderr.write(f"mail_bounce: {code}")
