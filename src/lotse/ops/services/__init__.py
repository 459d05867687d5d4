"""Backup and restore of the whole Lotse database as an encrypted archive.

``create_backup`` dumps the configured database (SQLite online backup or ``pg_dump``), records
row counts and the audit chain head of that same state, and writes the archive atomically
with mode 0600. ``restore_backup`` checks key and archive completely before it touches the
database, refuses a non-empty target unless forced, restores, and compares the result with
what the header recorded.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import IO, Any

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor

from lotse.audit.services import ChainReport, verify_chain
from lotse.common import crypto

from .. import archive, databases
from ..archive import ArchiveError, ArchiveHeader, Secret
from ..databases import DatabaseRefused


class BackupRefused(Exception):
    """A backup or restore was refused before anything was changed."""


def lotse_version() -> str:
    try:
        return metadata.version("lotse")
    except metadata.PackageNotFoundError:
        return "unknown"


def configured_keys() -> dict[str, bytes]:
    """The raw encryption keys by key id, primary first (validated like the key ring)."""
    crypto.get_keyring()
    keys: dict[str, bytes] = {}
    for entry in crypto._setting_entries():
        kid, _, encoded = entry.strip().partition(":")
        keys[kid.strip()] = crypto._decode_b64(encoded)
    return keys


def passphrase_from_env(variable: str | None, *, for_backup: bool = False) -> str | None:
    """The passphrase named by ``--passphrase-env``; it is never taken from the command line."""
    if variable is None:
        return None
    value = os.environ.get(variable, "")
    if not value:
        raise BackupRefused(f"The environment variable {variable} is not set or empty.")
    if for_backup and len(value) < archive.MIN_PASSPHRASE_LENGTH:
        raise BackupRefused(
            f"The passphrase in {variable} is too short; use at least "
            f"{archive.MIN_PASSPHRASE_LENGTH} characters."
        )
    return value


def _write_atomically(out: Path, write: Any) -> Any:
    """Write through ``write(handle)`` into a 0600 temp file next to ``out``, then rename."""
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
    tmp = Path(tmp_name)
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "wb") as handle:
            result = write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, out)
        databases.fsync_dir(out.parent)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return result


@dataclass(frozen=True)
class BackupResult:
    path: Path
    header: ArchiveHeader
    seconds: float
    archive_bytes: int


def create_backup(
    *, out: Path, passphrase: str | None = None, using: str = DEFAULT_DB_ALIAS
) -> BackupResult:
    started = time.monotonic()
    connection = databases.connection_for(using)
    if passphrase is not None:
        secret = Secret.from_passphrase(passphrase)
    else:
        kid, key = next(iter(configured_keys().items()))
        secret = Secret(kid=kid, material=key)
    # The plaintext dump never leaves a private (0700) temporary directory.
    with tempfile.TemporaryDirectory(prefix="lotse-backup-") as workdir:
        dump = Path(workdir) / "dump"
        if connection.vendor == "sqlite":
            snapshot = databases.dump_sqlite(connection, dump)
        else:
            snapshot = databases.dump_postgresql(connection, dump)
        fields = {
            "vendor": snapshot.vendor,
            "dump_format": snapshot.dump_format,
            "database": snapshot.database,
            "lotse_version": lotse_version(),
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "row_counts": snapshot.row_counts,
            "audit_head": snapshot.audit_head,
        }
        header = _write_atomically(
            out,
            lambda handle: archive.write_archive(
                plaintext=dump, out=handle, secret=secret, header_fields=fields
            ),
        )
    return BackupResult(out, header, time.monotonic() - started, out.stat().st_size)


def read_archive_header(path: Path) -> ArchiveHeader:
    with _open_archive(path) as handle:
        return archive.read_header(handle)[0]


@contextlib.contextmanager
def _open_archive(path: Path) -> Iterator[IO[bytes]]:
    try:
        handle = path.open("rb")
    except OSError as error:
        raise BackupRefused(f"Cannot read {path}: {error.strerror}.") from None
    with handle:
        yield handle


@contextlib.contextmanager
def decrypted_dump(
    path: Path,
    *,
    passphrase: str | None,
    workdir: Path | None = None,
    expect_vendor: str | None = None,
) -> Iterator[tuple[ArchiveHeader, Path]]:
    """Check and decrypt the archive into a 0600 temp file; it is removed afterwards.

    Every refusal (wrong key or passphrase, bad signature, damaged or truncated archive,
    checksum mismatch, other database vendor) happens here, before any database is touched.
    """
    with _open_archive(path) as handle:
        header, digest = archive.read_header(handle)
        if expect_vendor is not None and header.vendor != expect_vendor:
            raise BackupRefused(
                f"This is a backup of a {header.vendor} database; the configured database is "
                f"{expect_vendor}. Configure a {header.vendor} database (DATABASE_URL) to "
                "restore it."
            )
        secret = archive.resolve_secret(header, keys=configured_keys(), passphrase=passphrase)
        key = archive.open_key(header, secret)
        fd, tmp_name = tempfile.mkstemp(
            dir=workdir, prefix=".lotse-restore-", suffix=f".{header.vendor}"
        )
        tmp = Path(tmp_name)
        try:
            os.fchmod(fd, 0o600)
            with os.fdopen(fd, "wb") as out:
                archive.decrypt_archive(handle, header, digest, key, out)
                out.flush()
                os.fsync(out.fileno())
            yield header, tmp
        finally:
            tmp.unlink(missing_ok=True)


@dataclass
class RestoreReport:
    header: ArchiveHeader
    tables_compared: int = 0
    count_mismatches: dict[str, tuple[int, int | None]] = field(default_factory=dict)
    chain: ChainReport | None = None
    chain_head: dict[str, Any] | None = None
    pending_migrations: int = 0
    kept_previous: Path | None = None
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def chain_head_matches(self) -> bool:
        return self.chain_head == self.header.audit_head

    @property
    def ok(self) -> bool:
        return (
            not self.count_mismatches
            and not self.problems
            and self.chain is not None
            and self.chain.ok
            and self.chain_head_matches
        )


def check_backup(path: Path, *, passphrase: str | None) -> ArchiveHeader:
    """Decrypt and verify the whole archive without touching any database."""
    with decrypted_dump(path, passphrase=passphrase) as (header, _dump):
        return header


def restore_backup(
    *, path: Path, passphrase: str | None = None, force: bool = False
) -> RestoreReport:
    started = time.monotonic()
    connection = databases.connection_for(DEFAULT_DB_ALIAS)
    vendor = connection.vendor
    target: Path | None = None
    workdir: Path | None = None
    if vendor == "sqlite":
        target = databases.sqlite_path(connection)
        if target is not None:
            target.parent.mkdir(parents=True, exist_ok=True)
            workdir = target.parent  # same file system: the final rename is atomic
    with decrypted_dump(path, passphrase=passphrase, workdir=workdir, expect_vendor=vendor) as (
        header,
        dump,
    ):
        # The archive is verified; only now is the target database looked at.
        report = RestoreReport(header=header)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        if vendor == "sqlite" and target is None:
            raise BackupRefused("Cannot restore into an in-memory SQLite database.")
        try:
            if target is not None:
                connections.close_all()
                has_data = databases.sqlite_has_user_data(target)
            else:
                with connection.cursor() as cursor:
                    has_data = databases.has_user_data(cursor, vendor)
        except (DatabaseError, sqlite3.Error) as error:
            raise BackupRefused(
                f"Cannot open the configured database ({str(error).strip()}). Create it (an "
                "empty database is enough) and check DATABASE_URL."
            ) from None
        if has_data and not force:
            raise BackupRefused(
                "The configured database is not empty (it has users, clients or audit "
                "entries). Restore into an empty database, or give --force to replace its "
                "contents."
            )
        if target is not None:
            report.kept_previous = databases.replace_sqlite(
                target, dump, keep_previous=has_data, stamp=stamp
            )
        else:
            databases.restore_postgresql(connection, dump)
    connections.close_all()
    compare_with_header(report)
    report.seconds = time.monotonic() - started
    return report


def compare_with_header(report: RestoreReport) -> None:
    """Row counts per table and the audit chain of the restored database vs. the header."""
    connection = connections[DEFAULT_DB_ALIAS]
    expected = report.header.row_counts
    with connection.cursor() as cursor:
        present = set(databases.table_names(cursor, connection.vendor))
        actual = databases.row_counts(cursor, [t for t in expected if t in present])
        report.chain_head = databases.chain_head(cursor, present)
    report.tables_compared = len(expected)
    for table, count in expected.items():
        if actual.get(table) != count:
            report.count_mismatches[table] = (count, actual.get(table))
    try:
        executor = MigrationExecutor(connection)
        report.pending_migrations = len(executor.migration_plan(executor.loader.graph.leaf_nodes()))
    except DatabaseError as error:  # pragma: no cover - only with a broken schema
        report.problems.append(f"Could not read the migration state: {error}")
    try:
        report.chain = verify_chain()
    except DatabaseError as error:
        report.problems.append(
            f"Could not verify the audit chain ({error}); run `lotse migrate`, then "
            "`lotse audit_verify`."
        )


__all__ = [
    "ArchiveError",
    "BackupRefused",
    "BackupResult",
    "DatabaseRefused",
    "RestoreReport",
    "check_backup",
    "create_backup",
    "read_archive_header",
    "restore_backup",
]
