"""What a database administrator without the HMAC key can and cannot do to the trail."""

from __future__ import annotations

import hashlib
import hmac
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from lotse.audit.context import Actor
from lotse.audit.models import AuditEntry, canonical_json, sha256_hex
from lotse.audit.services import log_action, verify_chain
from lotse.audit.services.anchors import anchor_head, verify_trail

pytestmark = pytest.mark.django_db

ACTOR = Actor(1, "a@test.invalid")


def _entries(n: int) -> list[AuditEntry]:
    return [log_action(action="test.step", actor=ACTOR, data={"n": i}) for i in range(1, n + 1)]


def _unkeyed(entry: AuditEntry, prev_hash: str) -> str:
    """The pre-#15 entry hash: plain SHA-256, which anybody can compute."""
    header = [*entry.header()[1:11], prev_hash, entry.key_id]
    return sha256_hex(canonical_json(header))


def _guessed_key(entry: AuditEntry, prev_hash: str) -> str:
    entry.prev_hash = prev_hash
    message = canonical_json(entry.header()).encode()
    return hmac.new(b"g" * 32, message, hashlib.sha256).hexdigest()


def _rewrite_from(db_admin, seq: int, data: dict, recompute) -> None:
    """Change one entry's details and data_hash, then re-link every entry after it."""
    db_admin(
        "UPDATE audit_auditentry SET data = %s, data_hash = %s WHERE seq = %s",
        [canonical_json(data), sha256_hex(canonical_json(data)), seq],
    )
    prev = AuditEntry.objects.get(seq=seq - 1).entry_hash if seq > 1 else "0" * 64
    for entry in AuditEntry.objects.filter(seq__gte=seq).order_by("seq"):
        new_hash = recompute(entry, prev)
        db_admin(
            "UPDATE audit_auditentry SET prev_hash = %s, entry_hash = %s WHERE seq = %s",
            [prev, new_hash, entry.seq],
        )
        prev = new_hash
    db_admin("UPDATE audit_chainhead SET last_hash = %s WHERE id = 1", [prev])


@pytest.mark.parametrize("recompute", [_unkeyed, _guessed_key], ids=["sha256", "guessed-key"])
def test_rewritten_details_with_a_recomputed_chain_are_named(db_admin, recompute) -> None:
    _entries(5)
    _rewrite_from(db_admin, 3, {"n": 333}, recompute)
    assert (
        AuditEntry.objects.get(seq=3).compute_data_hash() == AuditEntry.objects.get(seq=3).data_hash
    ), "the forged data_hash fits the forged details"
    report = verify_chain()
    assert not report.ok
    assert (report.first_bad_seq, report.problem, report.checked) == (3, "entry changed", 2)
    with pytest.raises(CommandError, match="broken at entry 1/3: entry changed"):
        call_command("audit", "verify")


def test_forged_details_in_a_redacted_entry_are_named(db_admin) -> None:
    """Redaction keeps data_hash and frees the details from it; only the blank form passes."""
    _entries(3)
    db_admin(
        "UPDATE audit_auditentry SET data = %s, redacted_at = %s WHERE seq = 2",
        ['{"redacted": true, "reason": "erasure", "n": 7}', "2026-01-01T00:00:00+00:00"],
    )
    report = verify_chain()
    assert (report.first_bad_seq, report.problem) == (2, "details changed")


def test_deleting_the_newest_entries_and_the_head_is_caught_by_the_anchor(
    db_admin, tmp_path: Path
) -> None:
    anchors = tmp_path / "anchors.log"
    entries = _entries(3)
    anchor_head(path=anchors)
    _entries(2)
    anchor_head(path=anchors)  # the newest anchor names entry 5
    db_admin("DELETE FROM audit_auditentry WHERE seq > 3", None)
    db_admin(
        "UPDATE audit_chainhead SET seq = 3, last_hash = %s WHERE id = 1",
        [entries[2].entry_hash],
    )
    assert verify_chain().ok, "without the anchor the shorter chain looks complete"
    report = verify_trail(path=anchors)
    assert not report.ok and report.first_bad_seq == 4
    # Each run writes a line per chain (8): chain 1's line of the second run is line 9.
    assert "entries deleted: anchor line 9" in report.problem and "entry 1/5" in report.problem
    with pytest.raises(CommandError, match="broken at entry 1/4: entries deleted"):
        call_command("audit", "verify", "--anchor-file", str(anchors))
    with pytest.raises(CommandError, match="broken at entry 1/4"):
        call_command("audit_verify", "--anchor-file", str(anchors))


def test_a_rewrite_with_the_key_is_caught_up_to_the_last_anchor_only(
    db_admin, tmp_path: Path
) -> None:
    """Someone with the key and the database re-signs everything: only the anchor tells."""
    anchors = tmp_path / "anchors.log"
    _entries(4)
    anchor_head(path=anchors)
    _entries(2)

    def with_the_key(entry: AuditEntry, prev_hash: str) -> str:
        entry.prev_hash = prev_hash
        return entry.compute_entry_hash()

    _rewrite_from(db_admin, 5, {"n": 55}, with_the_key)
    assert verify_trail(path=anchors).ok, "after the last anchor nothing can tell"
    _rewrite_from(db_admin, 2, {"n": 22}, with_the_key)
    assert verify_chain().ok
    report = verify_trail(path=anchors)
    assert not report.ok and report.first_bad_seq == 4
    assert report.problem.startswith("entry rewritten: 1/4 differs from anchor line 1")
