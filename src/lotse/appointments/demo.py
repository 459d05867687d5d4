"""Demo office hours (seed 001: Mon–Fri 09:00–15:00), a few public requests and appointments.

Only for the demo centre and only with ``lotse demo``; idempotent (nothing when the centre
already has office hours).
"""

from __future__ import annotations

from datetime import datetime, time
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from lotse.accounts.models import User
from lotse.clients.models import Client
from lotse.common.registry import demo_step

from .models import Appointment, AppointmentRequest, OfficeHours, SpamReason
from .selectors import local_tz

if TYPE_CHECKING:
    from lotse.demo.data import DemoContext

SEED_HOURS = [(day, time(9, 0), time(15, 0)) for day in range(5)]
DEMO_REQUESTS = [
    # (name, phone, email, language, service, concern, spam reason)
    ("Samira", "0151 2345678", "", "ar", "mbe", "Fragen zum Integrationskurs und zur Kita.", ""),
    ("Oksana K.", "", "oksana@example.invalid", "uk", "", "Anerkennung meines Diploms.", ""),
    ("Best offer", "", "promo@example.invalid", "en", "", "Cheap watches http://x", "honeypot"),
]


@demo_step("appointments", order=60)
def demo_appointments(context: DemoContext) -> dict[str, int]:
    centre = context.centre
    if OfficeHours.objects.filter(centre=centre).exists():
        return {"office_hours_created": 0}
    with transaction.atomic():
        for day, start, end in SEED_HOURS:
            OfficeHours.objects.create(centre=centre, weekday=day, starts_at=start, ends_at=end)
        for name, phone, email, language, service, concern, spam in DEMO_REQUESTS:
            AppointmentRequest.objects.create(
                centre=centre,
                service=service,
                name=name,
                phone=phone,
                email=email,
                language=language,
                page_language=language if language != "en" else "de",
                concern=concern,
                suspected_spam=bool(spam),
                spam_reason=SpamReason(spam) if spam else "",
            )
        counsellor = User.objects.filter(email__startswith="beratung1@").first()
        client = (
            Client.objects.filter(team=context.teams["mbe"]).order_by("pk").first()
            if counsellor is not None
            else None
        )
        booked = 0
        if counsellor is not None and client is not None:
            today = timezone.localdate()
            for hour in (10, 13):
                Appointment.objects.create(
                    centre=centre,
                    counsellor=counsellor,
                    client=client,
                    starts_at=datetime.combine(today, time(hour, 0), tzinfo=local_tz()),
                    language=client.document_language,
                    created_by=counsellor,
                )
                booked += 1
                client = (
                    Client.objects.filter(team=context.teams["mbe"], pk__gt=client.pk)
                    .order_by("pk")
                    .first()
                ) or client
    return {"office_hours_created": len(SEED_HOURS), "appointments_created": booked}
