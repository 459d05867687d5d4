"""`lotse audit anchor`: one line per run, appended, never rewritten; verify reads them back."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from lotse.audit.context import Actor
from lotse.audit.models import AuditEntry
from lotse.audit.services import log_action
from lotse.audit.services.anchors import read_anchors, verify_trail

pytestmark = pytest.mark.django_db


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
    assert content.startswith(first) and len(content.splitlines()) == 2
    head = AuditEntry.objects.get(seq=3)
    line = content.decode().splitlines()[1]
    assert f"seq=3 entry_hash={head.entry_hash} key_id={head.key_id} " in line
    assert "anchored_at=" in line
    assert [a.seq for a in read_anchors(anchors)[0]] == [2, 3]


def test_an_existing_file_keeps_its_content(tmp_path: Path) -> None:
    """O_APPEND: even a file the anchor did not write is only ever added to."""
    anchors = tmp_path / "anchors.log"
    anchors.write_text("")
    _log(1)
    call_command("audit", "anchor", "--anchor-file", str(anchors))
    before = anchors.read_text()
    call_command("audit", "anchor", "--anchor-file", str(anchors))
    assert anchors.read_text().startswith(before)
    assert verify_trail(path=anchors).anchors_checked == 2


def test_a_broken_chain_is_not_anchored(tmp_path: Path, db_admin) -> None:
    anchors = tmp_path / "anchors.log"
    _log(2)
    db_admin("UPDATE audit_auditentry SET data = %s WHERE seq = 1", ['{"i": 9}'])
    with pytest.raises(CommandError, match="broken at entry 1: details changed; not anchored"):
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
    assert "1 anchors in" in capsys.readouterr().out


def test_a_line_that_is_not_an_anchor_fails_verify(tmp_path: Path) -> None:
    anchors = tmp_path / "anchors.log"
    _log(1)
    call_command("audit", "anchor", "--anchor-file", str(anchors))
    with anchors.open("a") as handle:
        handle.write("lotse-audit-anchor seq=1 entry_hash=forged\n")
    with pytest.raises(CommandError, match="lines that are not anchors: 2"):
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
    assert "lotse-audit: lotse-audit-anchor seq=1" in message and head.entry_hash in message
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
