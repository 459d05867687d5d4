"""The retention categories Lotse ships. Other apps add theirs with ``retention_category``."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotse.appointments.models import AppointmentRequest
from lotse.audit.services import log_action, redact_object_entries
from lotse.clients.models import Client
from lotse.common.fields import EncryptedTextField
from lotse.volunteers.models import Volunteer

from .anonymise import anonymise_client
from .registry import RetentionCategory, retention_category


def _years_before(today: date, years: int) -> date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def clients_due(today: date) -> Iterable[Client]:
    """Closed files past the retention period, and files without any activity for one year
    longer than that (a file nobody closed is treated as closed after a year of silence)."""
    years = settings.LOTSE_RETENTION_YEARS
    closed_limit = _years_before(today, years)
    silent_limit = _years_before(today, years + 1)
    candidates = (
        Client.objects.filter(
            anonymised_at__isnull=True, legal_hold=False, merged_into__isnull=True
        )
        .annotate(last_contact=Max("contacts__date"), last_intake=Max("intakes__date"))
        .filter(
            Q(closed_on__lte=closed_limit)
            | Q(
                closed_on__isnull=True,
                created_at__date__lte=silent_limit,
            )
            & (Q(last_contact__isnull=True) | Q(last_contact__lte=silent_limit))
            & (Q(last_intake__isnull=True) | Q(last_intake__lte=silent_limit))
        )
        .order_by("pk")
    )
    return candidates


def describe_client(client: Client) -> str:
    closed = client.closed_on.isoformat() if client.closed_on else "-"
    return f"{client.file_number} (closed {closed})"


def shred_client(client: Client) -> dict[str, Any]:
    return anonymise_client(client, reason="retention")


retention_category(
    RetentionCategory(
        key="client_files",
        label=_("Client files"),
        rule=_(
            "Anonymised %(years)s years after the file was closed; a file without any "
            "activity counts as closed after one year. Consent forms go with the file. "
            "Files under legal hold are kept."
        ),
        due=clients_due,
        describe=describe_client,
        shred=shred_client,
    )
)


# --- appointment requests from the public page ----------------------------------------------


def requests_due(today: date) -> Iterable[Any]:
    """Requests that never became a client file, kept for half a year to answer questions."""
    days = getattr(settings, "LOTSE_REQUEST_RETENTION_DAYS", 180)
    limit = today - timedelta(days=days)
    return AppointmentRequest.objects.filter(client__isnull=True, created_at__date__lte=limit)


def shred_request(request: Any) -> dict[str, Any]:
    redacted = redact_object_entries(obj=request, reason="retention")
    label = f"{request._meta.label_lower}:{request.pk}"
    request.delete()
    log_action(action="retention.request_deleted", data={"request": label, "redacted": redacted})
    return {"redacted": redacted}


retention_category(
    RetentionCategory(
        key="appointment_requests",
        label=_("Appointment requests from the public page"),
        rule=_("Deleted 180 days after they arrived unless they led to a client file."),
        due=requests_due,
        describe=lambda request: f"#{request.pk} ({request.created_at.date().isoformat()})",
        shred=shred_request,
    )
)


# --- volunteers -----------------------------------------------------------------------------


def volunteers_due(today: date) -> Iterable[Any]:
    limit = _years_before(today, settings.LOTSE_RETENTION_YEARS)
    return Volunteer.objects.filter(
        left_on__isnull=False, left_on__lte=limit, anonymised_at__isnull=True
    )


def shred_volunteer(volunteer: Any) -> dict[str, Any]:
    """Names and contact details go; status, dates and training hours stay for the figures."""

    with transaction.atomic():
        fields = [
            f.name
            for f in volunteer._meta.concrete_fields
            if isinstance(f, EncryptedTextField) and not f.null
        ]
        for name in fields:
            setattr(volunteer, name, "")
        volunteer.anonymised_at = timezone.now()
        volunteer.save(update_fields=[*fields, "anonymised_at"])
        redacted = redact_object_entries(obj=volunteer, reason="retention")
        log_action(action="volunteer.anonymised", obj=volunteer, data={"redacted": redacted})
    return {"redacted": redacted}


retention_category(
    RetentionCategory(
        key="volunteers",
        label=_("Volunteers who have left"),
        rule=_("Names and contact details removed %(years)s years after the volunteer left."),
        due=volunteers_due,
        describe=lambda volunteer: f"volunteer #{volunteer.pk} (left {volunteer.left_on})",
        shred=shred_volunteer,
    )
)
