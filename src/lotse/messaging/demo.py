"""Demo rows: a few clients with SMS or e-mail consent and their messages (``lotse demo``)."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.utils import timezone

from lotse.appointments.models import Appointment, AppointmentStatus
from lotse.common.registry import demo_step

from .models import MAX_ATTEMPTS, ContactPreference, OutgoingMessage, State
from .services import PreferenceData, messages_for_booking, preference_set
from .texts import LANGUAGES

if TYPE_CHECKING:
    from lotse.demo.data import DemoContext


@demo_step("messaging", order=62)
def demo_messaging(context: DemoContext) -> dict[str, int]:
    """After the appointments: consent for the clients of up to six booked appointments,
    their confirmations and reminders queued, one SMS given up (the dashboard panel)."""
    if ContactPreference.objects.exists():
        return {"preferences_created": 0, "messages_queued": 0}
    upcoming = list(
        Appointment.objects.filter(
            client__isnull=False,
            client__anonymised_at__isnull=True,
            status=AppointmentStatus.BOOKED,
            starts_at__gt=timezone.now(),
        )
        .select_related("client", "centre", "created_by")
        .order_by("starts_at")[:6]
    )
    preferences = queued = 0
    seen: set[int] = set()
    for i, appointment in enumerate(upcoming):
        client = appointment.client
        if client is None or client.pk in seen:
            continue
        seen.add(client.pk)
        channel = "sms" if i % 2 == 0 else "email"
        if channel == "sms" and not client.phone:
            client.phone = f"+49 151 {context.rng.randint(1000000, 9999999)}"
            client.save()
        if channel == "email" and not client.email:
            client.email = f"person{client.pk}@example.invalid"
            client.save()
        language = client.document_language if client.document_language in LANGUAGES else "de"
        preference_set(
            client=client,
            data=PreferenceData.one(
                channel,
                "appointments",
                timezone.localdate() - timedelta(days=context.rng.randint(1, 60)),
                language,
            ),
            by=appointment.created_by,
        )
        preferences += 1
        queued += len(messages_for_booking(appointment))
    given_up = OutgoingMessage.objects.filter(channel="sms", state=State.QUEUED).first()
    if given_up is not None:
        given_up.state = State.FAILED
        given_up.attempts = MAX_ATTEMPTS
        given_up.failure_reason = "sms_unreachable"
        given_up.save()
    return {"preferences_created": preferences, "messages_queued": queued}
