"""The audit chain: append-only, tamper-evident, redactable without breaking."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from lotse.audit.context import Actor
from lotse.audit.models import AppendOnlyError, AuditEntry
from lotse.audit.services import log_action, mask_secrets, redact_entries, verify_chain

pytestmark = pytest.mark.django_db


def _three_entries() -> list[AuditEntry]:
    return [
        log_action(action="test.one", actor=Actor(1, "a@test.invalid"), data={"n": 1}),
        log_action(action="test.two", actor=Actor(1, "a@test.invalid"), client_id=7, data={"n": 2}),
        log_action(action="test.three", actor=Actor(2, "b@test.invalid"), data={"n": 3}),
    ]


def _raw(sql: str, params: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_entries_link_to_their_predecessor_and_verify() -> None:
    entries = _three_entries()
    assert [e.seq for e in entries] == [1, 2, 3]
    assert entries[1].prev_hash == entries[0].entry_hash
    assert entries[2].prev_hash == entries[1].entry_hash
    report = verify_chain()
    assert report.ok and report.checked == 3


def test_changed_details_are_detected(db_admin) -> None:
    entries = _three_entries()
    db_admin("UPDATE audit_auditentry SET data = %s WHERE seq = %s", ['{"n": 99}', entries[1].seq])
    report = verify_chain()
    assert not report.ok
    assert report.first_bad_seq == 2 and report.problem == "details changed"


def test_changed_header_is_refused_by_the_database() -> None:
    entries = _three_entries()
    # Both databases refuse: see migration audit/0003.
    with pytest.raises(DatabaseError), transaction.atomic():
        _raw("UPDATE audit_auditentry SET action = %s WHERE seq = %s", ["test.forged", 2])
    assert AuditEntry.objects.get(seq=entries[1].seq).action == "test.two"


def test_changed_header_is_detected(db_admin) -> None:
    _three_entries()
    db_admin("UPDATE audit_auditentry SET action = %s WHERE seq = %s", ["test.forged", 2])
    report = verify_chain()
    assert not report.ok and report.first_bad_seq == 2 and report.problem == "entry changed"


def test_deleted_entry_is_detected(db_admin) -> None:
    entries = _three_entries()
    db_admin("DELETE FROM audit_auditentry WHERE seq = %s", [entries[1].seq])
    report = verify_chain()
    assert not report.ok and report.first_bad_seq == 2 and report.problem == "entry missing"


def test_deleting_the_newest_entry_is_detected(db_admin) -> None:
    entries = _three_entries()
    db_admin("DELETE FROM audit_auditentry WHERE seq = %s", [entries[2].seq])
    report = verify_chain()
    assert not report.ok and report.problem == "entries missing at the end"


def test_orm_refuses_changes_and_deletion() -> None:
    entry = _three_entries()[0]
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.update(action="x.y")


def test_redaction_blanks_details_and_keeps_the_chain_valid() -> None:
    _three_entries()
    assert redact_entries(client_id=7, reason="erasure") == 1
    redacted = AuditEntry.objects.get(client_id=7)
    assert redacted.data == {"redacted": True, "reason": "erasure"}
    assert redacted.redacted_at is not None
    assert verify_chain().ok


def test_verify_command_fails_loudly_on_tampering(capsys, db_admin) -> None:
    entries = _three_entries()
    call_command("audit_verify")
    assert "3 entries verified" in capsys.readouterr().out
    db_admin("UPDATE audit_auditentry SET data = %s WHERE seq = %s", ['{"n": 0}', entries[0].seq])
    with pytest.raises(CommandError, match="broken at entry 1"):
        call_command("audit_verify")
    with pytest.raises(CommandError, match="broken at entry 1"):
        call_command("audit", "verify")


def test_secrets_are_masked_at_any_depth() -> None:
    masked = mask_secrets({"password": "x", "nested": [{"otp_code": "123456", "ok": 1}]})
    assert masked == {"password": "***", "nested": [{"otp_code": "***", "ok": 1}]}
    entry = log_action(action="test.secret", data={"api_token": "abc", "team": 3})
    assert entry.data == {"api_token": "***", "team": 3}


def test_actions_must_be_namespaced() -> None:
    with pytest.raises(ValueError, match="namespaced"):
        log_action(action="viewed")
