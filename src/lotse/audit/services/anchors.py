"""External anchors: the chain head, written daily to a place the database administrator cannot
rewrite (a file opened for appending on another machine or WORM storage, and/or syslog).

The keyed chain shows every change of an entry, but not that the newest entries were deleted
together with the chain head: the shorter chain is still valid. An anchor says "entry #N had
hash H" at a time; ``verify_trail`` checks that every anchored entry is still there with that
hash, so the chain can no longer silently end before the newest anchor.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.db.models import Max
from django.utils import timezone

from ..models import AuditEntry
from . import ChainReport, verify_chain

ANCHOR_PREFIX = "lotse-audit-anchor"
_ANCHOR_RE = re.compile(
    rf"^{ANCHOR_PREFIX} seq=(?P<seq>\d+) entry_hash=(?P<hash>[0-9a-f]{{64}}) "
    r"key_id=(?P<kid>[A-Za-z0-9_-]{0,16}) entry_at=(?P<entry_at>\S+) anchored_at=(?P<at>\S+)$"
)


class AnchorError(Exception):
    """The chain cannot be anchored (it does not verify) or an anchor cannot be written."""


@dataclass(frozen=True)
class Anchor:
    line_no: int
    seq: int
    entry_hash: str
    key_id: str
    anchored_at: str


@dataclass(frozen=True)
class TrailReport:
    chain: ChainReport
    anchor_file: Path
    anchor_file_found: bool
    anchors_checked: int
    first_bad_seq: int | None = None
    problem: str = ""

    @property
    def ok(self) -> bool:
        return self.first_bad_seq is None and not self.problem


def anchor_file() -> Path:
    return Path(settings.LOTSE_AUDIT_ANCHOR_FILE)


def anchor_line(entry: AuditEntry | None, now: datetime) -> str:
    seq, digest, kid, at = (
        (entry.seq, entry.entry_hash, entry.key_id, entry.at.isoformat())
        if entry is not None
        else (0, "0" * 64, "", "-")
    )
    return (
        f"{ANCHOR_PREFIX} seq={seq} entry_hash={digest} key_id={kid} entry_at={at} "
        f"anchored_at={now.isoformat()}"
    )


def append_line(path: Path, line: str) -> None:
    """Append one line and make it durable; existing lines are never rewritten."""
    path.parent.mkdir(parents=True, exist_ok=True)
    created = not path.exists()
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        os.write(fd, (line + "\n").encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)
    if created:
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


class _StrictSysLogHandler(logging.handlers.SysLogHandler):
    def handleError(self, record: logging.LogRecord) -> None:
        # A lost anchor must fail the command, not print a traceback and carry on.
        raise  # called from the except block of emit(): re-raises its exception


def syslog_address(value: str | None) -> str | tuple[str, int]:
    """``host:port`` (UDP) or a socket path; default /dev/log, else localhost:514."""
    if value:
        host, sep, port = value.rpartition(":")
        if sep and port.isdigit() and not value.startswith("/"):
            return host, int(port)
        return value
    return "/dev/log" if Path("/dev/log").exists() else ("localhost", 514)


def send_to_syslog(line: str, address: str | tuple[str, int]) -> None:
    try:
        handler = _StrictSysLogHandler(
            address=address, facility=logging.handlers.SysLogHandler.LOG_AUTH
        )
    except OSError as exc:
        raise AnchorError(f"syslog at {address!r} is not reachable: {exc}") from exc
    handler.ident = "lotse-audit: "
    handler.append_nul = False  # the line itself, so a syslog copy reads back as anchors
    try:
        record = logging.LogRecord(
            "lotse.audit.anchor", logging.INFO, __file__, 0, line, None, None
        )
        handler.handle(record)
    except OSError as exc:
        raise AnchorError(f"syslog at {address!r} refused the anchor: {exc}") from exc
    finally:
        handler.close()


def anchor_head(
    *, path: Path | None = None, syslog: str | tuple[str, int] | None = None
) -> tuple[str, ChainReport]:
    """Verify the chain and append its last verified entry as an anchor line.

    A chain that does not verify is not anchored: that would vouch for the tampered state.
    """
    report = verify_chain()
    if not report.ok:
        raise AnchorError(
            f"Audit chain broken at entry {report.first_bad_seq}: {report.problem}; not anchored."
        )
    entry = AuditEntry.objects.filter(seq=report.checked).first() if report.checked else None
    line = anchor_line(entry, timezone.now())
    append_line(path or anchor_file(), line)
    if syslog is not None:
        send_to_syslog(line, syslog)
    return line, report


def read_anchors(path: Path) -> tuple[list[Anchor], list[int]]:
    """The anchors of the file and the numbers of lines that are not anchors."""
    anchors: list[Anchor] = []
    unreadable: list[int] = []
    with path.open(encoding="utf-8", errors="replace") as handle:
        for line_no, raw in enumerate(handle, start=1):
            line = raw.strip()
            if not line:
                continue
            # syslog copies carry a prefix (time, host, ident): the anchor starts after it.
            start = line.find(ANCHOR_PREFIX)
            match = _ANCHOR_RE.match(line[start:]) if start >= 0 else None
            if match is None:
                unreadable.append(line_no)
                continue
            anchors.append(
                Anchor(
                    line_no,
                    int(match["seq"]),
                    match["hash"],
                    match["kid"],
                    match["at"],
                )
            )
    return anchors, unreadable


def _stored_hashes(seqs: list[int]) -> dict[int, str]:
    found: dict[int, str] = {}
    for start in range(0, len(seqs), 500):
        chunk = seqs[start : start + 500]
        found.update(AuditEntry.objects.filter(seq__in=chunk).values_list("seq", "entry_hash"))
    return found


def verify_trail(*, path: Path | None = None) -> TrailReport:
    """The whole chain, and every anchor against it; names the first broken entry."""
    path = path or anchor_file()
    chain = verify_chain()
    if not path.exists():
        return TrailReport(
            chain, path, False, 0, chain.first_bad_seq, chain.problem if not chain.ok else ""
        )
    try:
        anchors, unreadable = read_anchors(path)
    except OSError as exc:
        return TrailReport(chain, path, True, 0, chain.first_bad_seq, f"anchor file: {exc}")
    # (seq, problem): the smallest seq is the first broken entry.
    problems: list[tuple[int, str]] = []
    if not chain.ok and chain.first_bad_seq is not None:
        problems.append((chain.first_bad_seq, chain.problem))
    last_seq = AuditEntry.objects.aggregate(last=Max("seq"))["last"] or 0
    stored = _stored_hashes(sorted({a.seq for a in anchors if a.seq > 0}))
    for anchor in anchors:
        if anchor.seq == 0:
            continue
        if anchor.seq not in stored:
            first_missing = last_seq + 1 if anchor.seq > last_seq else anchor.seq
            problems.append(
                (
                    first_missing,
                    f"entries deleted: anchor line {anchor.line_no} ({anchor.anchored_at}) names "
                    f"entry {anchor.seq}, which is not in the database",
                )
            )
        elif stored[anchor.seq] != anchor.entry_hash:
            problems.append(
                (
                    anchor.seq,
                    f"entry rewritten: it differs from anchor line {anchor.line_no} "
                    f"({anchor.anchored_at})",
                )
            )
    if unreadable:
        lines = ", ".join(map(str, unreadable[:5]))
        problem = f"anchor file has lines that are not anchors: {lines}"
        if problems:
            seq, first = min(problems)
            problem = f"{first}; {problem}"
            return TrailReport(chain, path, True, len(anchors), seq, problem)
        return TrailReport(chain, path, True, len(anchors), None, problem)
    if problems:
        seq, problem = min(problems)
        return TrailReport(chain, path, True, len(anchors), seq, problem)
    return TrailReport(chain, path, True, len(anchors))
