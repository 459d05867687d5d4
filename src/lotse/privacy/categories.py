"""The retention categories Lotse ships. Other apps add theirs with ``retention_category``."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import Max, Q
from django.utils.translation import gettext_lazy as _

from lotse.clients.models import Client

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
