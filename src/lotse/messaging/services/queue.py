"""Queueing confirmations and reminders for appointments (called by the booking service)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from lotse.appointments.models import Appointment, AppointmentStatus

from ..models import (
    SENDING_CHANNELS,
    Channel,
    ContactChannel,
    ContactPreference,
    Kind,
    OutgoingMessage,
    State,
)
from ..texts import compose
from .choice import pick_channel
from .preferences import cancel_queued


def _consent(appointment: Appointment) -> tuple[ContactPreference, list[ContactChannel]] | None:
    """The client's preference and consented channels (one query), or None."""
    if appointment.client_id is None:
        return None
    rows = list(
        ContactChannel.objects.filter(preference__client_id=appointment.client_id).select_related(
            "preference"
        )
    )
    if not rows:
        return None
    return rows[0].preference, rows


def _recipient(appointment: Appointment, channel: str) -> str:
    client = appointment.client
    if client is None or client.anonymised_at is not None:
        return ""
    return str(client.email if channel == Channel.EMAIL else client.phone).strip()


def _queue(
    appointment: Appointment,
    consent: tuple[ContactPreference, list[ContactChannel]],
    kind: str,
    send_after: datetime,
) -> OutgoingMessage | None:
    preference, rows = consent
    reachable = [c for c in SENDING_CHANNELS if _recipient(appointment, c)]
    channel = pick_channel(preference, rows, kind, reachable=reachable)
    if channel is None:
        return None
    _subject, text = compose(
        kind=kind,
        language=preference.language,
        centre=appointment.centre,
        starts_at=appointment.starts_at,
    )
    assert appointment.client is not None  # _consent checked it
    return OutgoingMessage.objects.create(
        client=appointment.client,
        appointment=appointment,
        kind=kind,
        channel=channel,
        language=preference.language,
        recipient=_recipient(appointment, channel),
        text=text,
        send_after=send_after,
    )


def reminder_time(appointment: Appointment) -> datetime:
    return appointment.starts_at - timedelta(hours=settings.LOTSE_REMINDER_HOURS)


def messages_for_booking(appointment: Appointment) -> list[OutgoingMessage]:
    """A confirmation now and a reminder ``LOTSE_REMINDER_HOURS`` before, each by the channel
    ``pick_channel`` chooses; nothing without consent, an address or a client (a public
    request)."""
    consent = _consent(appointment)
    if consent is None:
        return []
    now = timezone.now()
    queued = [_queue(appointment, consent, Kind.CONFIRMATION, now)]
    remind_at = reminder_time(appointment)
    if remind_at > now:
        queued.append(_queue(appointment, consent, Kind.REMINDER, remind_at))
    return [message for message in queued if message is not None]


def messages_for_status(appointment: Appointment) -> int:
    """After a status change: a cancelled (or past) appointment cancels its queued messages;
    one booked again gets its reminder back. How many messages changed."""
    if appointment.status != AppointmentStatus.BOOKED:
        queued = OutgoingMessage.objects.filter(appointment=appointment, state=State.QUEUED)
        count = 0
        for message in queued:
            message.state = State.CANCELLED
            message.failure_reason = "appointment_cancelled"
            message.save(update_fields=["state", "failure_reason"])
            count += 1
        return count
    consent = _consent(appointment)
    remind_at = reminder_time(appointment)
    already = OutgoingMessage.objects.filter(
        appointment=appointment, kind=Kind.REMINDER, state=State.QUEUED
    ).exists()
    if consent is None or already or remind_at <= timezone.now():
        return 0
    return 1 if _queue(appointment, consent, Kind.REMINDER, remind_at) else 0


__all__ = ["cancel_queued", "messages_for_booking", "messages_for_status"]
