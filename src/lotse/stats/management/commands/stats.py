"""``lotse stats export`` and ``lotse stats merge``: anonymised statistics bundles.

    lotse stats export --from 2025-01-01 --to 2025-12-31 --out centre.json [--centre ID]
    lotse stats merge a.json b.json … --out provider.json [--unit-id ID] [--level LEVEL]

Exports are of one counselling centre (its pseudonymous statistics id); higher levels are made
by merging, never computed afresh from the database (docs/statistics-bundle.md says why).
"""

from __future__ import annotations

import argparse
from datetime import date, datetime
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lotse.audit.context import Actor, acting_as
from lotse.organisation.models import Centre
from lotse.stats.bundle import LEVELS, BundleError, dump, load
from lotse.stats.merge import merge
from lotse.stats.selectors.base import Period
from lotse.stats.services import bundle_exported, centre_bundle


def parse_date(value: str) -> date:
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD or DD.MM.YYYY): {value!r}")


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


class Command(BaseCommand):
    help = "Export a centre's anonymised statistics bundle, or merge bundles of one period."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True)
        export = commands.add_parser("export", help="write the bundle of one centre")
        export.add_argument("--from", dest="start", type=parse_date, required=True)
        export.add_argument("--to", dest="end", type=parse_date, required=True)
        export.add_argument("--out", type=Path, required=True)
        export.add_argument(
            "--centre", help="statistics id of the centre (needed when there are several)"
        )
        combine = commands.add_parser("merge", help="sum bundles into one of the next level")
        combine.add_argument("bundles", nargs="+", type=Path)
        combine.add_argument("--out", type=Path, required=True)
        combine.add_argument("--unit-id", help="id of the merged unit (default: derived)")
        combine.add_argument("--level", choices=LEVELS[1:], help="default: the next level")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["action"] == "export":
                self.export(options)
            else:
                self.merge(options)
        except BundleError as error:
            raise CommandError(str(error)) from None

    def export(self, options: dict[str, Any]) -> None:
        start, end = options["start"], options["end"]
        if end < start:
            raise CommandError("--to lies before --from.")
        centres = Centre.objects.all()
        if options["centre"]:
            centres = centres.filter(statistics_id=options["centre"])
        found = list(centres[:2])
        if not found:
            raise CommandError(f"No centre with statistics id {options['centre']!r}.")
        if len(found) > 1:
            ids = ", ".join(Centre.objects.values_list("statistics_id", flat=True))
            raise CommandError(f"There are several centres; choose one with --centre ({ids}).")
        with acting_as(Actor(None, "system:stats-export")):
            bundle = centre_bundle(centre=found[0], period=Period(start, end))
            write(options["out"], dump(bundle))
            bundle_exported(bundle=bundle, via="command")
        self.stdout.write(
            f"{options['out']}: centre {bundle['unit']['id']}, {start} to {end}, "
            f"{len(bundle['tables'])} tables, k={bundle['suppression']['min_cell']}"
        )

    def merge(self, options: dict[str, Any]) -> None:
        paths: list[Path] = options["bundles"]
        bundles = [load(path) for path in paths]
        result = merge(
            bundles,
            names=[p.name for p in paths],
            unit_id=options["unit_id"],
            level=options["level"],
        )
        for warning in result.warnings:
            self.stderr.write(f"warning: {warning}")
        write(options["out"], dump(result.bundle))
        bundle = result.bundle
        self.stdout.write(
            f"{options['out']}: {bundle['unit']['level']} {bundle['unit']['id']} from "
            f"{len(paths)} bundles ({len(bundle['sources'])} centres)"
        )
