"""Dumping and restoring the configured database: SQLite (online backup API) and PostgreSQL.

Nothing here encrypts; ``lotse.ops.services`` puts the dump into an archive. Connection
parameters come from ``settings.DATABASES``; a PostgreSQL password is passed to ``pg_dump`` and
``pg_restore`` in the environment (``PGPASSWORD``), never on the command line.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess  # nosec B404 - runs pg_dump/pg_restore with fixed arguments
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper

# Tables that only use fills; migrations fill others (content types, catalogues, the chain
# head). A database counts as empty when these hold no rows.
USER_DATA_TABLES = (
    "accounts_user",
    "organisation_provider",
    "clients_client",
    "audit_auditentry",
)
CHAIN_HEAD_TABLE = "audit_chainhead"


class DatabaseRefused(Exception):
    """The target database cannot be restored into (yet); nothing was changed."""


@dataclass(frozen=True)
class Snapshot:
    """What the dump contains, taken from the same consistent state as the dump itself."""

    vendor: str
    dump_format: str
    database: str
    row_counts: dict[str, int]
    audit_head: dict[str, Any] | None


# --- helpers shared by both vendors ----------------------------------------------------------

_PG_TABLES = """
SELECT c.relname FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND pg_catalog.pg_table_is_visible(c.oid)
ORDER BY c.relname
"""
_SQLITE_TABLES = (
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
)


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def table_names(cursor: Any, vendor: str) -> list[str]:
    cursor.execute(_PG_TABLES if vendor == "postgresql" else _SQLITE_TABLES)
    return [row[0] for row in cursor.fetchall()]


def row_counts(cursor: Any, tables: Iterable[str]) -> dict[str, int]:
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {_quote(table)}")  # noqa: S608  # nosec B608 - quoted catalogue name
        counts[table] = int(cursor.fetchone()[0])
    return counts


def chain_head(cursor: Any, tables: Iterable[str]) -> dict[str, Any] | None:
    """Chain 1's head as ``{"seq", "hash"}`` (the format of older archives) and, where there
    are several chains (migration audit/0004), every head under ``"chains"``."""
    if CHAIN_HEAD_TABLE not in tables:
        return None
    cursor.execute(f"SELECT id, seq, last_hash FROM {CHAIN_HEAD_TABLE} ORDER BY id")  # noqa: S608  # nosec B608
    heads = [[int(row[0]), int(row[1]), str(row[2])] for row in cursor.fetchall()]
    first = next((head for head in heads if head[0] == 1), None)
    if first is None:
        return None
    result: dict[str, Any] = {"seq": first[1], "hash": first[2]}
    if len(heads) > 1:
        result["chains"] = heads
    return result


def describe_chain_head(head: dict[str, Any] | None) -> str:
    """``audit chain head #12`` or, with several chains, ``audit chain heads 1:#12 2:#7 ...``."""
    head = head or {"seq": 0}
    chains = head.get("chains")
    if not chains:
        return f"audit chain head #{head['seq']}"
    return "audit chain heads " + " ".join(f"{chain}:#{seq}" for chain, seq, _ in chains)


def has_user_data(cursor: Any, vendor: str) -> bool:
    tables = set(table_names(cursor, vendor))
    present = [table for table in USER_DATA_TABLES if table in tables]
    return any(count for count in row_counts(cursor, present).values())


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def connection_for(using: str) -> BaseDatabaseWrapper:
    connection = connections[using]
    if connection.vendor not in {"sqlite", "postgresql"}:
        raise DatabaseRefused(f"Backups support SQLite and PostgreSQL, not {connection.vendor}.")
    return connection


# --- SQLite -----------------------------------------------------------------------------------


def sqlite_path(connection: BaseDatabaseWrapper) -> Path | None:
    """The database file, or None for an in-memory database."""
    name = str(connection.settings_dict["NAME"])
    if name == ":memory:" or "mode=memory" in name:
        return None
    return Path(name)


def dump_sqlite(connection: BaseDatabaseWrapper, dest: Path) -> Snapshot:
    """Copy the live database with SQLite's online backup API into ``dest``.

    The copy is taken in one step under a read lock: writers in WAL mode go on meanwhile,
    and the copy is one consistent state. It is switched to a rollback journal so that it is
    one self-contained file; Lotse turns WAL on again when it opens the restored file.
    """
    path = sqlite_path(connection)
    if path is not None and not path.is_file():
        raise DatabaseRefused(f"The database file {path} does not exist.")
    if path is not None:
        # A connection of its own: only committed data, whatever Django's connection is doing.
        source = sqlite3.connect(
            path, timeout=float(connection.settings_dict["OPTIONS"].get("timeout", 20))
        )
    else:  # the in-memory test database exists only inside Django's connection
        if connection.in_atomic_block:
            raise DatabaseRefused("A backup cannot be taken inside a transaction.")
        connection.ensure_connection()
        source = connection.connection
    target = sqlite3.connect(dest)
    try:
        source.backup(target)
        target.execute("PRAGMA journal_mode=DELETE")
        cursor = target.cursor()
        tables = table_names(cursor, "sqlite")
        counts = row_counts(cursor, tables)
        head = chain_head(cursor, tables)
    finally:
        target.close()
        if path is not None:
            source.close()
    return Snapshot("sqlite", "sqlite3-database", path.name if path else ":memory:", counts, head)


def sqlite_has_user_data(path: Path) -> bool:
    if not path.exists() or path.stat().st_size == 0:
        return False
    db = sqlite3.connect(path, timeout=5)
    try:
        return has_user_data(db.cursor(), "sqlite")
    finally:
        db.close()


def processes_using(path: Path) -> list[int]:
    """Other processes that have ``path`` (or its WAL) open — best effort, Linux /proc only."""
    wanted = {str(path.resolve()), f"{path.resolve()}-wal", f"{path.resolve()}-shm"}
    found = []
    for proc in Path("/proc").glob("[0-9]*"):
        if int(proc.name) == os.getpid():
            continue
        try:
            if any(os.readlink(fd) in wanted for fd in (proc / "fd").iterdir()):
                found.append(int(proc.name))
        except OSError:  # gone meanwhile, or not ours to look at
            continue
    return sorted(found)


def replace_sqlite(target: Path, restored: Path, *, keep_previous: bool, stamp: str) -> Path | None:
    """Put ``restored`` in place of ``target`` (same directory, so the rename is atomic).

    The application must be stopped. The old write-ahead log is checkpointed and removed first:
    a WAL left next to a different database file would be replayed into it.
    """
    kept: Path | None = None
    if target.exists():
        users = processes_using(target)
        if users:
            raise DatabaseRefused(
                f"The database {target} is open in process(es) {', '.join(map(str, users))}. "
                "Stop Lotse (every app server and worker) before restoring."
            )
        db = sqlite3.connect(target, timeout=5)
        try:
            busy = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        except sqlite3.OperationalError as error:
            raise DatabaseRefused(
                f"The database {target} is locked ({error}). Stop Lotse (every app server and "
                "worker) before restoring."
            ) from None
        finally:
            db.close()
        if busy:
            raise DatabaseRefused(
                f"The database {target} is in use. Stop Lotse (every app server and worker) "
                "before restoring."
            )
        # The restored file gets the owner and mode of the one it replaces.
        status = target.stat()
        os.chmod(restored, status.st_mode & 0o777)
        with contextlib.suppress(PermissionError):
            os.chown(restored, status.st_uid, status.st_gid)
        if keep_previous:
            kept = target.with_name(f"{target.name}.before-restore-{stamp}")
            os.link(target, kept)
    for suffix in ("-wal", "-shm", "-journal"):
        with contextlib.suppress(FileNotFoundError):
            Path(f"{target}{suffix}").unlink()
    os.replace(restored, target)
    fsync_dir(target.parent)
    return kept


# --- PostgreSQL -------------------------------------------------------------------------------

_PG_OPTION_ENV = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "sslcrl": "PGSSLCRL",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "service": "PGSERVICE",
    "passfile": "PGPASSFILE",
    "target_session_attrs": "PGTARGETSESSIONATTRS",
}


def pg_environment(settings_dict: dict[str, Any]) -> dict[str, str]:
    """The environment for pg_dump/pg_restore: libpq variables, the password among them."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("PG")}
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("NAME", "PGDATABASE"),
        ("PASSWORD", "PGPASSWORD"),
    ):
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    for option, variable in _PG_OPTION_ENV.items():
        value = (settings_dict.get("OPTIONS") or {}).get(option)
        if value:
            env[variable] = str(value)
    env["PGAPPNAME"] = "lotse-backup"
    return env


def pg_tool(name: str) -> str:
    """``LOTSE_PG_BIN``/name, else the tool on PATH, else the newest in /usr/lib/postgresql."""
    configured = os.environ.get("LOTSE_PG_BIN")
    if configured:
        return str(Path(configured) / name)
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(
        Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
    )
    if candidates:
        return str(candidates[-1])
    raise DatabaseRefused(f"{name} was not found; install the PostgreSQL client tools.")


def _run(command: list[str], env: dict[str, str], what: str) -> None:
    result = subprocess.run(  # noqa: S603  # nosec B603 - fixed tool, arguments built here
        command, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(
            f"{what} failed (exit code {result.returncode}): {result.stderr.strip()}"
        )


@contextlib.contextmanager
def _pg_snapshot_connection(connection: BaseDatabaseWrapper) -> Iterator[Any]:
    raw = connection.get_new_connection(connection.get_connection_params())
    try:
        raw.autocommit = True
        cursor = raw.cursor()
        cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield cursor
        cursor.execute("COMMIT")
    finally:
        raw.close()


def dump_postgresql(connection: BaseDatabaseWrapper, dest: Path) -> Snapshot:
    """``pg_dump --format=custom`` of the snapshot in which the row counts were taken."""
    settings_dict = connection.settings_dict
    with _pg_snapshot_connection(connection) as cursor:
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot_id = cursor.fetchone()[0]
        tables = table_names(cursor, "postgresql")
        counts = row_counts(cursor, tables)
        head = chain_head(cursor, tables)
        _run(
            [
                pg_tool("pg_dump"),
                "--format=custom",
                "--no-password",
                f"--snapshot={snapshot_id}",
                f"--file={dest}",
            ],
            pg_environment(settings_dict),
            "pg_dump",
        )
    label = f"{settings_dict.get('NAME')}@{settings_dict.get('HOST') or 'localhost'}"
    return Snapshot("postgresql", "pg_dump-custom", label, counts, head)


def restore_postgresql(connection: BaseDatabaseWrapper, dump: Path) -> None:
    """pg_restore into the configured database, all or nothing (one transaction)."""
    settings_dict = connection.settings_dict
    connections.close_all()
    _run(
        [
            pg_tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-acl",
            "--single-transaction",
            "--exit-on-error",
            "--no-password",
            f"--dbname={settings_dict['NAME']}",
            str(dump),
        ],
        pg_environment(settings_dict),
        "pg_restore",
    )
