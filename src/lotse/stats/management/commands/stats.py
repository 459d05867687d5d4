"""``lotse stats``: anonymised, signed statistics bundles and the keys that sign them.

    lotse stats export --from 2025-01-01 --to 2025-12-31 --out centre.json [--centre ID]
    lotse stats merge a.json b.json … --out provider.json [--unit-id ID] [--level LEVEL]
    lotse stats keygen --public-out centre-key.json [--label ID] [--env-file FILE]
    lotse stats trust centre-key.json [--label TEXT]   |   lotse stats trust --withdraw KEY_ID
    lotse stats keys
    lotse stats rebuild [--from-year YEAR]   |   lotse stats refresh

Exports are of one counselling centre (its pseudonymous statistics id), for a calendar month,
quarter, half year or year; a centre too small to publish on its own is folded into its
provider. Higher levels are made by merging, never computed afresh from the database
(docs/statistics-bundle.md says why). Every bundle written is signed.
"""

from __future__ import annotations

import argparse
import json
import os
from datetime import date, datetime
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lotse.audit.context import Actor, acting_as
from lotse.organisation.models import Centre
from lotse.stats.bundle import LEVELS, BundleError, dump, load
from lotse.stats.materialised import rebuild, refresh_stale
from lotse.stats.merge import merge
from lotse.stats.models import TrustedKey
from lotse.stats.periods import PeriodNotPublishable, published_period
from lotse.stats.selectors.base import Period
from lotse.stats.services import bundle_exported, centre_bundle
from lotse.stats.signing import (
    SETTING,
    generate,
    key_id,
    own_public_key,
    public_key_document,
    sign,
)
from lotse.stats.trust import read_key_document, trust_key, withdraw_key

KEY_HEADER = (
    "# Lotse statistics signing key (private). Keep it with the other secrets; whoever holds\n"
    "# it can sign bundles in this installation's name.\n"
)


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
        keygen = commands.add_parser("keygen", help="create this installation's signing key")
        keygen.add_argument("--public-out", type=Path, required=True, help="public key file")
        keygen.add_argument("--label", default="", help="whose key, e.g. the statistics id")
        keygen.add_argument(
            "--env-file",
            type=Path,
            help="write LOTSE_STATS_SIGNING_KEY to this new file (mode 0600) instead of printing",
        )
        trust = commands.add_parser("trust", help="accept bundles signed by a public key")
        trust.add_argument("key_file", type=Path, nargs="?")
        trust.add_argument("--label", default="")
        trust.add_argument("--withdraw", metavar="KEY_ID", help="stop trusting this key")
        commands.add_parser("keys", help="list the trusted keys and this installation's key")
        rebuild = commands.add_parser(
            "rebuild", help="count every calendar period of every team again from the records"
        )
        rebuild.add_argument("--from-year", type=int, help="default: the year of the first record")
        commands.add_parser("refresh", help="count the kept periods that are out of date")

    def handle(self, *args: Any, **options: Any) -> None:
        actions = {
            "export": self.export,
            "merge": self.merge,
            "keygen": self.keygen,
            "trust": self.trust,
            "keys": self.keys,
            "rebuild": self.rebuild,
            "refresh": self.refresh,
        }
        try:
            actions[options["action"]](options)
        except BundleError as error:
            raise CommandError(str(error)) from None

    def export(self, options: dict[str, Any]) -> None:
        start, end = options["start"], options["end"]
        if end < start:
            raise CommandError("--to lies before --from.")
        try:
            published_period(start, end)
        except PeriodNotPublishable as error:
            raise CommandError(str(error)) from None
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
        unit = bundle["unit"]
        if unit["level"] != "centre":
            self.stdout.write(
                f"Centre {found[0].statistics_id} had fewer than k clients, or a centre of the "
                f"same provider had: folded into {unit['level']} {unit['id']} "
                f"({', '.join(bundle['sources'])})."
            )
        self.stdout.write(
            f"{options['out']}: {unit['level']} {unit['id']}, {start} to {end}, "
            f"{len(bundle['tables'])} tables, k={bundle['suppression']['min_cell']}, "
            f"signed by {bundle['signature']['key_id']}"
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
        bundle = sign(result.bundle)
        write(options["out"], dump(bundle))
        self.stdout.write(
            f"{options['out']}: {bundle['unit']['level']} {bundle['unit']['id']} from "
            f"{len(paths)} bundles ({len(bundle['sources'])} centres), "
            f"signed by {bundle['signature']['key_id']}"
        )

    def keygen(self, options: dict[str, Any]) -> None:
        private, public = generate()
        document = public_key_document(public, label=options["label"])
        line = f"{SETTING}={private}\n"
        env_file: Path | None = options["env_file"]
        if env_file is not None:
            try:
                fd = os.open(env_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                raise CommandError(f"{env_file} exists; left unchanged, no key made.") from None
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(KEY_HEADER + line)
        write(options["public_out"], json.dumps(document, indent=1) + "\n")
        if env_file is None:
            self.stdout.write(KEY_HEADER + line, ending="")
        else:
            self.stdout.write(f"Private key written to {env_file}.")
        self.stdout.write(
            f"Public key {document['key_id']} written to {options['public_out']}: send it to "
            "the next level, and tell them the key id by another channel (telephone)."
        )

    def trust(self, options: dict[str, Any]) -> None:
        if options["withdraw"]:
            with acting_as(Actor(None, "system:stats-trust")):
                stored = withdraw_key(kid=options["withdraw"])
            self.stdout.write(f"Key {stored.key_id} ({stored.label}) withdrawn.")
            return
        path: Path | None = options["key_file"]
        if path is None:
            raise CommandError("Name the public key file, or --withdraw KEY_ID.")
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {path}: {error}") from None
        with acting_as(Actor(None, "system:stats-trust")):
            stored = trust_key(document=read_key_document(text), label=options["label"])
        self.stdout.write(f"Trusted key {stored.key_id} ({stored.label or 'no label'}).")

    def keys(self, options: dict[str, Any]) -> None:
        own = own_public_key()
        self.stdout.write(f"own signing key: {key_id(own) if own else 'none configured'}")
        for row in TrustedKey.objects.all():
            state = f"withdrawn {row.withdrawn_at:%Y-%m-%d}" if row.withdrawn_at else "trusted"
            self.stdout.write(f"{row.key_id}  {state}  {row.label}")

    def rebuild(self, options: dict[str, Any]) -> None:
        kept = rebuild(first_year=options["from_year"])
        self.stdout.write(f"{kept} team periods counted and kept.")

    def refresh(self, options: dict[str, Any]) -> None:
        done = refresh_stale()
        self.stdout.write(f"{done} out-of-date team periods counted again.")
