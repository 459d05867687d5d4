"""External anchors: the chain heads, written daily to a place the database administrator cannot
rewrite (a file opened for appending on another machine or WORM storage, and/or syslog).

The keyed chain shows every change of an entry, but not that the newest entries were deleted
together with the chain head: the shorter chain is still valid. An anchor says "entry #N of
chain K had hash H" at a time; ``verify_trail`` checks that every anchored entry is still there
with that hash, so no chain can silently end before its newest anchor. One anchor run writes
one line per chain, so every chain is covered. Lines written before there were several chains
carry no ``chain=`` and name chain 1.
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

from ..models import AuditEntry, ChainHead, entry_position
from . import ChainReport, chain_numbers, verify_chain

ANCHOR_PREFIX = "lotse-audit-anchor"
_ANCHOR_RE = re.compile(
    rf"^{ANCHOR_PREFIX} (?:chain=(?P<chain>\d+) )?"
    rf"seq=(?P<seq>\d+) entry_hash=(?P<hash>[0-9a-f]{{64}}) "
    r"key_id=(?P<kid>[A-Za-z0-9_-]{0,16}) entry_at=(?P<entry_at>\S+) anchored_at=(?P<at>\S+)$"
)


class AnchorError(Exception):
    """The chain cannot be anchored (it does not verify) or an anchor cannot be written."""


@dataclass(frozen=True)
class Anchor:
    line_no: int
    chain: int
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
    first_bad_chain: int | None = None

    @property
    def ok(self) -> bool:
        return self.first_bad_seq is None and not self.problem

    @property
    def first_bad(self) -> str | None:
        """The first broken place as ``chain/seq``, e.g. ``3/127``."""
        if self.first_bad_seq is None:
            return None
        return entry_position(self.first_bad_chain or 1, self.first_bad_seq)


def anchor_file() -> Path:
    return Path(settings.LOTSE_AUDIT_ANCHOR_FILE)


def anchor_line(chain: int, entry: AuditEntry | None, now: datetime) -> str:
    seq, digest, kid, at = (
        (entry.seq, entry.entry_hash, entry.key_id, entry.at.isoformat())
        if entry is not None
        else (0, "0" * 64, "", "-")
    )
    return (
        f"{ANCHOR_PREFIX} chain={chain} seq={seq} entry_hash={digest} key_id={kid} "
        f"entry_at={at} anchored_at={now.isoformat()}"
    )


def append_line(path: Path, line: str) -> None:
    """Append one line (or several, joined by newlines) and make it durable; existing lines
    are never rewritten."""
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
    """Verify every chain and append each chain's head as an anchor line (one per chain, all
    with the same time, written together); returns the lines joined by newlines.

    A chain that does not verify is not anchored: that would vouch for the tampered state.
    The heads are read after verifying: entries written meanwhile are anchored too, and they
    were verified by nobody yet — the next ``verify`` checks them against these lines.
    """
    report = verify_chain()
    if not report.ok:
        raise AnchorError(
            f"Audit chain broken at entry {report.first_bad}: {report.problem}; not anchored."
        )
    now = timezone.now()
    lines = []
    for chain in chain_numbers():
        entry = AuditEntry.objects.filter(chain=chain).order_by("-seq").first()
        lines.append(anchor_line(chain, entry, now))
    text = "\n".join(lines)
    append_line(path or anchor_file(), text)
    if syslog is not None:
        for line in lines:
            send_to_syslog(line, syslog)
    return text, report


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
                    int(match["chain"] or 1),
                    int(match["seq"]),
                    match["hash"],
                    match["kid"],
                    match["at"],
                )
            )
    return anchors, unreadable


def _stored_hashes(places: set[tuple[int, int]]) -> dict[tuple[int, int], str]:
    """The entry hash of every anchored (chain, seq) still in the database."""
    found: dict[tuple[int, int], str] = {}
    for chain in sorted({chain for chain, _ in places}):
        seqs = sorted(seq for c, seq in places if c == chain)
        for start in range(0, len(seqs), 500):
            rows = AuditEntry.objects.filter(chain=chain, seq__in=seqs[start : start + 500])
            for seq, digest in rows.values_list("seq", "entry_hash"):
                found[(chain, seq)] = digest
    return found


def _last_seqs() -> dict[int, int]:
    """Each chain's last seq as the entries show it (not the head, which could be reset)."""
    rows = AuditEntry.objects.order_by().values("chain").annotate(last=Max("seq"))
    last = {int(row["chain"]): int(row["last"]) for row in rows}
    for chain in ChainHead.objects.values_list("pk", flat=True):
        last.setdefault(chain, 0)
    return last


def verify_trail(*, path: Path | None = None) -> TrailReport:
    """Every chain, and every anchor against it; names the first broken entry."""
    path = path or anchor_file()
    chain = verify_chain()
    bad_chain = chain.first_bad_chain
    if not path.exists():
        return TrailReport(
            chain,
            path,
            False,
            0,
            chain.first_bad_seq,
            chain.problem if not chain.ok else "",
            bad_chain,
        )
    try:
        anchors, unreadable = read_anchors(path)
    except OSError as exc:
        return TrailReport(
            chain, path, True, 0, chain.first_bad_seq, f"anchor file: {exc}", bad_chain
        )
    # (chain, seq, problem): the smallest is the first broken entry.
    problems: list[tuple[int, int, str]] = []
    if not chain.ok and chain.first_bad_seq is not None:
        problems.append((chain.first_bad_chain or 1, chain.first_bad_seq, chain.problem))
    last_seqs = _last_seqs()
    stored = _stored_hashes({(a.chain, a.seq) for a in anchors if a.seq > 0})
    for anchor in anchors:
        if anchor.seq == 0:
            continue
        place = entry_position(anchor.chain, anchor.seq)
        if (anchor.chain, anchor.seq) not in stored:
            last_seq = last_seqs.get(anchor.chain, 0)
            first_missing = last_seq + 1 if anchor.seq > last_seq else anchor.seq
            problems.append(
                (
                    anchor.chain,
                    first_missing,
                    f"entries deleted: anchor line {anchor.line_no} ({anchor.anchored_at}) names "
                    f"entry {place}, which is not in the database",
                )
            )
        elif stored[(anchor.chain, anchor.seq)] != anchor.entry_hash:
            problems.append(
                (
                    anchor.chain,
                    anchor.seq,
                    f"entry rewritten: {place} differs from anchor line {anchor.line_no} "
                    f"({anchor.anchored_at})",
                )
            )
    if unreadable:
        lines = ", ".join(map(str, unreadable[:5]))
        problem = f"anchor file has lines that are not anchors: {lines}"
        if problems:
            bad, seq, first = min(problems)
            return TrailReport(chain, path, True, len(anchors), seq, f"{first}; {problem}", bad)
        return TrailReport(chain, path, True, len(anchors), None, problem)
    if problems:
        bad, seq, problem = min(problems)
        return TrailReport(chain, path, True, len(anchors), seq, problem, bad)
    return TrailReport(chain, path, True, len(anchors))
