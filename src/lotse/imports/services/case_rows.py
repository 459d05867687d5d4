"""Case management cases from a list (issue #18 §3): one row, one case of an existing file.

A row holds the file, the day the case was opened, optionally the counsellor, the phase,
and for a closed case the closing day, the reason and the livelihood at closure. Each case
is made through the case services (``case_open``, ``case_close``), so their rules hold and
each step is audited as on the case page: one case per file and service (a file with a
case is a duplicate: a case is reopened, not made twice), no day in the future, closed not
before opened, "goals reached" only after the sustainability check, the three-year limit of
MBE cases. The dry run checks the same rules beforehand with the case's pure state machine.

Only the start of the process can be imported: a later phase needs the assessment, the
support plan and the signed agreement recorded in Lotse, so an open case starts with the
assessment and the report says the phase was not taken over.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from lotse.accounts.models import User
from lotse.cases import phases
from lotse.cases.models import Case, Closure, PhaseChange
from lotse.cases.phases import CaseState, ClosureReason, Phase
from lotse.cases.services.case import LIMITED_SERVICES, case_close, case_open
from lotse.clients.models import Client
from lotse.common.errors import DomainError

from ..models import ImportedRecord, ImportRun
from .reading import Cell
from .record_values import parse_closure_reason, parse_livelihood, parse_phase
from .records import RecordChecker, undo_records
from .rows import RowResult, label


@dataclass(frozen=True)
class CaseRow:
    client_id: int
    counsellor: User
    opened_on: date
    closed_on: date | None
    reason: ClosureReason | None
    livelihood: str


class CaseChecker(RecordChecker):
    @property
    def service(self) -> str:
        return str(self.run.team.service.kind)

    def existing(self) -> list[tuple[Hashable, int]]:
        rows = Case.objects.filter(client_id__in=list(self.finder.numbers), service=self.service)
        return [(client, client) for client in rows.values_list("client_id", flat=True)]

    def read(self, values: dict[str, Cell], result: RowResult, client_id: int) -> Hashable:
        opened = self.required(values, "opened_on", result)
        closed = self.day_of(values, "closed_on", result)
        phase = None
        try:
            phase = parse_phase(values.get("phase"))
        except ValueError as error:
            result.reasons.append(f"{label('phase')}: {error}")
        reason, livelihood = None, ""
        if closed is None and phase == Phase.CLOSED and not result.reasons:
            result.reasons.append(_("The case is closed, but the closing date is missing."))
        elif closed is None and values.get("closure_reason") not in (None, ""):
            result.reasons.append(_("A reason for closing is given, but no closing date."))
        elif closed is not None:
            reason, livelihood = self._closure(values, result)
        elif phase not in (None, Phase.ASSESSMENT):
            result.notes.append(
                _(
                    "The phase is not taken over: the case starts with the assessment (the "
                    "later phases need the assessment, plan and agreement recorded in Lotse)."
                )
            )
        counsellor = self.counsellor(values, result)
        if opened is not None:
            self._dates(opened, closed, reason, result)
        if result.reasons or opened is None or counsellor is None:
            return None
        result.record = CaseRow(client_id, counsellor, opened, closed, reason, livelihood)
        return client_id

    def _closure(
        self, values: dict[str, Cell], result: RowResult
    ) -> tuple[ClosureReason | None, str]:
        reason, livelihood = None, ""
        try:
            reason = parse_closure_reason(values.get("closure_reason"))
        except ValueError as error:
            result.reasons.append(f"{label('closure_reason')}: {error}")
        try:
            livelihood = parse_livelihood(values.get("livelihood"))
        except ValueError as error:
            result.reasons.append(f"{label('livelihood')}: {error}")
        return reason, livelihood

    def _dates(
        self, opened: date, closed: date | None, reason: ClosureReason | None, result: RowResult
    ) -> None:
        """The case services' rules on the dates, checked before anything is made."""
        limit = phases.limit_date_for(opened_on=opened, limited=self.service in LIMITED_SERVICES)
        if closed is None:
            if limit is not None and limit < self.today:
                result.reasons.append(
                    _(
                        "The three-year limit of this case has passed: an open case cannot be "
                        "imported. Please give the closing date and the reason."
                    )
                )
            return
        if closed < opened:
            result.reasons.append(_("The case cannot be closed before it was opened."))
            return
        if reason is None:
            return
        try:
            phases.close(CaseState(phase=Phase.ASSESSMENT, limit_date=limit), reason, on=closed)
        except DomainError as error:
            if reason == ClosureReason.TIME_LIMIT:
                result.reasons.append(
                    _("The three-year limit was not yet reached on the closing date.")
                )
            else:
                result.reasons.append(str(error.args[0]) if error.args else str(error))

    def create(self, numbers: list[int], cells: dict[int, list[Cell]]) -> int:
        """Open (and close) each case through the case services, one by one."""
        planned = self.planned(numbers, cells)
        clients = Client.objects.select_related("team__service").in_bulk(
            [result.record.client_id for result in planned]
        )
        records = []
        for result in planned:
            row: CaseRow = result.record
            case = case_open(
                client=clients[row.client_id], counsellor=row.counsellor, opened_on=row.opened_on
            )
            if row.closed_on is not None and row.reason is not None:
                case_close(
                    case=case,
                    reason=row.reason.value,
                    livelihood=row.livelihood,
                    note="",
                    by=row.counsellor,
                    on=row.closed_on,
                    expected_version=case.version,
                )
                case.refresh_from_db(fields=["version"])
            records.append(
                ImportedRecord(run=self.run, case=case, version=case.version, row=result.row)
            )
        ImportedRecord.objects.bulk_create(records)
        return len(records)


def undo_cases(run: ImportRun) -> tuple[int, int]:
    return undo_records(run, field="case", model=Case, own=(PhaseChange, Closure))
