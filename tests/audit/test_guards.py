"""The database's own guards on the audit tables (migration audit/0003).

PostgreSQL refuses everything listed; SQLite refuses the UPDATEs but cannot refuse DELETE
(Django's flush empties tables with DELETE) nor tell Lotse's redaction from anybody else's.
"""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from lotse.audit.context import Actor
from lotse.audit.models import AuditEntry, ChainHead
from lotse.audit.services import log_action, redact_entries, verify_chain

from .conftest import raw

pytestmark = pytest.mark.django_db
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite cannot refuse this without breaking flush"
)


def _refused(sql: str, params: list | None = None) -> None:
    with pytest.raises(DatabaseError), transaction.atomic():
        raw(sql, params)


def _entries() -> None:
    for n in (1, 2):
        log_action(action="test.step", actor=Actor(1, "a@test.invalid"), client_id=5, data={"n": n})


def test_guard_triggers_exist() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE tgname LIKE 'lotse_audit_%%'")
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        names = {row[0] for row in cursor.fetchall()}
    assert {"lotse_audit_guard_entry", "lotse_audit_guard_head"} <= names


@pytest.mark.parametrize(
    "column, value",
    [
        ("data_hash", "0" * 64),
        ("entry_hash", "f" * 64),
        ("prev_hash", "e" * 64),
        ("key_id", "other"),
        ("seq", 99),
        ("chain", 2),
        ("client_id", 6),
    ],
)
def test_only_redaction_columns_can_change(column: str, value: object) -> None:
    _entries()
    _refused(f"UPDATE audit_auditentry SET {column} = %s WHERE seq = 1", [value])  # noqa: S608


def test_details_change_only_together_with_redacted_at() -> None:
    _entries()
    _refused("UPDATE audit_auditentry SET data = %s WHERE seq = 1", ['{"n": 0}'])


def test_a_redacted_entry_stays_as_it_is() -> None:
    _entries()
    redact_entries(client_id=5, reason="erasure")
    _refused("UPDATE audit_auditentry SET redacted_at = NULL WHERE seq = 1")
    _refused(
        "UPDATE audit_auditentry SET data = %s, redacted_at = %s WHERE seq = 1",
        ['{"redacted": true, "reason": "other"}', "2026-01-02T00:00:00+00:00"],
    )


def test_redaction_passes_the_guards_and_verifies() -> None:
    _entries()
    assert redact_entries(client_id=5, reason="erasure") == 2
    assert [e.data for e in AuditEntry.objects.all()] == [
        {"redacted": True, "reason": "erasure"}
    ] * 2
    assert verify_chain().ok


def test_the_chain_head_never_goes_back() -> None:
    _entries()
    _refused("UPDATE audit_chainhead SET seq = 1 WHERE id = 1")
    raw("UPDATE audit_chainhead SET seq = seq WHERE id = 1")  # an equal seq is fine
    assert ChainHead.objects.get(pk=1).seq == 2


@postgresql_only
def test_postgresql_refuses_deletion() -> None:
    _entries()
    _refused("DELETE FROM audit_auditentry WHERE seq = 2")
    _refused("DELETE FROM audit_chainhead")
    assert AuditEntry.objects.count() == 2 and ChainHead.objects.filter(pk=1).exists()


@postgresql_only
def test_postgresql_allows_redaction_only_inside_the_marked_transaction() -> None:
    _entries()
    redacting = "UPDATE audit_auditentry SET data = %s, redacted_at = now() WHERE seq = 1"
    _refused(redacting, ['{"redacted": true, "reason": "x"}'])
    with transaction.atomic():
        raw("SET LOCAL lotse.audit_redaction = 'on'")
        raw(redacting, ['{"redacted": true, "reason": "x"}'])
        raw("SET LOCAL lotse.audit_redaction = 'off'")
    assert AuditEntry.objects.get(seq=1).redacted_at is not None


@postgresql_only
def test_redaction_takes_its_mark_back_inside_the_callers_transaction() -> None:
    log_action(action="test.step", actor=Actor(1, "a@test.invalid"), client_id=5)
    log_action(action="test.step", actor=Actor(1, "a@test.invalid"), client_id=6)
    # The test runs in one transaction, like a service that redacts and goes on writing.
    assert redact_entries(client_id=5, reason="erasure") == 1
    _refused("UPDATE audit_auditentry SET data = '{}', redacted_at = now() WHERE client_id = 6")
