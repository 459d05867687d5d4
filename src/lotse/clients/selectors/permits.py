"""Reading residence permits: a client's history, the current permit, the expiry list."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone

from ..models import Client, ResidencePermit, visible_client_q

# Alerts start 8 weeks before the end of validity (§D17), so that the extension is applied
# for in time; a permit that ran out shows for 4 more weeks (a Fiktionsbescheinigung may
# simply not be recorded yet).
EXPIRY_HORIZON_DAYS = 56
EXPIRED_SHOWN_DAYS = 28
HISTORY_ORDER = ("-valid_from", "-recorded_at", "-pk")


def permit_history(client: Client) -> list[ResidencePermit]:
    """Every permit recorded for ``client``, the current one first."""
    return list(client.permits.select_related("recorded_by").order_by(*HISTORY_ORDER))


def current_permit(client: Client) -> ResidencePermit | None:
    return client.permits.order_by(*HISTORY_ORDER).first()


def _current_pk() -> Subquery:
    return Subquery(
        ResidencePermit.objects.filter(client=OuterRef("client"))
        .order_by(*HISTORY_ORDER)
        .values("pk")[:1]
    )


def permits_expiring(
    user: Any,
    within_days: int = EXPIRY_HORIZON_DAYS,
    *,
    today: date | None = None,
) -> QuerySet[ResidencePermit]:
    """Current permits of clients ``user`` may see that end within ``within_days`` days or
    ended in the last four weeks, the earliest end first.

    One query: the date range through ``permit_valid_until_idx``, the team rule as a join,
    "current" as a subquery on ``permit_client_current_idx``. A replaced permit (a newer one
    was recorded) never shows, even if its date is in range. Callers slice it (the dashboard
    takes a handful, the list pages).
    """
    today = today or timezone.localdate()
    return (
        ResidencePermit.objects.filter(
            visible_client_q(user),
            valid_until__gte=today - timedelta(days=EXPIRED_SHOWN_DAYS),
            valid_until__lte=today + timedelta(days=within_days),
        )
        .filter(pk=_current_pk())
        .select_related("client", "client__team")
        .order_by("valid_until", "pk")
    )
