"""Writes: public requests, booking, no-shows and office hours."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotse.accounts.models import User
from lotse.audit.services import log_action
from lotse.clients.models import Client
from lotse.common.errors import DomainError
from lotse.common.services.versioning import claim_version
from lotse.messaging.services import messages_for_booking, messages_for_status
from lotse.organisation.models import Centre

from .. import conf
from ..models import (
    BLOCKING_STATUSES,
    Appointment,
    AppointmentRequest,
    AppointmentStatus,
    OfficeHours,
    RequestStatus,
)
from ..selectors import (
    booked_intervals,
    counsellors_of_centre,
    day_bounds,
    local_tz,
    weekly_periods,
)
from ..slots import WeeklyPeriod, bookable_slots

LETTER_LANGUAGES = ("de", "en", "ar", "fa", "tr", "fr", "ru", "uk")


@dataclass(frozen=True)
class RequestData:
    service: str
    name: str
    phone: str
    email: str
    language: str
    page_language: str
    concern: str


@transaction.atomic
def request_submit(
    *, centre: Centre, data: RequestData, spam_reason: str = ""
) -> AppointmentRequest:
    """Store a request from the public page; a suspected bot's request is kept, flagged."""
    if not (data.phone.strip() or data.email.strip()):
        raise DomainError(_("Please give a phone number or an e-mail address."))
    return AppointmentRequest.objects.create(
        centre=centre,
        service=data.service,
        name=data.name.strip(),
        phone=data.phone.strip(),
        email=data.email.strip(),
        language=data.language,
        page_language=data.page_language,
        concern=data.concern.strip(),
        suspected_spam=bool(spam_reason),
        spam_reason=spam_reason,
    )


# What a change that lost the race says (``message=`` of claim_version).
CHANGED_MEANWHILE = _("Someone else changed this entry in the meantime.")


@transaction.atomic
def request_set_status(
    *, request: AppointmentRequest, status: str, by: User, expected_version: int
) -> AppointmentRequest:
    if status not in RequestStatus.values:
        raise DomainError(_("Unknown status."))
    request.version = claim_version(
        AppointmentRequest, request.pk, expected_version, message=CHANGED_MEANWHILE
    )
    request.status = status
    request.handled_by = by
    request.save(update_fields=["status", "handled_by"])
    return request


@transaction.atomic
def request_release(
    *, request: AppointmentRequest, by: User, expected_version: int
) -> AppointmentRequest:
    """A suspected spam request was a real person after all: into the inbox with it."""
    if not request.suspected_spam:
        raise DomainError(_("This request is not marked as suspected spam."))
    request.version = claim_version(
        AppointmentRequest, request.pk, expected_version, message=CHANGED_MEANWHILE
    )
    request.suspected_spam = False
    request.handled_by = by
    request.save(update_fields=["suspected_spam", "handled_by"])
    log_action(
        action="appointment_request.released",
        obj=request,
        data={"reason": request.spam_reason},
    )
    return request


def _check_slot(*, centre: Centre, counsellor: User, starts_at: datetime, minutes: int) -> None:
    now = timezone.now()
    if starts_at <= now:
        raise DomainError(_("An appointment cannot be booked in the past."))
    if not counsellors_of_centre(centre).filter(pk=counsellor.pk).exists():
        raise DomainError(_("This person does not take appointments at this centre."))
    local = starts_at.astimezone(local_tz())
    start, end = day_bounds(local.date())
    free = bookable_slots(
        periods=weekly_periods(centre),
        booked=booked_intervals(counsellor, start, end),
        first_day=local.date(),
        days=1,
        minutes=minutes,
        tz=local_tz(),
        not_before=now,
    )
    if local not in free:
        raise DomainError(
            _("This time is not free: it is outside the office hours or already booked.")
        )


@transaction.atomic
def appointment_book(
    *,
    centre: Centre,
    counsellor: User,
    starts_at: datetime,
    by: User,
    client: Client | None = None,
    request: AppointmentRequest | None = None,
    language: str = "de",
    note: str = "",
) -> Appointment:
    """Book a free slot for a client or for a public request (which then counts as booked)."""
    if client is None and request is None:
        raise DomainError(_("An appointment needs a client or a request."))
    if language not in LETTER_LANGUAGES:
        raise DomainError(_("Unknown language for the letter."))
    minutes = conf.appointment_minutes()
    # Serialise bookings of one counsellor (an UPDATE takes the write lock on every database).
    User.objects.filter(pk=counsellor.pk).update(fte=F("fte"))
    _check_slot(centre=centre, counsellor=counsellor, starts_at=starts_at, minutes=minutes)
    if request is not None and client is None and request.client_id:
        client = request.client
    appointment = Appointment.objects.create(
        centre=centre,
        counsellor=counsellor,
        client=client,
        request=request,
        starts_at=starts_at,
        duration_minutes=minutes,
        language=language,
        note=note.strip(),
        created_by=by,
    )
    if request is not None:
        request.status = RequestStatus.BOOKED
        request.handled_by = by
        if client is not None and request.client_id is None:
            request.client = client
        request.version = F("version") + 1
        request.save(update_fields=["status", "handled_by", "client", "version"])
        request.refresh_from_db(fields=["version"])
    log_action(
        action="appointment.booked",
        obj=appointment,
        data={"from_request": request.pk if request is not None else None},
    )
    # Confirmation and reminder, only when the client agreed to e-mail or SMS (issue #18 §2).
    messages_for_booking(appointment)
    return appointment


@transaction.atomic
def appointment_set_status(
    *, appointment: Appointment, status: str, by: User, expected_version: int
) -> Appointment:
    """Record what happened: attended, did not come (no-show) or cancelled."""
    if status not in AppointmentStatus.values:
        raise DomainError(_("Unknown status."))
    if status in (AppointmentStatus.ATTENDED, AppointmentStatus.NO_SHOW) and (
        appointment.starts_at > timezone.now()
    ):
        raise DomainError(_("Whether the person came can only be recorded once the time is due."))
    appointment.version = claim_version(
        Appointment, appointment.pk, expected_version, message=CHANGED_MEANWHILE
    )
    previous = appointment.status
    appointment.status = status
    appointment.save(update_fields=["status"])
    if status == AppointmentStatus.NO_SHOW:
        log_action(action="appointment.no_show", obj=appointment, data={"previous": previous})
    # A cancelled appointment is not reminded of; one booked again is.
    messages_for_status(appointment)
    return appointment


def blocking(appointment: Appointment) -> bool:
    return appointment.status in BLOCKING_STATUSES


@transaction.atomic
def office_hours_replace(*, centre: Centre, periods: Iterable[WeeklyPeriod]) -> int:
    """Replace the centre's weekly office hours; overlapping periods on one day are refused."""
    periods = sorted(periods, key=lambda p: (p.weekday, p.start))
    for first, second in itertools.pairwise(periods):
        if first.weekday == second.weekday and second.start < first.end:
            raise DomainError(_("Two periods on the same day overlap."))
    OfficeHours.objects.filter(centre=centre).delete()
    for period in periods:
        OfficeHours.objects.create(
            centre=centre, weekday=period.weekday, starts_at=period.start, ends_at=period.end
        )
    log_action(action="office_hours.replaced", obj=centre, data={"periods": len(periods)})
    return len(periods)


def slot_length() -> timedelta:
    return timedelta(minutes=conf.appointment_minutes())
