"""Recording a client's residence permit (§D17). Every change is a new row: the history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotse.accounts.models import User
from lotse.common.errors import ConflictError, DomainError, StrOrPromise

from ..models import Client, ResidencePermit
from ..models.permit import BASIS_REQUIRED_KINDS, UNLIMITED_KINDS, PermitKind
from ..selectors.permits import current_permit

EARLIEST = date(1950, 1, 1)
# No German residence title is issued for longer; a later date is a typing error.
MAX_YEARS_AHEAD = 20


class PermitError(DomainError):
    """A rule refused the permit; ``field`` names the form field the message belongs to."""

    def __init__(self, message: StrOrPromise, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class PermitData:
    kind: str
    valid_from: date
    valid_until: date | None = None
    legal_basis: str = ""
    note: str = ""


def _years_ahead(today: date, years: int) -> date:
    try:
        return today.replace(year=today.year + years)
    except ValueError:  # 29 February
        return today.replace(year=today.year + years, day=28)


def permit_validate(data: PermitData, *, today: date | None = None) -> None:
    """Raise ``PermitError`` (with the field) if ``data`` cannot be a residence permit."""
    today = today or timezone.localdate()
    if data.kind not in PermitKind.values:
        raise PermitError(_("Please choose a kind of residence title."), "kind")
    if data.kind in BASIS_REQUIRED_KINDS and not data.legal_basis.strip():
        raise PermitError(
            _("Please enter the legal basis of the residence permit, e.g. § 25 Abs. 2 AufenthG."),
            "legal_basis",
        )
    latest = _years_ahead(today, MAX_YEARS_AHEAD)
    if data.valid_from < EARLIEST:
        raise PermitError(_("Please enter a date from 1950 onwards."), "valid_from")
    if data.valid_from > latest:
        raise PermitError(_("This date is too far in the future."), "valid_from")
    if data.valid_until is not None:
        if data.valid_until < EARLIEST:
            raise PermitError(_("Please enter a date from 1950 onwards."), "valid_until")
        if data.valid_until > latest:
            raise PermitError(
                _("A residence title is not valid for more than 20 years; please check the date."),
                "valid_until",
            )
        if data.valid_until <= data.valid_from:
            raise PermitError(
                _("The end of validity must be after its start."),
                "valid_until",
            )
        if data.kind in UNLIMITED_KINDS:
            raise PermitError(
                _("This residence title is unlimited: please leave 'valid until' empty."),
                "valid_until",
            )


@transaction.atomic
def permit_record(
    *,
    client: Client,
    data: PermitData,
    recorded_by: User,
    expected_current: int | None = None,
    today: date | None = None,
) -> ResidencePermit:
    """Record a new permit (or a change of the current one) as a new row of the history.

    ``expected_current`` is the current permit the form showed: if someone recorded another
    one in the meantime, saving is refused so that nobody replaces a change they did not see.
    """
    permit_validate(data, today=today)
    # Lock the client: two recordings at once are serialised and the check below holds.
    locked = Client.objects.select_for_update().get(pk=client.pk)
    current = current_permit(locked)
    if (current.pk if current else None) != expected_current:
        raise ConflictError(
            _(
                "Someone has recorded a residence status for this client in the meantime. "
                "Please check the history and save again if your entry is still needed."
            )
        )
    return ResidencePermit.objects.create(
        client=locked,
        kind=data.kind,
        legal_basis=data.legal_basis.strip(),
        valid_from=data.valid_from,
        valid_until=data.valid_until,
        note=data.note.strip(),
        recorded_by=recorded_by,
    )


def permits_erase(client: Client) -> int:
    """Erasure and retention: the permits go. Their kind is blanked with the other encrypted
    fields first; dates of a residence title without it serve no purpose any more."""
    deleted, _by_model = ResidencePermit.objects.filter(client=client).delete()
    return deleted
