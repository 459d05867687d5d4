"""The placeholder values of one letter: one dict of strings feeds the Word template (docxtpl)
and, through the rendered Word file, the PDF as well."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone

from lotse.appointments.models import Appointment, AppointmentStatus
from lotse.appointments.selectors import local_tz
from lotse.cases.models import Case
from lotse.cases.selectors import plan_current
from lotse.clients.models import Client
from lotse.documents.letterhead import letterhead_context
from lotse.documents.rendering import DOCUMENT_LANGUAGES, format_document_date
from lotse.network.models import Partner

from ..placeholders import BY_ARRANGEMENT, PLACEHOLDERS


def _date(value: date | None, language: str) -> str:
    if value is None:
        return ""
    return format_document_date(value, language if language in DOCUMENT_LANGUAGES else "de")


def _next_appointment(client: Client, appointment: Appointment | None) -> Appointment | None:
    if appointment is not None:
        return appointment
    return (
        Appointment.objects.filter(
            client=client, status=AppointmentStatus.BOOKED, starts_at__gte=timezone.now()
        )
        .order_by("starts_at")
        .first()
    )


def _appointment_text(appointment: Appointment | None, language: str) -> str:
    if appointment is None:
        return BY_ARRANGEMENT.get(language, BY_ARRANGEMENT["de"])
    local = appointment.starts_at.astimezone(local_tz())
    return f"{_date(local.date(), language)}, {local:%H:%M}"


def _current_case(client: Client) -> Case | None:
    return Case.objects.filter(client=client).exclude(phase="closed").order_by("-opened_on").first()


def _goals(case: Case | None) -> str:
    plan = plan_current(case) if case is not None else None
    if plan is None:
        return ""
    labels = [goal.label for goal in plan.goals.select_related("catalogue_goal")]
    return "\n".join(f"• {label}" for label in labels if label)


def letter_context(
    client: Client,
    user: Any,
    *,
    case: Case | None = None,
    partner: Partner | None = None,
    appointment: Appointment | None = None,
    language: str = "de",
    on: date | None = None,
) -> dict[str, str]:
    """Every documented placeholder (``placeholders.PLACEHOLDERS``) as a string.

    Dates in the letter language's numeric form (German 25.11.2026); the next appointment is
    the given one or the client's next booked one; the goals come from the current plan of
    ``case`` or of the client's open case.
    """
    centre = letterhead_context(client.team.service.centre)
    case = case if case is not None else _current_case(client)
    values = {
        "client_name": client.display_name,
        "client_address": (client.address or "").strip(),
        "file_number": client.file_number,
        "birth_date": _date(client.birth_date, language),
        "counsellor": str(getattr(user, "full_name", "") or user),
        "centre_name": centre["name"],
        "centre_address": centre["address"],
        "centre_city": centre["city"],
        "centre_phone": centre["phone"],
        "centre_email": centre["email"],
        "date": _date(on or timezone.localdate(), language),
        "next_appointment": _appointment_text(_next_appointment(client, appointment), language),
        "case_goals": _goals(case),
        "partner_name": partner.name if partner is not None else "",
        "partner_address": "\n".join(partner.address_lines) if partner is not None else "",
    }
    assert set(values) == set(PLACEHOLDERS)
    return values
