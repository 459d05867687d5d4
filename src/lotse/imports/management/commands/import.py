"""``lotse import``: a list of clients, counselling contacts or cases from XLSX or CSV into a
team, with the same dry run as the import page.

    lotse import liste.xlsx --team 3 --by teamleitung@example.org --dry-run
    lotse import kontakte.xlsx --kind contacts --team 3 --by teamleitung@example.org
    lotse import faelle.csv --kind cases --team 3 --by teamleitung@example.org
    lotse import liste.xlsx --team 3 --by teamleitung@example.org [--map 0=last_name ...]
    lotse import --undo RUN_ID

Without ``--dry-run`` the rows the check accepts are imported at once in this process (no
worker needed), in batches of 500; an interrupted import is resumed with ``--resume RUN_ID``.
The report lists row numbers and reasons, never a row's content.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lotse.accounts.models import User
from lotse.audit.context import acting_as, actor_for_user
from lotse.imports.models import ImportKind, ImportRun
from lotse.imports.services import (
    ImportFileError,
    ImportRefused,
    import_execute,
    import_remap,
    import_start,
    import_undo,
    import_upload,
)
from lotse.imports.services.mapping import FIELDS, KIND_FIELDS
from lotse.organisation.models import Team


class Command(BaseCommand):
    help = "Import clients, counselling contacts or cases from an Excel or CSV list."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", type=Path)
        parser.add_argument(
            "--kind",
            choices=ImportKind.values,
            default=ImportKind.CLIENTS,
            help="what the list holds: new client files (default), counselling contacts or "
            "cases for files already in Lotse",
        )
        parser.add_argument("--team", type=int, help="id of the team the clients belong to")
        parser.add_argument("--by", help="e-mail of the team lead the import is recorded for")
        parser.add_argument("--dry-run", action="store_true", help="check only, create nothing")
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="COLUMN=FIELD",
            help=f"assign a column (0 = first) to a field of the kind: {', '.join(FIELDS)}",
        )
        parser.add_argument("--resume", type=int, metavar="RUN_ID")
        parser.add_argument("--undo", type=int, metavar="RUN_ID")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["undo"] or options["resume"]:
            run = ImportRun.objects.filter(pk=options["undo"] or options["resume"]).first()
            if run is None:
                raise CommandError("No such import.")
            with acting_as(actor_for_user(run.uploaded_by)):
                try:
                    if options["undo"]:
                        deleted, kept = import_undo(run)
                        self.stdout.write(
                            f"Deleted {deleted} {self._what(run)}, kept {kept} worked on since."
                        )
                        return
                    import_start(run)
                    run = import_execute(run)
                except ImportRefused as error:
                    raise CommandError(str(error)) from error
            self.stdout.write(f"Import {run.pk}: {run.created} {self._what(run)} created.")
            return
        if not options["file"] or not options["team"] or not options["by"]:
            raise CommandError("FILE, --team and --by are needed.")
        team = Team.objects.select_related("service").filter(pk=options["team"]).first()
        user = User.objects.filter(email__iexact=options["by"]).first()
        if team is None or user is None:
            raise CommandError("Unknown team or user.")
        path: Path = options["file"]
        with acting_as(actor_for_user(user)):
            try:
                run = import_upload(
                    team=team,
                    by=user,
                    name=path.name,
                    data=path.read_bytes(),
                    kind=options["kind"],
                )
                if options["map"]:
                    run = import_remap(run, self._mapping(options["map"], options["kind"]))
            except (ImportFileError, ImportRefused) as error:
                raise CommandError(str(error)) from error
            self._report(run)
            if options["dry_run"]:
                self.stdout.write(f"Dry run only: import {run.pk} is kept to be started later.")
                return
            import_start(run)
            run = import_execute(run)
        self.stdout.write(
            self.style.SUCCESS(f"Import {run.pk}: {run.created} {self._what(run)} created.")
        )

    @staticmethod
    def _what(run: ImportRun) -> str:
        return {"contacts": "contacts", "cases": "cases"}.get(run.kind, "files")

    def _mapping(self, pairs: list[str], kind: str) -> dict[int, str]:
        mapping: dict[int, str] = {}
        fields = list(KIND_FIELDS[kind])
        for pair in pairs:
            column, _sep, code = pair.partition("=")
            if not column.isdigit() or code not in fields:
                raise CommandError(f"--map {pair}: COLUMN is a number, FIELD one of {fields}")
            mapping[int(column)] = code
        return mapping

    def _report(self, run: ImportRun) -> None:
        mapping = run.parsed().get("mapping", {})
        headers = run.parsed().get("headers", [])
        for column, header in enumerate(headers):
            self.stdout.write(f"  column {column} {header!r} -> {mapping.get(str(column), '-')}")
        for entry in run.report:
            if entry["outcome"] == "create":
                continue
            why = "; ".join(entry["reasons"]) or "duplicate of " + ", ".join(entry["refs"])
            self.stdout.write(f"  row {entry['row']}: {entry['outcome']}: {why}")
        self.stdout.write(
            f"{run.total} rows: {run.to_create} to create, {run.duplicates} duplicates, "
            f"{run.errors} with errors."
        )
