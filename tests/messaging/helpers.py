"""Helpers of the messaging tests: a client with consent, an appointment."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from lotse.appointments.models import Appointment
from lotse.messaging.services import PreferenceData, preference_set

BERLIN = ZoneInfo("Europe/Berlin")


def consent(org, client, channel: str = "email", language: str = "de", by: str = "counsellor"):
    client.email = "person@example.invalid"
    client.phone = "+49 151 2345678"
    client.save()
    return preference_set(
        client=client,
        data=PreferenceData.one(
            channel, "appointments", date.today() - timedelta(days=1), language
        ),
        by=org.users[by],
    )


def appointment(org, client, *, days: int = 3, at: time = time(14, 30)) -> Appointment:
    day = timezone.localdate() + timedelta(days=days)
    return Appointment.objects.create(
        centre=org.centre,
        counsellor=org.users["counsellor"],
        client=client,
        starts_at=datetime.combine(day, at, tzinfo=BERLIN),
        created_by=org.users["counsellor"],
    )
