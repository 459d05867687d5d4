"""Migration audit/0003 re-signs an existing unkeyed chain once, and only an intact one;
audit/0004 makes that chain chain 1 of several, and its entries verify unchanged."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from lotse.audit.services import verify_chain

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("audit", "0002_chain_head_and_append_only")]
AFTER = [("audit", "0003_keyed_chain_and_guards")]
LATEST = [("audit", "0004_chains")]


def _migrate(target):  # type: ignore[no-untyped-def]
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor.loader.project_state(target).apps


def _legacy_chain(apps, n: int) -> None:  # type: ignore[no-untyped-def]
    """Entries as the release before issue #15 wrote them: unkeyed SHA-256."""
    entry_model = apps.get_model("audit", "AuditEntry")
    prev = "0" * 64
    for seq in range(1, n + 1):
        at = datetime(2026, 1, seq, 9, 0, tzinfo=UTC)
        data_hash = hashlib.sha256(
            json.dumps({"n": seq}, separators=(",", ":")).encode()
        ).hexdigest()
        header = [seq, at.isoformat(), 1, "a@test.invalid", "test.old", "", "", None, "", data_hash]
        canonical = json.dumps([*header, prev], sort_keys=True, separators=(",", ":"))
        entry_hash = hashlib.sha256(canonical.encode()).hexdigest()
        entry_model.objects.create(
            seq=seq,
            at=at,
            actor_id=1,
            actor_label="a@test.invalid",
            action="test.old",
            data={"n": seq},
            data_hash=data_hash,
            prev_hash=prev,
            entry_hash=entry_hash,
        )
        prev = entry_hash
    apps.get_model("audit", "ChainHead").objects.update_or_create(
        pk=1, defaults={"seq": n, "last_hash": prev}
    )


def _empty_trail() -> None:
    with connection.cursor() as cursor:
        # TRUNCATE fires no row trigger on PostgreSQL; SQLite at 0002 has no trigger.
        verb = "TRUNCATE" if connection.vendor == "postgresql" else "DELETE FROM"
        cursor.execute(f"{verb} audit_auditentry")
        cursor.execute("UPDATE audit_chainhead SET seq = 0, last_hash = %s", ["0" * 64])


@pytest.fixture
def at_0002():  # type: ignore[no-untyped-def]
    """The database as the release before issue #15 left it; migrated forward afterwards."""
    with connection.cursor() as cursor:
        # Entries of earlier tests (in any chain) would stop audit/0004 going back; neither
        # TRUNCATE (PostgreSQL) nor DELETE (SQLite) fires the guard triggers.
        verb = "TRUNCATE" if connection.vendor == "postgresql" else "DELETE FROM"
        cursor.execute(f"{verb} audit_auditentry")
        cursor.execute(f"{verb} audit_chainhead")
    old_apps = _migrate(BEFORE)
    _empty_trail()
    yield old_apps
    applied = MigrationExecutor(connection).loader.applied_migrations
    if AFTER[0] not in applied:
        _empty_trail()
    if LATEST[0] not in applied:
        _migrate(LATEST)


def test_an_intact_legacy_chain_is_re_signed_with_the_key(at_0002) -> None:
    _legacy_chain(at_0002, 3)
    legacy = set(at_0002.get_model("audit", "AuditEntry").objects.values_list("entry_hash"))
    keyed_apps = _migrate(AFTER)
    keyed = list(keyed_apps.get_model("audit", "AuditEntry").objects.order_by("seq"))
    assert [e.key_id for e in keyed] == ["ta1"] * 3
    assert not {(e.entry_hash,) for e in keyed} & legacy
    _migrate(LATEST)
    from lotse.audit.models import AuditEntry, ChainHead

    entries = list(AuditEntry.objects.order_by("seq"))
    # audit/0004: the chain becomes chain 1, every entry hash unchanged, heads for 2..8.
    assert [(e.chain, e.seq, e.entry_hash) for e in entries] == [
        (1, e.seq, e.entry_hash) for e in keyed
    ]
    assert list(ChainHead.objects.order_by("pk").values_list("pk", "seq")) == [
        (1, 3),
        *[(n, 0) for n in range(2, 9)],
    ]
    report = verify_chain()
    assert report.ok and report.checked == 3


def test_the_old_chain_and_new_entries_in_several_chains_verify(at_0002) -> None:
    _legacy_chain(at_0002, 3)
    _migrate(LATEST)
    from lotse.audit.models import AuditEntry
    from lotse.audit.services import log_action
    from lotse.audit.services.chains import use_chain

    log_action(action="test.new", data={"n": 4})
    with use_chain(3):
        log_action(action="test.new", data={"n": 5})
        log_action(action="test.new", data={"n": 6})
    places = list(AuditEntry.objects.order_by("chain", "seq").values_list("chain", "seq"))
    assert places == [(1, 1), (1, 2), (1, 3), (1, 4), (3, 1), (3, 2)]
    report = verify_chain()
    assert report.ok and report.checked == 6 and report.chains == 8


def test_a_broken_legacy_chain_stops_the_migration(at_0002) -> None:
    _legacy_chain(at_0002, 3)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER USER")
        cursor.execute("UPDATE audit_auditentry SET action = 'test.forged' WHERE seq = 2")
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER USER")
    with pytest.raises(RuntimeError, match="broken at entry 2 and is NOT re-signed"):
        _migrate(AFTER)
    assert AFTER[0] not in MigrationExecutor(connection).loader.applied_migrations
    entry_model = at_0002.get_model("audit", "AuditEntry")
    assert entry_model.objects.get(seq=2).action == "test.forged"
