from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet

from lotse.common.auditing import GENERIC_VERBS, former_labels, object_types, renamed_models

from ..models import NEWEST_FIRST, AuditEntry
from .reads import listed_q


def _action_q(action: str) -> Q:
    """Actions starting with ``action``; for a renamed model also its generic entries written
    under the former name (``partner.updated``) that would start with it today."""
    query = Q(action__startswith=action)
    for model in renamed_models():
        for former in former_labels(model):
            former_name = former.partition(".")[2]
            for verb in GENERIC_VERBS:
                if f"{model._meta.model_name}.{verb}".startswith(action):
                    query |= Q(action=f"{former_name}.{verb}", object_type=former)
    return query


def _object_type_q(object_type: str) -> Q:
    """Entries about objects of this type, under any label a renamed model has had."""
    for model in renamed_models():
        labels = object_types(model)
        if object_type.lower() in labels:
            return Q(object_type__in=labels)
    return Q(object_type=object_type)


def audit_entries_filtered(
    *,
    action: str = "",
    actor: str = "",
    client_id: int | None = None,
    object_type: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[AuditEntry]:
    qs = AuditEntry.objects.all().order_by(*NEWEST_FIRST)
    if action:
        qs = qs.filter(_action_q(action))
    if actor:
        qs = qs.filter(actor_label__icontains=actor)
    if client_id is not None:
        # Everything about the file, and every list that showed the client.
        qs = qs.filter(Q(client_id=client_id) | listed_q(client_id))
    if object_type:
        qs = qs.filter(_object_type_q(object_type))
    if date_from:
        qs = qs.filter(at__date__gte=date_from)
    if date_to:
        qs = qs.filter(at__date__lte=date_to)
    return qs
