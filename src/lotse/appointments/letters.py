"""The appointment letter (PDF in the person's language) and the iCalendar export."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.utils.translation import gettext as _

from lotse.documents.letterhead import letterhead_context
from lotse.documents.rendering import render_pdf

from .ics import CalendarEvent, calendar
from .models import Appointment, AppointmentStatus
from .selectors import local_tz

LETTER_TEMPLATE = "appointments/documents/letter.html"


def letter_context(*, appointment: Appointment, on: date) -> dict[str, Any]:
    centre = appointment.centre
    if appointment.client is not None:
        person = {
            "display_name": appointment.client.display_name,
            "file_number": appointment.client.file_number,
            "birth_date": None,
        }
    else:
        assert appointment.request is not None
        person = {
            "display_name": appointment.request.name,
            "file_number": appointment.request.reference,
            "birth_date": None,
        }
    local = appointment.starts_at.astimezone(local_tz())
    return {
        "centre": letterhead_context(centre),
        "client": person,
        "counsellor_name": appointment.counsellor.full_name,
        "date": on,
        "appointment": {
            "day": local.date(),
            "time": f"{local:%H:%M}",
            "end": f"{appointment.ends_at.astimezone(local_tz()):%H:%M}",
            "minutes": appointment.duration_minutes,
            "note": appointment.note,
            "cancelled": appointment.status == AppointmentStatus.CANCELLED,
        },
    }


def letter_pdf(*, appointment: Appointment, language: str, on: date) -> bytes:
    return render_pdf(
        template=LETTER_TEMPLATE,
        context=letter_context(appointment=appointment, on=on),
        language=language,
    )


def _summary(appointment: Appointment) -> str:
    if appointment.client is not None:
        who = appointment.client.file_number
    elif appointment.request is not None:
        who = appointment.request.reference
    else:
        who = ""
    label = _("Counselling appointment")
    return f"{label} {who}".strip()


def calendar_event(appointment: Appointment, *, url: str = "") -> CalendarEvent:
    centre = appointment.centre
    location = ", ".join(
        part for part in (centre.name, centre.street, f"{centre.postal_code} {centre.city}") if part
    )
    return CalendarEvent(
        uid=f"appointment-{appointment.pk}@lotse",
        starts_at=appointment.starts_at,
        ends_at=appointment.ends_at,
        summary=_summary(appointment),
        location=location.strip(),
        description=f"Lotse: {url}" if url else "",
        status="CANCELLED" if appointment.status == AppointmentStatus.CANCELLED else "CONFIRMED",
        sequence=max(appointment.version - 1, 0),
    )


def appointments_ics(
    appointments: list[tuple[Appointment, str]], *, now: datetime, name: str = ""
) -> str:
    return calendar(
        [calendar_event(appointment, url=url) for appointment, url in appointments],
        now=now,
        name=name,
    )
