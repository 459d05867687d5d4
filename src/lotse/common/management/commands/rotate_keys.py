"""Re-encrypt stored values under the primary key after a new key was put first.

Rotation works on the stored tokens with plain SQL rather than through ``Model.save()``: no
signals fire (no audit entries, no search token rebuilds), ``auto_now`` timestamps and version
counters stay as they are, and a row that somebody saves meanwhile is left alone, because the
UPDATE only matches while the old token is still in place.
"""

from __future__ import annotations

import argparse
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, router

from lotse.common import crypto
from lotse.common.services.encryption import (
    encrypted_models,
    reencrypt_token,
    rotate_mfa_secrets,
    rotate_model,
)

__all__ = ["encrypted_models", "reencrypt_token", "rotate_mfa_secrets", "rotate_model"]


def add_walk_arguments(parser: CommandParser, *, dry_run_help: str) -> None:
    """The options of the commands that walk every encrypted column."""
    parser.add_argument("--dry-run", action="store_true", help=dry_run_help)
    parser.add_argument(
        "--batch-size", type=positive_int, default=500, help="Rows per transaction."
    )
    parser.add_argument(
        "--database", default=DEFAULT_DB_ALIAS, help="Database alias (default: default)."
    )


def positive_int(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


class Command(BaseCommand):
    help = (
        "Re-encrypt all encrypted model fields whose values use a key other than the primary "
        "(first) key of LOTSE_ENCRYPTION_KEYS. Run it after every app server has been restarted "
        "with the new key first. TOTP secrets of the second factor are re-encrypted too."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        add_walk_arguments(parser, dry_run_help="Count the rows to re-encrypt; change nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        dry_run: bool = options["dry_run"]
        using: str = options["database"]
        keyring = crypto.get_keyring()
        self.stdout.write(f"Primary key id: {keyring.primary_kid}")
        failures: list[str] = []
        for model in encrypted_models():
            if not router.allow_migrate_model(using, model):
                continue
            result = rotate_model(
                model, using=using, batch_size=options["batch_size"], dry_run=dry_run
            )
            verb = "would be re-encrypted (dry run)" if dry_run else "re-encrypted"
            line = f"{result.label}: {result.rotated} of {result.total} rows {verb}"
            if result.changed_meanwhile:
                line += f"; {result.changed_meanwhile} saved meanwhile, already current"
            self.stdout.write(line)
            failures.extend(result.failures)
        rotated, total = rotate_mfa_secrets(using=using, dry_run=dry_run)
        verb = "would be re-encrypted (dry run)" if dry_run else "re-encrypted"
        self.stdout.write(f"mfa.Authenticator secrets: {rotated} of {total} {verb}")
        for failure in failures:
            self.stderr.write(failure)
        if failures:
            raise CommandError(
                f"{len(failures)} values could not be decrypted with any configured key and were "
                "left unchanged."
            )
