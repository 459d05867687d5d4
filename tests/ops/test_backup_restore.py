"""Restore drill: back up a database with data, restore it into an empty one, compare.

The backup is taken in-process from the test database (SQLite's online backup API works on
pytest's in-memory database too; on PostgreSQL pg_dump reads the test database). The restore
runs as a real ``lotse restore`` process into an empty scratch database: a file in a temp
directory on SQLite, a freshly created scratch database when ``DATABASE_URL`` points to
PostgreSQL. Refusals run in-process and must not send a single query to the database.
"""

from __future__ import annotations

import hashlib
import io
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings

from lotse.audit.context import Actor
from lotse.audit.models import AuditEntry, ChainHead
from lotse.audit.services import log_action
from lotse.ops import databases
from lotse.ops.services import read_archive_header
from lotse_testing import Org

LOTSE = Path(sys.executable).with_name("lotse")
PASSPHRASE_VAR = "LOTSE_TEST_BACKUP_PASSPHRASE"
OTHER_KEY = "dGhpcy1pcy1hbm90aGVyLWtleS1ub3QtdGhlLXJpZ2g="


def _counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        return databases.row_counts(cursor, databases.table_names(cursor, connection.vendor))


def _chain() -> list[tuple[int, int, str]]:
    return list(
        AuditEntry.objects.order_by("chain", "seq").values_list("chain", "seq", "entry_hash")
    )


# --- scratch targets ----------------------------------------------------------------------


class Target:
    """An empty database for ``lotse restore`` to run against, in a child process."""

    def __init__(self, tmp_path: Path) -> None:
        self.tmp_path = tmp_path
        self.env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        self.env.update(
            {
                "DJANGO_SETTINGS_MODULE": "lotse.settings_test",
                "LOTSE_VAR_DIR": str(tmp_path / "var"),
                "LOTSE_ENV_FILE": str(tmp_path / "no.env"),
            }
        )
        self.pg_name: str | None = None
        if connection.vendor == "postgresql":
            self.pg_name = f"lotse_ops_drill_{os.getpid()}"
            self._admin(f'DROP DATABASE IF EXISTS "{self.pg_name}" WITH (FORCE)')
            self._admin(f'CREATE DATABASE "{self.pg_name}"')
            params = connection.settings_dict
            self.env["DATABASE_URL"] = (
                f"postgres://{params['USER']}:{params.get('PASSWORD') or ''}@"
                f"{params.get('HOST') or 'localhost'}:{params.get('PORT') or 5432}/{self.pg_name}"
            )

    def _pg(self, dbname: str) -> Any:
        import psycopg

        params = connection.settings_dict
        return psycopg.connect(
            dbname=dbname,
            user=params["USER"],
            password=params.get("PASSWORD") or None,
            host=params.get("HOST") or None,
            port=params.get("PORT") or None,
            autocommit=True,
        )

    def _admin(self, sql: str) -> None:
        with self._pg("postgres") as admin:
            admin.execute(sql)

    def drop(self) -> None:
        if self.pg_name:
            self._admin(f'DROP DATABASE IF EXISTS "{self.pg_name}" WITH (FORCE)')

    def lotse(self, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(  # noqa: S603
            [str(LOTSE), *args],
            env={**self.env, **env},
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    def query(self, sql: str) -> list[tuple[Any, ...]]:
        if self.pg_name:
            with self._pg(self.pg_name) as db:
                return db.execute(sql).fetchall()
        db = sqlite3.connect(self.tmp_path / "var" / "lotse.sqlite3")
        try:
            return db.execute(sql).fetchall()
        finally:
            db.close()

    def counts(self) -> dict[str, int]:
        vendor = "postgresql" if self.pg_name else "sqlite"
        if not self.pg_name and not (self.tmp_path / "var" / "lotse.sqlite3").exists():
            return {}
        tables = [
            row[0]
            for row in self.query(
                databases._PG_TABLES if self.pg_name else databases._SQLITE_TABLES
            )
        ]
        del vendor
        return {t: self.query(f'SELECT COUNT(*) FROM "{t}"')[0][0] for t in tables}  # noqa: S608

    def fingerprint(self) -> str:
        """Changes whenever the target database changes."""
        if self.pg_name:
            return repr(sorted(self.counts().items()))
        path = self.tmp_path / "var" / "lotse.sqlite3"
        return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else "absent"


@pytest.fixture
def target(tmp_path: Path) -> Iterator[Target]:
    scratch = Target(tmp_path)
    yield scratch
    scratch.drop()


def _with_history(org: Org) -> None:
    actor = Actor(org.users["counsellor"].pk, org.users["counsellor"].email)
    for n in range(5):
        log_action(action="drill.entry", actor=actor, client_id=org.client_a.pk, data={"n": n})


# --- the drill ----------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_restore_drill_into_an_empty_database(org: Org, target: Target, tmp_path: Path) -> None:
    _with_history(org)
    source_counts = _counts()
    source_chain = _chain()
    assert source_counts["clients_client"] == 2 and len(source_chain) >= 5
    archive = tmp_path / "drill.lotse-backup"

    call_command("backup", out=archive)

    assert archive.stat().st_mode & 0o777 == 0o600
    header = read_archive_header(archive)
    assert header.row_counts == source_counts
    heads = list(ChainHead.objects.order_by("pk").values_list("pk", "seq", "last_hash"))
    chain_1 = [place for place in source_chain if place[0] == 1]
    assert header.audit_head == {
        "seq": chain_1[-1][1] if chain_1 else 0,
        "hash": chain_1[-1][2] if chain_1 else "0" * 64,
        "chains": [list(head) for head in heads],
    }
    assert len(heads) == 8
    assert header.key_id == "t2"  # the primary key of settings_test

    restored = target.lotse("restore", "--in", str(archive))

    assert restored.returncode == 0, restored.stderr
    assert f"Row counts match the backup for all {len(source_counts)} tables" in restored.stdout
    assert f"Audit chain intact: {len(source_chain)} entries verified" in restored.stdout
    assert "Audit chain head matches the backup" in restored.stdout
    assert target.counts() == source_counts
    assert target.query(
        "SELECT chain, seq, entry_hash FROM audit_auditentry ORDER BY chain, seq"
    ) == [tuple(row) for row in source_chain]

    # A second restore into the now non-empty database is refused, and changes nothing ...
    before = target.fingerprint()
    again = target.lotse("restore", "--in", str(archive))
    assert again.returncode == 2
    assert "not empty" in again.stderr and "unchanged" in again.stderr
    assert target.fingerprint() == before
    # ... unless forced.
    forced = target.lotse("restore", "--in", str(archive), "--force")
    assert forced.returncode == 0, forced.stderr
    assert target.counts() == source_counts
    if not target.pg_name:
        assert "previous database file was kept" in forced.stdout


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_passphrase_backup_restores_with_the_passphrase(
    org: Org, target: Target, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = {PASSPHRASE_VAR: "a passphrase kept in the safe"}
    monkeypatch.setenv(PASSPHRASE_VAR, secret[PASSPHRASE_VAR])
    archive = tmp_path / "pass.lotse-backup"
    call_command("backup", out=archive, passphrase_env=PASSPHRASE_VAR)
    assert read_archive_header(archive).kdf["name"] == "scrypt"

    args = ("restore", "--in", str(archive), "--passphrase-env", PASSPHRASE_VAR)
    checked = target.lotse(*args, "--check", **secret)
    assert checked.returncode == 0, checked.stderr
    assert "complete and intact" in checked.stdout
    assert target.counts() == {}  # --check touches no database

    restored = target.lotse(*args, **secret)
    assert restored.returncode == 0, restored.stderr
    assert target.counts() == _counts()


# --- refusals: a clear message, and not one query to the target ---------------------------


@pytest.fixture(scope="module")
def archives(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, Path]]:
    """One archive made with the key and one with a passphrase, of the test database."""
    folder = tmp_path_factory.mktemp("archives")
    made = {"key": folder / "key.lotse-backup", "pass": folder / "pass.lotse-backup"}
    os.environ[PASSPHRASE_VAR] = "a passphrase kept in the safe"
    try:
        with django_db_blocker.unblock():
            call_command("backup", out=made["key"], stdout=io.StringIO())
            call_command(
                "backup", out=made["pass"], passphrase_env=PASSPHRASE_VAR, stdout=io.StringIO()
            )
    finally:
        del os.environ[PASSPHRASE_VAR]
    yield made


def _refused(path: Path, django_assert_num_queries: Any, **options: Any) -> str:
    before = _counts()
    with django_assert_num_queries(0), pytest.raises(CommandError) as refused:
        call_command("restore", in_file=path, **options)
    assert refused.value.returncode == 2
    assert "Nothing was restored; the database is unchanged." in str(refused.value)
    assert _counts() == before
    return str(refused.value)


@pytest.mark.usefixtures("org")
@pytest.mark.django_db
def test_wrong_key_is_refused(archives: dict[str, Path], django_assert_num_queries: Any) -> None:
    with override_settings(LOTSE_ENCRYPTION_KEYS=[f"k9:{OTHER_KEY}"]):
        message = _refused(archives["key"], django_assert_num_queries)
    assert "This backup was made with key t2, which is not in LOTSE_ENCRYPTION_KEYS" in message
    with override_settings(LOTSE_ENCRYPTION_KEYS=[f"t2:{OTHER_KEY}"]):
        message = _refused(archives["key"], django_assert_num_queries)
    assert "under the id t2 is a different key" in message


@pytest.mark.usefixtures("org")
@pytest.mark.django_db
def test_backup_made_with_an_older_key_restores_after_rotation(
    archives: dict[str, Path], django_assert_num_queries: Any
) -> None:
    from django.conf import settings

    rotated = [f"k3:{OTHER_KEY}", *settings.LOTSE_ENCRYPTION_KEYS]
    with override_settings(LOTSE_ENCRYPTION_KEYS=rotated):
        call_command("restore", in_file=archives["key"], check=True)


@pytest.mark.usefixtures("org")
@pytest.mark.django_db
def test_flipped_byte_is_refused(
    archives: dict[str, Path], tmp_path: Path, django_assert_num_queries: Any
) -> None:
    damaged = bytearray(archives["key"].read_bytes())
    damaged[len(damaged) // 2] ^= 0x01
    path = tmp_path / "flipped.lotse-backup"
    path.write_bytes(bytes(damaged))
    message = _refused(path, django_assert_num_queries)
    assert "damaged" in message and "AES-GCM tag mismatch" in message


@pytest.mark.usefixtures("org")
@pytest.mark.django_db
def test_truncated_file_is_refused(
    archives: dict[str, Path], tmp_path: Path, django_assert_num_queries: Any
) -> None:
    path = tmp_path / "truncated.lotse-backup"
    path.write_bytes(archives["key"].read_bytes()[:-1000])
    assert "truncated" in _refused(path, django_assert_num_queries)


@pytest.mark.usefixtures("org")
@pytest.mark.django_db
def test_wrong_or_missing_passphrase_is_refused(
    archives: dict[str, Path], django_assert_num_queries: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WRONG_PASSPHRASE", "not the passphrase at all")
    message = _refused(
        archives["pass"], django_assert_num_queries, passphrase_env="WRONG_PASSPHRASE"
    )
    assert "Wrong passphrase" in message
    assert "--passphrase-env" in _refused(archives["pass"], django_assert_num_queries)


@pytest.mark.usefixtures("org")
@pytest.mark.django_db
def test_not_a_backup_is_refused(tmp_path: Path, django_assert_num_queries: Any) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("SQLite format 3 — but not a Lotse backup")
    assert "not a Lotse backup" in _refused(path, django_assert_num_queries)


@pytest.mark.usefixtures("org")
@pytest.mark.django_db
def test_short_passphrase_and_missing_variable_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SHORT_PASSPHRASE", "short")
    with pytest.raises(CommandError, match="too short"):
        call_command("backup", out=tmp_path / "x", passphrase_env="SHORT_PASSPHRASE")
    with pytest.raises(CommandError, match="is not set"):
        call_command("backup", out=tmp_path / "x", passphrase_env="NO_SUCH_VARIABLE_HERE")
    assert not (tmp_path / "x").exists()
