from __future__ import annotations

from datetime import date

from django.db.models import QuerySet

from ..models import AuditEntry


def audit_entries_filtered(
    *,
    action: str = "",
    actor: str = "",
    client_id: int | None = None,
    object_type: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[AuditEntry]:
    qs = AuditEntry.objects.all().order_by("-seq")
    if action:
        qs = qs.filter(action__startswith=action)
    if actor:
        qs = qs.filter(actor_label__icontains=actor)
    if client_id is not None:
        qs = qs.filter(client_id=client_id)
    if object_type:
        qs = qs.filter(object_type=object_type)
    if date_from:
        qs = qs.filter(at__date__gte=date_from)
    if date_to:
        qs = qs.filter(at__date__lte=date_to)
    return qs
