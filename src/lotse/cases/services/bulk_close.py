"""Closing the open cases of selected files with one reason (issue #17 §3, working lists).

Each file is handled in its own transaction through ``case_close``, so phases, closures
(the statistics read them) and the audit trail are written exactly as when one case is
closed by hand. The rows come from the client list (each file's oldest open case) or from
the case list (the chosen cases). A file without an open case is listed as such; a refusal
(no write access, the reason does not fit the case, somebody changed the file or the case
after the confirmation page was shown) concerns only its row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from lotse.accounts.models import User
from lotse.clients.models import Client
from lotse.clients.services.worklist import RowOutcome
from lotse.common.errors import ConflictError, DomainError

from .. import phases
from ..models import Case
from ..phases import ClosureReason
from ..selectors import case_state
from .case import case_close

NO_OPEN_CASE = _("no open case")
CASE_CLOSED = _("This case is already closed.")
CHANGED = _("Someone changed this file or its case after the confirmation page was shown.")
REFUSED = _("You may not change this file.")


@dataclass(frozen=True)
class CloseRow:
    """What the confirmation page showed for one file: its version and its open case."""

    client_id: int
    client_version: int
    case_id: int | None = None
    case_version: int | None = None

    def encode(self) -> str:
        case = "" if self.case_id is None else f"{self.case_id}:{self.case_version}"
        return f"{self.client_id}:{self.client_version}:{case}"

    @classmethod
    def decode(cls, value: str) -> CloseRow | None:
        parts = value.split(":")
        if len(parts) == 3 and parts[2] == "":
            parts = parts[:2]
        if len(parts) not in (2, 4) or not all(p.isdigit() and len(p) < 12 for p in parts):
            return None
        numbers = [int(p) for p in parts]
        if len(numbers) == 2:
            return cls(numbers[0], numbers[1])
        return cls(numbers[0], numbers[1], numbers[2], numbers[3])


def open_case_of(client: Client) -> Case | None:
    """The file's open case (at most one per service; the oldest if there are several)."""
    return Case.objects.filter(client=client).open().order_by("opened_on", "pk").first()


def close_refusal(case: Case, reason: str, on: date) -> Any:
    """Why ``case`` cannot be closed with ``reason`` today (shown on the confirmation page)."""
    try:
        phases.close(case_state(case), ClosureReason(reason), on=on)
    except ValueError:
        return _("Please choose the reason for closing.")
    except DomainError as error:
        return error.message
    return None


def close_one(
    *, user: User, row: CloseRow, reason: str, livelihood: str, note: str, on: date
) -> RowOutcome:
    client = Client.objects.writable_by(user).filter(pk=row.client_id).first()
    if client is None:
        return RowOutcome(row.client_id, "", False, REFUSED)
    try:
        with transaction.atomic():
            locked = Client.objects.select_for_update().get(pk=client.pk)
            if locked.version != row.client_version:
                raise ConflictError(CHANGED)
            if row.case_id is None:
                if open_case_of(locked) is not None:
                    raise ConflictError(CHANGED)  # a case was opened meanwhile
                return RowOutcome(client.pk, client.file_number, False, NO_OPEN_CASE, True)
            # The case the confirmation page named (the file's oldest open one, or the one
            # chosen on the case list), if it is still open.
            case = Case.objects.filter(client=locked, pk=row.case_id).open().first()
            if case is None:
                raise ConflictError(CHANGED)
            case_close(
                case=case,
                reason=reason,
                livelihood=livelihood,
                note=note,
                by=user,
                on=on,
                expected_version=row.case_version or 0,
            )
    except ConflictError:
        return RowOutcome(client.pk, client.file_number, False, CHANGED)
    except DomainError as error:
        return RowOutcome(client.pk, client.file_number, False, error.message)
    return RowOutcome(client.pk, client.file_number, True, _("Case closed."))


def bulk_close(
    *, user: User, rows: list[CloseRow], reason: str, livelihood: str, note: str, on: date
) -> list[RowOutcome]:
    return [
        close_one(user=user, row=row, reason=reason, livelihood=livelihood, note=note, on=on)
        for row in rows
    ]
