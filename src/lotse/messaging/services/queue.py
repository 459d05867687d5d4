"""Queueing confirmations and reminders for appointments (called by the booking service)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from lotse.appointments.models import Appointment, AppointmentStatus

from ..models import Channel, ContactPreference, Kind, OutgoingMessage, State
from ..texts import compose
from .preferences import cancel_queued


def _preference(appointment: Appointment) -> ContactPreference | None:
    if appointment.client_id is None:
        return None
    preference = ContactPreference.objects.filter(client_id=appointment.client_id).first()
    if preference is None or not preference.allows_sending:
        return None
    return preference


def _recipient(appointment: Appointment, channel: str) -> str:
    client = appointment.client
    if client is None or client.anonymised_at is not None:
        return ""
    return str(client.email if channel == Channel.EMAIL else client.phone).strip()


def _queue(
    appointment: Appointment, preference: ContactPreference, kind: str, send_after: datetime
) -> OutgoingMessage | None:
    recipient = _recipient(appointment, preference.channel)
    if not recipient:
        return None
    _subject, text = compose(
        kind=kind,
        language=preference.language,
        centre=appointment.centre,
        starts_at=appointment.starts_at,
    )
    assert appointment.client is not None  # _preference checked it
    return OutgoingMessage.objects.create(
        client=appointment.client,
        appointment=appointment,
        kind=kind,
        channel=preference.channel,
        language=preference.language,
        recipient=recipient,
        text=text,
        send_after=send_after,
    )


def reminder_time(appointment: Appointment) -> datetime:
    return appointment.starts_at - timedelta(hours=settings.LOTSE_REMINDER_HOURS)


def messages_for_booking(appointment: Appointment) -> list[OutgoingMessage]:
    """A confirmation now and a reminder ``LOTSE_REMINDER_HOURS`` before, when the client
    agreed to e-mail or SMS; nothing otherwise (no consent, no address, a public request)."""
    preference = _preference(appointment)
    if preference is None:
        return []
    now = timezone.now()
    queued = [_queue(appointment, preference, Kind.CONFIRMATION, now)]
    remind_at = reminder_time(appointment)
    if remind_at > now:
        queued.append(_queue(appointment, preference, Kind.REMINDER, remind_at))
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
    preference = _preference(appointment)
    remind_at = reminder_time(appointment)
    already = OutgoingMessage.objects.filter(
        appointment=appointment, kind=Kind.REMINDER, state=State.QUEUED
    ).exists()
    if preference is None or already or remind_at <= timezone.now():
        return 0
    return 1 if _queue(appointment, preference, Kind.REMINDER, remind_at) else 0


__all__ = ["cancel_queued", "messages_for_booking", "messages_for_status"]
