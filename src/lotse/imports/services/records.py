"""What the contact and the case import share: rows that belong to an existing file.

A kind (``contacts``, ``cases``) is a ``RecordChecker``: it reads one row into what it
would create, or the reasons it cannot; the checker finds the row's file among the team's
files, the counsellor among the team's members, and reports a row that repeats a record
already in Lotse or an earlier row of the sheet as a duplicate. The dry run and every
batch of the import use the same checker, so nothing is created without a fresh check.
The undo deletes the records the run created that nobody has worked on since.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Hashable
from datetime import date
from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from lotse.accounts.models import User
from lotse.audit.signals import deletions_logged_together
from lotse.clients.services.last_contact import last_contact_deferred

from ..models import ImportedRecord, ImportRun
from .identify import ClientFinder, CounsellorFinder, NotFound
from .mapping import Sheet
from .reading import Cell
from .rows import DUPLICATE, ERROR, RowResult, cell_values, label, row_date


class RecordChecker(ABC):
    """Checks the rows of one sheet in order; remembers what it has seen for duplicates."""

    def __init__(self, run: ImportRun, sheet: Sheet, *, today: date) -> None:
        self.run, self.sheet, self.today = run, sheet, today
        self.finder = ClientFinder.of_team(run.team)
        self.counsellors = CounsellorFinder(run.team, run.uploaded_by)
        self.seen: dict[Hashable, str] = {}  # a record's key → its file number or "row n"
        for key, client_id in self.existing():
            self.seen.setdefault(key, self.finder.numbers.get(client_id, ""))

    @abstractmethod
    def existing(self) -> list[tuple[Hashable, int]]:
        """(key, client id) of the records of the team's files already in Lotse."""

    @abstractmethod
    def read(self, values: dict[str, Cell], result: RowResult, client_id: int) -> Hashable:
        """Read the row into ``result`` (reasons, or what to create); return its key."""

    @abstractmethod
    def create(self, numbers: list[int], cells: dict[int, list[Cell]]) -> int:
        """Create the records of these rows (checked again); return how many."""

    def check_sheet(self) -> list[RowResult]:
        return [self.check(number, cells) for number, cells in self.sheet.rows]

    def check(self, number: int, cells: list[Cell]) -> RowResult:
        result = RowResult(row=number)
        values = cell_values(cells, self.sheet, result)
        birth = None
        if values.get("birth_date") not in (None, ""):
            birth = self.day_of(values, "birth_date", result)
        client_id = None
        try:
            client_id = self.finder.find(values, birth)
        except NotFound as error:
            result.reasons.append(str(error))
        key = self.read(values, result, client_id or 0)
        if result.reasons or client_id is None:
            result.outcome, result.record = ERROR, None
            return result
        ref = self.seen.get(key)
        if ref is not None:
            result.outcome, result.refs, result.record = DUPLICATE, [ref], None
        else:
            self.seen[key] = _("row %(row)s") % {"row": number}
        return result

    def day_of(self, values: dict[str, Cell], code: str, result: RowResult) -> date | None:
        return row_date(values, code, result, today=self.today)

    def counsellor(self, values: dict[str, Cell], result: RowResult) -> User | None:
        try:
            return self.counsellors.find(values.get("counsellor"))
        except NotFound as error:
            result.reasons.append(f"{label('counsellor')}: {error}")
            return None

    def required(self, values: dict[str, Cell], code: str, result: RowResult) -> date | None:
        day = self.day_of(values, code, result)
        if day is None and values.get(code) in (None, ""):
            result.reasons.append(_("%(column)s is missing.") % {"column": label(code)})
        return day

    def planned(self, numbers: list[int], cells: dict[int, list[Cell]]) -> list[RowResult]:
        """The batch's rows checked again; only those still to create."""
        results = [self.check(number, cells[number]) for number in numbers]
        return [r for r in results if r.outcome == "create" and r.record is not None]


def undo_records(
    run: ImportRun, *, field: str, model: type[models.Model], own: tuple[type[Any], ...]
) -> tuple[int, int]:
    """Delete the ``field`` records (contacts or cases) of the run nobody worked on since:
    a version above the one the import left, or any row pointing at them beyond ``own``
    (a case's first phase and its closure). The deletes go through the model, so each is
    audited and the kept statistics learn of it. Returns (deleted, kept)."""
    made = dict(
        ImportedRecord.objects.filter(run=run, **{f"{field}__isnull": False}).values_list(
            f"{field}_id", "version"
        )
    )
    deleted = kept = 0
    ids = sorted(made)
    for chunk in (ids[i : i + 500] for i in range(0, len(ids), 500)):
        now = dict(model._base_manager.filter(pk__in=chunk).values_list("pk", "version"))
        worked = {pk for pk, version in now.items() if version != made[pk]}
        for relation in model._meta.related_objects:
            related = relation.related_model
            if related in (*own, ImportedRecord) or relation.many_to_many:
                continue
            name = relation.field.name
            worked.update(
                related._base_manager.filter(**{f"{name}__in": chunk}).values_list(name, flat=True)
            )
        free = [pk for pk in now if pk not in worked]
        with last_contact_deferred(), deletions_logged_together():
            model._base_manager.filter(pk__in=free).delete()
        deleted, kept = deleted + len(free), kept + len(worked & set(now))
    return deleted, kept
