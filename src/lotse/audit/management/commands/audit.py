"""``lotse audit anchor`` and ``lotse audit verify``: the audit trail from the command line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lotse.audit.services.anchors import (
    AnchorError,
    TrailReport,
    anchor_file,
    anchor_head,
    syslog_address,
    verify_trail,
)


def add_verify_arguments(parser: CommandParser) -> None:
    parser.add_argument(
        "--anchor-file",
        type=Path,
        help="Anchor file to check against (default: LOTSE_AUDIT_ANCHOR_FILE), e.g. a copy "
        "fetched from the anchor host.",
    )


def run_verify(command: BaseCommand, anchor_path: Path | None) -> None:
    report: TrailReport = verify_trail(path=anchor_path)
    if not report.ok:
        where = f"at entry {report.first_bad}: " if report.first_bad is not None else ": "
        chain = (
            f"the chain verifies ({report.chain.checked} entries)"
            if report.chain.ok
            else f"{report.chain.checked} entries verified before the broken one"
        )
        raise CommandError(
            f"Audit chain broken {where}{report.problem} "
            f"({chain}; {report.anchors_checked} anchors in {report.anchor_file})."
        )
    command.stdout.write(
        f"Audit chain intact: {report.chain.checked} entries verified "
        f"in {report.chain.chains} chains."
    )
    if report.anchor_file_found:
        command.stdout.write(f"{report.anchors_checked} anchors in {report.anchor_file} match.")
    else:
        command.stderr.write(
            f"No anchor file at {report.anchor_file}: entries deleted at the end of the chain "
            "cannot be detected. Run `lotse audit anchor` daily (docs/operations.md)."
        )


class Command(BaseCommand):
    help = (
        "The audit trail. `anchor` verifies the chains and appends their heads to the anchor file "
        "(and syslog); `verify` checks every chain and every anchor, exits non-zero and "
        "names the first broken entry."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        anchor = sub.add_parser("anchor", help="Append the chain heads to the anchor file.")
        anchor.add_argument("--anchor-file", type=Path, help="Default: LOTSE_AUDIT_ANCHOR_FILE.")
        anchor.add_argument(
            "--syslog", action="store_true", help="Send the anchor line to syslog as well."
        )
        anchor.add_argument(
            "--syslog-address",
            help="host:port (UDP) or a socket path; default /dev/log (else localhost:514).",
        )
        verify = sub.add_parser("verify", help="Check the chain and every anchor.")
        add_verify_arguments(verify)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path | None = options.get("anchor_file")
        if options["subcommand"] == "verify":
            run_verify(self, path)
            return
        syslog = syslog_address(options["syslog_address"]) if options["syslog"] else None
        try:
            line, _ = anchor_head(path=path, syslog=syslog)
        except AnchorError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Anchored in {path or anchor_file()}:\n{line}")
