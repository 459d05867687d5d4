"""Reads of the messaging app; every client-scoped read goes through the team scoping."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from lotse.appointments.models import Appointment
from lotse.clients.models import Client

from ..models import ContactPreference, OutgoingMessage, State

# The file shows the newest messages only; older ones stay in the subject-access export.
FILE_LIMIT = 30
PANEL_LIMIT = 10


def client_preference(client: Client) -> ContactPreference | None:
    """The preference with its channel rows prefetched (``preference.channels.all()``)."""
    return (
        ContactPreference.objects.filter(client=client)
        .select_related("recorded_by")
        .prefetch_related("channels")
        .first()
    )


def client_messages(client: Client) -> list[OutgoingMessage]:
    return list(
        OutgoingMessage.objects.filter(client=client)
        .select_related("appointment")
        .order_by("-send_after", "-pk")[:FILE_LIMIT]
    )


def appointment_messages(appointment: Appointment) -> QuerySet[OutgoingMessage]:
    return OutgoingMessage.objects.filter(appointment=appointment).order_by("send_after", "pk")


# Not delivered: given up after every attempt, or reported back (bounced).
UNDELIVERED = (State.FAILED, State.BOUNCED)


def failed_messages(user: Any) -> list[OutgoingMessage]:
    """Messages not delivered, of the clients of the user's teams (one query)."""
    return list(
        OutgoingMessage.objects.visible_to(user)
        .filter(state__in=UNDELIVERED)
        .select_related("client")
        .order_by("-send_after", "-pk")[:PANEL_LIMIT]
    )
