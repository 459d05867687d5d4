"""An import's life: upload and dry run, the import in batches, and the undo within 24 h.

Three kinds share this life (``ImportKind``): client files (below), counselling contacts
(``contact_rows``) and case management cases (``case_rows``) for files already in Lotse.

The import goes through ``clients_create_bulk``, the bulk twin of ``client_create`` (the same
checks, numbering, search tokens, encryption and one ``client.created`` audit entry per
file); a first contact becomes an ``Intake`` of that day, audited the same way, without an
eligibility decision (see ``_create_batch``). Each batch
of rows is one transaction together with the run's progress, so after a crash the import
resumes after the last finished batch and never creates a row twice.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lotse.accounts.models import User
from lotse.audit.services import log_action, log_actions
from lotse.audit.signals import created_entry
from lotse.clients.models import Client, ClientSearchToken, Intake, IntakeOutcome, Livelihood
from lotse.clients.models.intake import AccessChannel
from lotse.clients.selectors.duplicates import DuplicateIndex
from lotse.clients.services.clients import clients_create_bulk
from lotse.common.bulk_insert import insert_many
from lotse.common.errors import DomainError
from lotse.organisation.models import NO_CLIENT_SERVICES, Team
from lotse.stats.signals import bulk_written

from ..models import ImportedRecord, ImportKind, ImportRun, ImportState
from .case_rows import CaseChecker, undo_cases
from .contact_rows import ContactChecker, undo_contacts
from .mapping import Sheet, locate
from .reading import Cell, ImportFileError, read_table
from .records import RecordChecker
from .rows import CREATE, DUPLICATE, ERROR, check_row, check_sheet
from .values import parse_date

BATCH_SIZE = 500
UNDO_WINDOW = timedelta(hours=24)


class ImportRefused(DomainError):
    """The run is not in a state for this step (already imported, undone, too old …)."""


def _jsonable(cell: Cell) -> str | int | float | None:
    if isinstance(cell, datetime):
        return cell.date().isoformat()
    if isinstance(cell, date):
        return cell.isoformat()
    return cell


def import_upload(
    *, team: Team, by: User, name: str, data: bytes, kind: str = ImportKind.CLIENTS
) -> ImportRun:
    """Read the file and check every row (the dry run); nothing but the run is written.

    Raises ``ImportFileError`` for a file that cannot be read: then no run exists either.
    """
    if team.service.is_anonymous:
        raise ImportFileError(
            _("This team's clients are anonymous: a list with names cannot be imported.")
        )
    if kind == ImportKind.CASES and team.service.kind in NO_CLIENT_SERVICES:
        raise ImportFileError(_("This service does not work with individual cases."))
    if kind not in ImportKind.values:
        raise ImportFileError(_("Unknown kind of import."))
    sheet = locate(read_table(name, data), kind=kind)
    parsed = {
        "header_row": sheet.header_row,
        "headers": sheet.headers,
        "mapping": {str(column): code for column, code in sheet.mapping.items()},
        "rows": [[number, [_jsonable(c) for c in cells]] for number, cells in sheet.rows],
    }
    run = ImportRun.objects.create(
        team=team,
        kind=kind,
        uploaded_by=by,
        file_name=name[:200],
        file_hash=hashlib.sha256(data).hexdigest(),
        rows=json.dumps(parsed),
    )
    return import_dry_run(run)


def sheet_of(run: ImportRun) -> Sheet:
    parsed = run.parsed()
    return Sheet(
        header_row=parsed["header_row"],
        headers=parsed["headers"],
        mapping={int(column): code for column, code in parsed["mapping"].items()},
        rows=[(number, cells) for number, cells in parsed["rows"]],
    )


def import_remap(run: ImportRun, mapping: dict[int, str]) -> ImportRun:
    """Check again with the columns the team lead assigned (headers that were not guessed)."""
    if run.state != ImportState.CHECKED:
        raise ImportRefused(_("This import has already been started."))
    parsed = run.parsed()
    sheet = sheet_of(run)
    rows: list[tuple[int, list[Cell]]] = [(sheet.header_row, list(sheet.headers)), *sheet.rows]
    located = locate(rows, mapping, kind=run.kind)  # ImportFileError: no name column left
    parsed["mapping"] = {str(column): code for column, code in located.mapping.items()}
    run.rows = json.dumps(parsed)
    run.save(update_fields=["rows"])
    return import_dry_run(run)


def import_dry_run(run: ImportRun) -> ImportRun:
    today = timezone.localdate()
    if run.kind == ImportKind.CLIENTS:
        existing = DuplicateIndex.of_clients(Client.objects.filter(team=run.team))
        results = check_sheet(sheet_of(run), existing, today=today)
    else:
        results = checker_for(run, sheet_of(run), today=today).check_sheet()
    run.report = [result.report() for result in results]
    run.total = len(results)
    run.to_create = sum(1 for r in results if r.outcome == CREATE)
    run.duplicates = sum(1 for r in results if r.outcome == DUPLICATE)
    run.errors = sum(1 for r in results if r.outcome == ERROR)
    run.batches_total = -(-run.to_create // BATCH_SIZE)
    run.save(
        update_fields=[
            "report",
            "total",
            "to_create",
            "duplicates",
            "errors",
            "batches_total",
        ]
    )
    log_action(
        action="import.checked",
        obj=run,
        data={"rows": run.total, "create": run.to_create, "errors": run.errors},
    )
    return run


def import_start(run: ImportRun) -> ImportRun:
    """Mark the run queued (the view then enqueues the task): a checked run, or a failed one
    to resume after its last finished batch."""
    startable = (ImportState.CHECKED, ImportState.FAILED)
    updated = ImportRun.objects.filter(pk=run.pk, state__in=startable).update(
        state=ImportState.QUEUED
    )
    if not updated:
        raise ImportRefused(_("This import has already been started."))
    run.refresh_from_db()
    return run


def checker_for(run: ImportRun, sheet: Sheet, *, today: date) -> RecordChecker:
    """The checker of a contact or case import (the client import has its own rows)."""
    kind = CaseChecker if run.kind == ImportKind.CASES else ContactChecker
    return kind(run, sheet, today=today)


@dataclass
class _Context:
    run: ImportRun
    sheet: Sheet
    today: date
    checker: RecordChecker | None = field(default=None)


def import_execute(run: ImportRun, *, batch_size: int = BATCH_SIZE) -> ImportRun:
    """Create what the dry run said, a batch per transaction, from the last finished batch."""
    run.refresh_from_db()
    if not run.rows or run.state not in (
        ImportState.QUEUED,
        ImportState.IMPORTING,
        ImportState.FAILED,
    ):
        raise ImportRefused(_("This import is not waiting to be imported."))
    ImportRun.objects.filter(pk=run.pk).update(state=ImportState.IMPORTING, failure="")
    sheet = sheet_of(run)
    cells = dict(sheet.rows)
    planned = [entry["row"] for entry in run.report if entry["outcome"] == CREATE]
    context = _Context(run, sheet, timezone.localdate())
    batches = [planned[i : i + batch_size] for i in range(0, len(planned), batch_size)]
    run.batches_total = len(batches)
    for position in range(run.batches_done, len(batches)):
        try:
            with transaction.atomic():
                created = _create_batch(context, batches[position], cells)
                ImportRun.objects.filter(pk=run.pk).update(
                    batches_done=position + 1, created=run.created + created
                )
        except Exception:
            ImportRun.objects.filter(pk=run.pk).update(
                state=ImportState.FAILED,
                failure=_("Batch %(batch)d of %(total)d failed; the import can be resumed.")
                % {"batch": position + 1, "total": len(batches)},
            )
            raise
        run.batches_done, run.created = position + 1, run.created + created
    run.state = ImportState.DONE
    run.finished_at = timezone.now()
    run.rows = ""  # the sheet's content is not kept once it is in the client files
    run.save(
        update_fields=["state", "finished_at", "batches_total", "batches_done", "created", "rows"]
    )
    log_action(action="import.done", obj=run, data={"created": run.created})
    return run


def _create_batch(context: _Context, numbers: list[int], cells: dict[int, list[Cell]]) -> int:
    """Create the records of these rows: contacts or cases by their kind's checker."""
    if context.run.kind == ImportKind.CLIENTS:
        return _create_clients(context, numbers, cells)
    if context.checker is None:  # one per import: the team's files are loaded once
        context.checker = checker_for(context.run, context.sheet, today=context.today)
    return context.checker.create(numbers, cells)


def _create_clients(context: _Context, numbers: list[int], cells: dict[int, list[Cell]]) -> int:
    """Create the files of these rows (and their first contacts) with bulk statements."""
    team, run = context.run.team, context.run
    rows, items, contacts = [], [], []
    column = next((c for c, code in context.sheet.mapping.items() if code == "first_contact"), None)
    for number in numbers:
        result = check_row(number, cells[number], context.sheet, today=context.today)
        if result.data is None:
            continue  # changed since the dry run? Never created without a fresh check.
        row = cells[number]
        day = None
        if column is not None:
            day = parse_date(row[column] if column < len(row) else None, today=context.today)
        rows.append(number)
        items.append(result.data)
        contacts.append(day)
    clients = clients_create_bulk(team=team, items=items)
    insert_many(
        ImportedRecord(run=run, client=client, row=number)
        for client, number in zip(clients, rows, strict=True)
    )
    # A first contact of the past as the list records it: no eligibility decision is made
    # now from today's rule sets for a day years ago (the intake's own assessment would claim
    # one). How the person came is not in the lists: "in the centre".
    intakes = [
        Intake(
            client=client,
            service=team.service.kind,
            date=day,
            access_channel=AccessChannel.WALK_IN,
            residence=client.residence,
            livelihood=Livelihood.UNKNOWN,
            outcome=IntakeOutcome.COUNSELLING,
            counsellor=run.uploaded_by,
        )
        for client, day in zip(clients, contacts, strict=True)
        if day is not None
    ]
    insert_many(intakes)
    log_actions([created_entry(intake) for intake in intakes])
    # bulk_create sends no post_save: the kept statistics learn of the first contacts here.
    if intakes:
        bulk_written({team.pk}, min(intake.date for intake in intakes))
    return len(clients)


def undo_possible(run: ImportRun, *, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    return (
        run.state == ImportState.DONE
        and run.finished_at is not None
        and now - run.finished_at <= UNDO_WINDOW
    )


def _worked_on(ids: list[int]) -> set[int]:
    """The files among ``ids`` someone has added to or changed since the import created them:
    edited (version), merged, or holding any row that points at them beyond the import's own
    search tokens and one first contact. One query per related table, not per file."""
    worked = set(
        Client.objects.filter(pk__in=ids)
        .filter(Q(version__gt=1) | Q(merged_into__isnull=False))
        .values_list("pk", flat=True)
    )
    for relation in Client._meta.related_objects:
        model = relation.related_model
        if not relation.one_to_many or model in (ClientSearchToken, ImportedRecord):
            continue
        name = relation.field.name
        rows = model._base_manager.filter(**{f"{name}__in": ids})
        if model is Intake:  # the import's own first contact is no one's work
            rows = rows.values(name).annotate(n=Count("pk")).filter(n__gt=1)
        worked.update(rows.values_list(name, flat=True))
    for relation in Intake._meta.related_objects:  # a record made on the first contact
        if relation.one_to_many or relation.one_to_one:
            rows = relation.related_model._base_manager.filter(
                **{f"{relation.field.name}__client_id__in": ids}
            )
            worked.update(rows.values_list(f"{relation.field.name}__client_id", flat=True))
    return worked


def _delete_files(ids: list[int]) -> None:
    """Delete imported files nobody worked on, with their first contacts and search tokens,
    and write the ``deleted`` audit entries the signals would (in bulk, as they were made)."""
    clients = list(Client.objects.filter(pk__in=ids).only("pk", "file_number", "team_id"))
    intakes = list(Intake.objects.filter(client_id__in=ids).only("pk", "client_id", "date"))
    if intakes:  # raw deletes send no pre_delete: tell the kept statistics
        bulk_written({c.team_id for c in clients}, min(i.date for i in intakes))
    log_actions(
        [("intake.deleted", intake, {}) for intake in intakes]
        + [("client.deleted", client, {}) for client in clients]
    )
    Intake.problem_areas.through.objects.filter(intake_id__in=[i.pk for i in intakes]).delete()
    # Raw deletes: _worked_on() found nothing else pointing at these rows.
    Intake.objects.filter(pk__in=[i.pk for i in intakes])._raw_delete(Intake.objects.db)
    ClientSearchToken.objects.filter(client_id__in=ids)._raw_delete(Client.objects.db)
    ImportedRecord.objects.filter(client_id__in=ids)._raw_delete(Client.objects.db)
    Client.objects.filter(pk__in=ids)._raw_delete(Client.objects.db)


def _undo_clients(run: ImportRun) -> tuple[int, int]:
    deleted = kept = 0
    ids = list(run.records.values_list("client_id", flat=True))
    for chunk in (ids[i : i + BATCH_SIZE] for i in range(0, len(ids), BATCH_SIZE)):
        worked = _worked_on(chunk)
        free = [pk for pk in chunk if pk not in worked]
        _delete_files(free)
        deleted, kept = deleted + len(free), kept + len(worked)
    return deleted, kept


@transaction.atomic
def import_undo(run: ImportRun, *, now: datetime | None = None) -> tuple[int, int]:
    """Delete the files, contacts or cases the run created; what someone has worked on
    since stays.

    Returns (deleted, kept). Refused after 24 h or for a run that is not done.
    """
    run = ImportRun.objects.select_for_update().get(pk=run.pk)
    if not undo_possible(run, now=now):
        raise ImportRefused(_("This import can no longer be undone (only within 24 hours)."))
    if run.kind == ImportKind.CONTACTS:
        deleted, kept = undo_contacts(run)
    elif run.kind == ImportKind.CASES:
        deleted, kept = undo_cases(run)
    else:
        deleted, kept = _undo_clients(run)
    run.state = ImportState.UNDONE
    run.undone_at = now or timezone.now()
    run.undo_refused = kept
    run.rows = ""
    run.save(update_fields=["state", "undone_at", "undo_refused", "rows"])
    log_action(action="import.undone", obj=run, data={"deleted": deleted, "kept": kept})
    return deleted, kept


def import_rows_prune(*, now: datetime | None = None) -> int:
    """Empty the encrypted rows of dry runs nobody started within 24 h.

    A dry run that is never confirmed would otherwise keep a copy of the list for good. The
    run stays with its counts and report (row numbers and reasons only); it can no longer be
    started (``import_execute`` finds no rows and refuses).
    """
    before = (now or timezone.now()) - UNDO_WINDOW
    stale = ImportRun.objects.filter(state=ImportState.CHECKED, created_at__lt=before)
    return stale.update(rows="", state=ImportState.EXPIRED)
