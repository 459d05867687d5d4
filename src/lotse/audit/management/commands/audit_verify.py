"""Kept for existing cron lines: the same as ``lotse audit verify``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from .audit import add_verify_arguments, run_verify


class Command(BaseCommand):
    help = (
        "Verify the audit chain and every anchor (same as `lotse audit verify`); exits non-zero "
        "at the first broken entry."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        add_verify_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        anchor_path: Path | None = options.get("anchor_file")
        run_verify(self, anchor_path)
