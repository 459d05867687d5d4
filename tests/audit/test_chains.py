"""Several audit chains (issue #20): which chain a write takes, and that every chain is as
tamper-evident as the one chain was — verified, anchored, and named when broken."""

from __future__ import annotations

import itertools
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import close_old_connections, connection, connections, transaction
from django.test import override_settings
from django.utils import timezone

from lotse.audit.context import Actor
from lotse.audit.models import AuditEntry, ChainHead
from lotse.audit.selectors import audit_entries_filtered
from lotse.audit.services import chains, log_action, log_actions, verify_chain
from lotse.audit.services.anchors import anchor_head, read_anchors, verify_trail
from lotse.clients.models import Client

pytestmark = pytest.mark.django_db

ACTOR = Actor(1, "a@test.invalid")
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SKIP LOCKED and parallel writers need PostgreSQL"
)


def _log(n: int, *, chain: int | None = None) -> list[AuditEntry]:
    if chain is None:
        return [log_action(action="test.step", actor=ACTOR, data={"n": i}) for i in range(n)]
    with chains.use_chain(chain):
        return _log(n)


def _places() -> list[tuple[int, int]]:
    return list(AuditEntry.objects.order_by("chain", "seq").values_list("chain", "seq"))


def test_entries_go_to_the_chosen_chain_and_each_chain_counts_from_1() -> None:
    _log(2, chain=1)
    _log(3, chain=3)
    _log(1, chain=1)
    assert _places() == [(1, 1), (1, 2), (1, 3), (3, 1), (3, 2), (3, 3)]
    heads = dict(ChainHead.objects.values_list("pk", "seq"))
    assert (heads[1], heads[3], heads[2]) == (3, 3, 0)
    report = verify_chain()
    assert report.ok and report.checked == 6 and report.chains == 8


def test_a_connection_keeps_writing_to_its_chain() -> None:
    with chains.use_chain(5):
        _log(1)
    # Without a say, the connection stays on the chain it wrote to last.
    assert chains.preferred_chain(chains.chain_count()) == 1  # use_chain restored
    first = _log(1)[0]
    again = _log(2)
    assert {e.chain for e in again} == {first.chain}


def test_the_preference_wraps_to_the_configured_chains() -> None:
    with override_settings(LOTSE_AUDIT_CHAINS=4), chains.use_chain(6):
        assert chains.preferred_chain(chains.chain_count()) == 2
        assert _log(1)[0].chain == 2


def test_one_chain_is_the_old_single_chain() -> None:
    with override_settings(LOTSE_AUDIT_CHAINS=1), chains.use_chain(7):
        entries = _log(3)
    assert [(e.chain, e.seq) for e in entries] == [(1, 1), (1, 2), (1, 3)]


def test_missing_heads_are_added_when_the_setting_grows(tmp_path: Path) -> None:
    with override_settings(LOTSE_AUDIT_CHAINS=10), chains.use_chain(10):
        entry = _log(1)[0]
    assert (entry.chain, entry.seq) == (10, 1)
    assert ChainHead.objects.count() == 10
    assert verify_chain().ok
    anchors = tmp_path / "anchors.log"
    anchor_head(path=anchors)
    assert sorted(a.chain for a in read_anchors(anchors)[0]) == list(range(1, 11))


def test_chains_1_and_others_sign_different_headers() -> None:
    """Chain 1 keeps the v2 header (old entries verify unchanged); other chains name theirs."""
    one = _log(1, chain=1)[0]
    four = _log(1, chain=4)[0]
    assert one.header()[0] == "lotse-audit-v2"
    assert four.header()[:2] == ["lotse-audit-v3", 4]


def test_tampering_in_chain_k_is_named_with_its_chain(db_admin) -> None:
    _log(3, chain=1)
    _log(3, chain=6)
    db_admin("UPDATE audit_auditentry SET data = %s WHERE chain = 6 AND seq = 2", ['{"n": 9}'])
    report = verify_chain()
    assert not report.ok
    assert (report.first_bad_chain, report.first_bad_seq, report.problem) == (
        6,
        2,
        "details changed",
    )
    assert report.first_bad == "6/2" and report.checked == 4


def test_an_entry_moved_to_another_chain_is_detected(db_admin) -> None:
    """Moved with its seq to an empty chain, the entry still links to genesis; the chain it
    names in its signed header is what gives it away."""
    _log(1, chain=2)
    db_admin("UPDATE audit_auditentry SET chain = 3 WHERE chain = 2 AND seq = 1", None)
    db_admin("UPDATE audit_chainhead SET seq = 0, last_hash = %s WHERE id = 2", ["0" * 64])
    db_admin(
        "UPDATE audit_chainhead SET seq = 1, last_hash = "
        "(SELECT entry_hash FROM audit_auditentry WHERE chain = 3 AND seq = 1) WHERE id = 3",
        None,
    )
    report = verify_chain()
    assert (report.first_bad_chain, report.first_bad_seq, report.problem) == (
        3,
        1,
        "entry changed",
    )


def test_an_entry_deleted_inside_chain_k_is_detected(db_admin) -> None:
    _log(3, chain=4)
    db_admin("DELETE FROM audit_auditentry WHERE chain = 4 AND seq = 2", None)
    report = verify_chain()
    assert (report.first_bad_chain, report.first_bad_seq, report.problem) == (
        4,
        2,
        "entry missing",
    )


def test_deleting_the_last_entry_of_a_chain_is_caught_by_the_anchor(
    db_admin, tmp_path: Path
) -> None:
    anchors = tmp_path / "anchors.log"
    _log(2, chain=1)
    kept = _log(2, chain=7)[0]
    anchor_head(path=anchors)
    db_admin("DELETE FROM audit_auditentry WHERE chain = 7 AND seq = 2", None)
    db_admin("UPDATE audit_chainhead SET seq = 1, last_hash = %s WHERE id = 7", [kept.entry_hash])
    assert verify_chain().ok, "without the anchor the shorter chain 7 looks complete"
    report = verify_trail(path=anchors)
    assert not report.ok
    assert (report.first_bad_chain, report.first_bad_seq) == (7, 2)
    assert "names entry 7/2, which is not in the database" in report.problem


def test_deleting_a_whole_chain_and_its_head_is_caught_by_the_anchor(
    db_admin, tmp_path: Path
) -> None:
    anchors = tmp_path / "anchors.log"
    _log(1, chain=1)
    _log(2, chain=5)
    anchor_head(path=anchors)
    db_admin("DELETE FROM audit_auditentry WHERE chain = 5", None)
    db_admin("DELETE FROM audit_chainhead WHERE id = 5", None)
    assert verify_chain().ok and verify_chain().chains == 7
    report = verify_trail(path=anchors)
    assert (report.first_bad_chain, report.first_bad_seq) == (5, 1)


def test_entries_of_a_chain_without_a_head_do_not_verify(db_admin) -> None:
    _log(1, chain=3)
    db_admin("DELETE FROM audit_chainhead WHERE id = 3", None)
    report = verify_chain()
    assert (report.first_bad_chain, report.problem) == (3, "chain head missing")


def test_the_bulk_emit_hashes_onto_one_chain_in_order() -> None:
    client = Client(pk=41, team_id=1)
    _log(1, chain=1)
    with chains.use_chain(4):
        count = log_actions([("test.bulk", client, {"i": i}) for i in range(5)], actor=ACTOR)
        after = log_action(action="test.after", actor=ACTOR)
    assert count == 5
    bulk = list(AuditEntry.objects.filter(action="test.bulk").order_by("seq"))
    assert [(e.chain, e.seq, e.data["i"]) for e in bulk] == [(4, n, n - 1) for n in range(1, 6)]
    assert all(b.prev_hash == a.entry_hash for a, b in itertools.pairwise(bulk))
    assert (after.chain, after.seq, after.prev_hash) == (4, 6, bulk[-1].entry_hash)
    assert verify_chain().ok


def test_the_audit_page_orders_by_time_across_chains(db_admin) -> None:
    later = _log(1, chain=1)[0]
    earlier = _log(1, chain=2)[0]
    # Set the times apart: the page orders by time, then (chain, seq) — not by chain first.
    db_admin(
        "UPDATE audit_auditentry SET at = %s WHERE id = %s",
        [later.at - timedelta(hours=1), earlier.pk],
    )
    ordered = [e.pk for e in audit_entries_filtered(action="test.step")]
    assert ordered == [later.pk, earlier.pk]
    assert AuditEntry.objects.filter(action="test.step").latest().pk == later.pk


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_busy_chain_is_skipped_for_a_free_one() -> None:
    chains.ensure_heads(chains.chain_count())
    taken: list[int] = []

    def other_writer() -> None:
        try:
            with chains.use_chain(2):
                taken.append(_log(1)[0].chain)
        finally:
            connection.close()

    with transaction.atomic(), chains.use_chain(2):
        held = _log(1)[0]
        again = _log(1)[0]  # a second entry in the same transaction stays on its chain
        thread = threading.Thread(target=other_writer)
        thread.start()
        thread.join(timeout=30)
        assert not thread.is_alive(), "the other writer waited for the held chain"
    assert (held.chain, again.chain, again.seq) == (2, 2, 2)
    assert taken and taken[0] != 2
    assert verify_chain().ok


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_leave_a_log_that_verifies(tmp_path: Path) -> None:
    chains.ensure_heads(chains.chain_count())
    writers, writes = 8, 25
    barrier = threading.Barrier(writers)
    errors: list[BaseException] = []

    def writer(number: int) -> None:
        try:
            barrier.wait(timeout=30)
            for i in range(writes):
                with transaction.atomic():
                    ChainHead.objects.filter(pk=1).exists()  # a read inside the transaction
                    log_action(
                        action="test.parallel", actor=Actor(number, f"w{number}"), data={"i": i}
                    )
        except BaseException as error:
            errors.append(error)
        finally:
            close_old_connections()
            connections["default"].close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    assert AuditEntry.objects.filter(action="test.parallel").count() == writers * writes
    used = set(AuditEntry.objects.values_list("chain", flat=True))
    assert len(used) > 1, "eight writers at once all wrote to one chain"
    report = verify_chain()
    assert report.ok and report.checked == AuditEntry.objects.count(), report
    for chain in used:  # each chain is gap-free and matches its head
        seqs = list(
            AuditEntry.objects.filter(chain=chain).order_by("seq").values_list("seq", flat=True)
        )
        assert seqs == list(range(1, len(seqs) + 1))
        assert ChainHead.objects.get(pk=chain).seq == len(seqs)
    anchors = tmp_path / "anchors.log"
    anchor_head(path=anchors)
    trail = verify_trail(path=anchors)
    assert trail.ok and trail.anchors_checked == ChainHead.objects.count()
    # Within a chain, time never goes back.
    for chain in used:
        times = list(
            AuditEntry.objects.filter(chain=chain).order_by("seq").values_list("at", flat=True)
        )
        assert times == sorted(times)
    assert timezone.now() >= max(AuditEntry.objects.values_list("at", flat=True))
