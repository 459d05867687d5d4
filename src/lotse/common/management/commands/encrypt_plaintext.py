"""Encrypt values that are still stored as plaintext in columns that are encrypted now.

The data migrations that turn a plain column into an encrypted one call the same walk
(``lotse.common.services.encryption.rotate_model`` with ``encrypt_plaintext``), so after
``lotse migrate`` nothing is left; this command is for checking that (``--dry-run`` counts) and
for finishing a migration run that was interrupted: it works in batches, one transaction
each, and a second run only touches what the first did not reach.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import router

from lotse.common.services.encryption import encrypt_plaintext, encrypted_models, rotate_model

from .rotate_keys import add_walk_arguments


class Command(BaseCommand):
    help = (
        "Encrypt every value of an encrypted model field that is still stored as plaintext "
        "(left by an interrupted data migration). Prints a count per model."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        add_walk_arguments(parser, dry_run_help="Count plaintext rows; change nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        dry_run: bool = options["dry_run"]
        using: str = options["database"]
        verb = "would be encrypted (dry run)" if dry_run else "encrypted"
        found = 0
        for model in encrypted_models():
            if not router.allow_migrate_model(using, model):
                continue
            result = rotate_model(
                model,
                using=using,
                batch_size=options["batch_size"],
                dry_run=dry_run,
                transform=encrypt_plaintext,
            )
            found += result.rotated
            if result.rotated:
                self.stdout.write(f"{result.label}: {result.rotated} of {result.total} rows {verb}")
        self.stdout.write(f"Rows with plaintext values: {found} {verb}.")
