"""Another counsellor for selected cases (issue #17 §3, the case working list).

Each case is handled in its own transaction, like the reassignment of files on the client
list: a refusal (no write access to the file, the colleague is not in the file's team, the
case is closed) or a conflict (somebody changed the case after the confirmation page was
shown) concerns only its row. A closed case keeps its counsellor: the statistics count its
work under the person who did it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from lotse.accounts.models import User
from lotse.clients.models import writable_client_q
from lotse.clients.services.worklist import RowOutcome, is_team_colleague
from lotse.common.errors import ConflictError, StrOrPromise

from ..models import Case
from .case import case_assign

REFUSED = _("You may not change this file.")
NOT_COLLEAGUE = _("The chosen person does not work in this file's team.")
CLOSED = _("This case is closed; its counsellor stays as recorded.")
ALREADY = _("The chosen person is already the counsellor of this case.")
CHANGED = _("Someone changed this case after the confirmation page was shown.")
DONE = _("Counsellor changed.")


@dataclass(frozen=True)
class ReassignRow:
    """One confirmed row: the case and the version the confirmation page showed."""

    case_id: int
    version: int


def writable_case(user: User, case_id: int) -> Case | None:
    """The case if ``user`` may change its file (with the file's number and team)."""
    return (
        Case.objects.filter(writable_client_q(user), pk=case_id)
        .select_related("client", "counsellor")
        .first()
    )


def reassign_refusal(case: Case, to: User) -> StrOrPromise | None:
    """Why ``to`` cannot become the counsellor of ``case`` (None: nothing stands against it).

    The same check for the confirmation page and the run."""
    if case.is_closed:
        return CLOSED
    if not is_team_colleague(to, case.client.team_id):
        return NOT_COLLEAGUE
    return None


def reassign_one(*, user: User, row: ReassignRow, to: User) -> RowOutcome:
    case = writable_case(user, row.case_id)
    if case is None:
        # Neither the file number nor whether the case exists: the user may not know them.
        return RowOutcome(0, "", False, REFUSED)
    client, label = case.client, case.get_service_display()

    def outcome(done: bool, message: StrOrPromise, *, skipped: bool = False) -> RowOutcome:
        return RowOutcome(client.pk, client.file_number, done, message, skipped, str(label))

    refusal = reassign_refusal(case, to)
    if refusal is not None:
        return outcome(False, refusal)
    if case.counsellor_id == to.pk:
        return outcome(False, ALREADY, skipped=True)
    try:
        case_assign(case=case, counsellor=to, expected_version=row.version, message=CHANGED)
    except ConflictError:
        return outcome(False, CHANGED)
    return outcome(True, DONE)


def bulk_reassign_cases(*, user: User, rows: list[ReassignRow], to: User) -> list[RowOutcome]:
    return [reassign_one(user=user, row=row, to=to) for row in rows]
