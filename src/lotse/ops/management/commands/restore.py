"""``lotse restore --in FILE [--passphrase-env VAR] [--force] [--check]``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lotse.ops.archive import ArchiveError, ArchiveHeader
from lotse.ops.databases import DatabaseRefused, describe_chain_head
from lotse.ops.services import (
    BackupRefused,
    RestoreReport,
    check_backup,
    passphrase_from_env,
    restore_backup,
)

REFUSED = 2  # nothing was changed
NOT_VERIFIED = 3  # restored, but the result does not match the backup


class Command(BaseCommand):
    help = (
        "Restore a `lotse backup` archive into the configured database. The whole archive is "
        "decrypted and checked (key, AES-GCM tags, SHA-256) before the database is touched. "
        "Stop every app server first. Refuses a non-empty database unless --force. Exit code "
        "2: refused, nothing changed; 3: restored, but row counts or audit chain differ."
    )

    # System checks may open (and so create) the database; restore must not touch it before
    # the archive has been verified, and the database may legitimately be empty.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--in", dest="in_file", required=True, type=Path, help="archive")
        parser.add_argument(
            "--passphrase-env",
            metavar="VAR",
            help="name of an environment variable holding the backup's passphrase",
        )
        parser.add_argument(
            "--force", action="store_true", help="replace the contents of a non-empty database"
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="only decrypt and verify the archive; do not touch any database",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["in_file"]
        try:
            passphrase = passphrase_from_env(options["passphrase_env"])
            if options["check"]:
                header = check_backup(path, passphrase=passphrase)
                self.stdout.write(f"Backup {path} is complete and intact. {_describe(header)}")
                return
            report = restore_backup(path=path, passphrase=passphrase, force=options["force"])
        except (ArchiveError, BackupRefused, DatabaseRefused) as error:
            raise CommandError(
                f"Refused: {error} Nothing was restored; the database is unchanged.",
                returncode=REFUSED,
            ) from error
        except RuntimeError as error:  # pg_restore failed; it ran in one transaction
            raise CommandError(
                f"{error} pg_restore ran in a single transaction: the database is unchanged.",
                returncode=REFUSED,
            ) from error
        self._report(path, report)

    def _report(self, path: Path, report: RestoreReport) -> None:
        self.stdout.write(f"Restored {path} in {report.seconds:.1f} s. {_describe(report.header)}")
        if report.kept_previous:
            self.stdout.write(f"The previous database file was kept as {report.kept_previous}.")
        if report.count_mismatches:
            for table, (expected, actual) in sorted(report.count_mismatches.items()):
                self.stderr.write(f"  row count differs: {table}: backup {expected}, now {actual}")
        else:
            self.stdout.write(
                f"Row counts match the backup for all {report.tables_compared} tables."
            )
        chain = report.chain
        if chain is not None and chain.ok:
            self.stdout.write(f"Audit chain intact: {chain.checked} entries verified.")
        elif chain is not None:
            self.stderr.write(f"Audit chain broken at entry {chain.first_bad}: {chain.problem}.")
        if not report.chain_head_matches:
            self.stderr.write(
                f"Audit chain head {report.chain_head} differs from the backup's "
                f"{report.header.audit_head}."
            )
        else:
            self.stdout.write("Audit chain head matches the backup.")
        for problem in report.problems:
            self.stderr.write(problem)
        if report.pending_migrations:
            self.stdout.write(
                f"The backup predates {report.pending_migrations} migration(s) of this Lotse "
                "version: run `lotse migrate` before starting the app."
            )
        if not report.ok:
            raise CommandError(
                "The restored database does not match the backup (see above).",
                returncode=NOT_VERIFIED,
            )


def _describe(header: ArchiveHeader) -> str:
    key = "a passphrase" if header.key_id == "passphrase" else f"key {header.key_id}"
    return (
        f"Made {header.created_at} by Lotse {header.lotse_version} from {header.vendor} "
        f"database {header.database} ({len(header.row_counts)} tables, "
        f"{sum(header.row_counts.values()):,} rows, {describe_chain_head(header.audit_head)}; "
        f"encrypted with {key})."
    )
