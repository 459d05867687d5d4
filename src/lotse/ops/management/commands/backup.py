"""``lotse backup --out FILE [--passphrase-env VAR]``: an encrypted, checksummed archive."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lotse.ops.databases import DatabaseRefused, describe_chain_head
from lotse.ops.services import BackupRefused, create_backup, passphrase_from_env


class Command(BaseCommand):
    help = (
        "Back up the configured database (SQLite online backup or pg_dump --format=custom) "
        "into an AES-256-GCM encrypted, checksummed archive, written atomically with mode "
        "0600. The key is derived from the primary key of LOTSE_ENCRYPTION_KEYS, or from a "
        "passphrase in the environment variable named by --passphrase-env."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", required=True, type=Path, help="archive file to write")
        parser.add_argument(
            "--passphrase-env",
            metavar="VAR",
            help="name of an environment variable holding a passphrase (at least 12 "
            "characters) to encrypt with instead of the encryption key",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            passphrase = passphrase_from_env(options["passphrase_env"], for_backup=True)
            result = create_backup(out=options["out"], passphrase=passphrase)
        except (BackupRefused, DatabaseRefused, RuntimeError) as error:
            raise CommandError(str(error), returncode=2) from error
        header = result.header
        rows = sum(header.row_counts.values())
        self.stdout.write(
            f"Backup written to {result.path} ({result.archive_bytes:,} bytes, "
            f"{result.seconds:.1f} s): {header.vendor} database {header.database}, "
            f"{len(header.row_counts)} tables, {rows:,} rows, "
            f"{describe_chain_head(header.audit_head)}, "
            f"encrypted with {_key_label(header.key_id)}, "
            f"SHA-256 of the dump {header.plaintext_sha256[:16]}…"
        )


def _key_label(kid: str) -> str:
    return "a passphrase" if kid == "passphrase" else f"key {kid}"
