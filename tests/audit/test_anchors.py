"""`lotse audit anchor`: one line per chain and run, appended, never rewritten; verify reads
them back, lines from before there were several chains (no ``chain=``) too."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from lotse.audit.context import Actor
from lotse.audit.models import AuditEntry, ChainHead
from lotse.audit.services import log_action
from lotse.audit.services.anchors import read_anchors, verify_trail

pytestmark = pytest.mark.django_db


def _chains() -> int:
    return ChainHead.objects.count()


def _log(n: int) -> None:
    for i in range(n):
        log_action(action="test.step", actor=Actor(1, "a@test.invalid"), data={"i": i})


def test_anchor_lines_are_appended_and_never_rewritten(tmp_path: Path, capsys) -> None:
    anchors = tmp_path / "remote" / "anchors.log"
    _log(2)
    with override_settings(LOTSE_AUDIT_ANCHOR_FILE=anchors):
        call_command("audit", "anchor")
        first = anchors.read_bytes()
        _log(1)
        call_command("audit", "anchor")
    assert "Anchored in" in capsys.readouterr().out
    content = anchors.read_bytes()
    chains = _chains()
    assert chains == 8  # migration audit/0004
    assert content.startswith(first) and len(content.splitlines()) == 2 * chains
    head = AuditEntry.objects.get(chain=1, seq=3)
    line = content.decode().splitlines()[chains]
    assert f"chain=1 seq=3 entry_hash={head.entry_hash} key_id={head.key_id} " in line
    assert "anchored_at=" in line
    read = read_anchors(anchors)[0]
    assert [(a.chain, a.seq) for a in read if a.chain == 1] == [(1, 2), (1, 3)]
    assert sorted({a.chain for a in read}) == list(range(1, chains + 1))
    assert all(a.seq == 0 for a in read if a.chain != 1)


def test_an_existing_file_keeps_its_content(tmp_path: Path) -> None:
    """O_APPEND: even a file the anchor did not write is only ever added to."""
    anchors = tmp_path / "anchors.log"
    anchors.write_text("")
    _log(1)
    call_command("audit", "anchor", "--anchor-file", str(anchors))
    before = anchors.read_text()
    call_command("audit", "anchor", "--anchor-file", str(anchors))
    assert anchors.read_text().startswith(before)
    assert verify_trail(path=anchors).anchors_checked == 2 * _chains()


def test_a_broken_chain_is_not_anchored(tmp_path: Path, db_admin) -> None:
    anchors = tmp_path / "anchors.log"
    _log(2)
    db_admin("UPDATE audit_auditentry SET data = %s WHERE seq = 1", ['{"i": 9}'])
    with pytest.raises(CommandError, match="broken at entry 1/1: details changed; not anchored"):
        call_command("audit", "anchor", "--anchor-file", str(anchors))
    assert not anchors.exists()


def test_verify_counts_the_anchors_and_warns_without_a_file(tmp_path: Path, capsys) -> None:
    anchors = tmp_path / "anchors.log"
    _log(2)
    call_command("audit", "verify", "--anchor-file", str(anchors))
    captured = capsys.readouterr()
    assert "2 entries verified" in captured.out
    assert "No anchor file" in captured.err
    call_command("audit", "anchor", "--anchor-file", str(anchors))
    call_command("audit", "verify", "--anchor-file", str(anchors))
    assert f"{_chains()} anchors in" in capsys.readouterr().out


def test_a_line_that_is_not_an_anchor_fails_verify(tmp_path: Path) -> None:
    anchors = tmp_path / "anchors.log"
    _log(1)
    call_command("audit", "anchor", "--anchor-file", str(anchors))
    with anchors.open("a") as handle:
        handle.write("lotse-audit-anchor seq=1 entry_hash=forged\n")
    with pytest.raises(CommandError, match=f"lines that are not anchors: {_chains() + 1}"):
        call_command("audit", "verify", "--anchor-file", str(anchors))


def test_anchor_goes_to_syslog_too(tmp_path: Path) -> None:
    receiver = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    receiver.bind(("127.0.0.1", 0))
    receiver.settimeout(5)
    port = receiver.getsockname()[1]
    _log(1)
    try:
        call_command(
            "audit",
            "anchor",
            "--anchor-file",
            str(tmp_path / "anchors.log"),
            "--syslog",
            "--syslog-address",
            f"127.0.0.1:{port}",
        )
        message = receiver.recv(4096).decode()
    finally:
        receiver.close()
    head = AuditEntry.objects.get(seq=1)
    assert "lotse-audit: lotse-audit-anchor chain=1 seq=1" in message
    assert head.entry_hash in message
    # A syslog copy (with its time/host prefix) is a valid anchor file for verify.
    copy = tmp_path / "from-syslog.log"
    copy.write_text(f"Dec  6 05:00:00 loghost {message.split('>', 1)[1]}\n")
    report = verify_trail(path=copy)
    assert report.ok and report.anchors_checked == 1, report
    assert read_anchors(copy)[0][0].anchored_at.endswith("+00:00")


def test_an_unreachable_syslog_fails_the_command(tmp_path: Path) -> None:
    _log(1)
    with pytest.raises(CommandError, match="syslog"):
        call_command(
            "audit",
            "anchor",
            "--anchor-file",
            str(tmp_path / "anchors.log"),
            "--syslog",
            "--syslog-address",
            str(tmp_path / "no-such-socket"),
        )


def test_anchor_lines_without_a_chain_name_chain_1(tmp_path: Path, db_admin) -> None:
    """Anchor files written before there were several chains stay valid and still catch a
    deletion at the end of chain 1."""
    _log(3)
    head = AuditEntry.objects.get(chain=1, seq=3)
    anchors = tmp_path / "anchors.log"
    anchors.write_text(
        f"lotse-audit-anchor seq=3 entry_hash={head.entry_hash} key_id={head.key_id} "
        f"entry_at={head.at.isoformat()} anchored_at=2026-12-01T03:00:00+00:00\n"
    )
    [anchor], unreadable = read_anchors(anchors)
    assert (anchor.chain, anchor.seq, unreadable) == (1, 3, [])
    assert verify_trail(path=anchors).ok
    second = AuditEntry.objects.get(chain=1, seq=2)
    db_admin("DELETE FROM audit_auditentry WHERE chain = 1 AND seq = 3", None)
    db_admin("UPDATE audit_chainhead SET seq = 2, last_hash = %s WHERE id = 1", [second.entry_hash])
    report = verify_trail(path=anchors)
    assert report.chain.ok and not report.ok
    assert (report.first_bad_chain, report.first_bad_seq) == (1, 3)
