"""Who looked at a person: file views and list reads (``people.listed``) naming them.

The ids sit in the list entry's details; finding one is a JSON containment test on PostgreSQL
and a pattern over the array's text on SQLite. Either way only ``people.listed`` entries are
scanned, which the action index narrows to.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import CharField, Q, QuerySet, Value
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Concat, Replace
from django.db.models.lookups import Contains

from ..models import NEWEST_FIRST, AuditEntry

LIST_ACTION = "people.listed"
VIEW_ACTION = "client.viewed"
# Kind of person shown -> key of the id list in the entry's details.
KINDS: dict[str, str] = {
    "clients": "client_ids",
    "volunteers": "volunteer_ids",
    "partners": "partner_ids",
    "appointment_requests": "appointment_request_ids",
}


def listed_q(person_id: int, *, kind: str = "clients") -> Q:
    """List reads whose details name ``person_id`` among the shown people of ``kind``."""
    key = KINDS[kind]
    if connection.vendor == "postgresql":
        return Q(action=LIST_ACTION, **{f"data__{key}__contains": [int(person_id)]})
    # SQLite has no JSON containment. The array's text ("[1,12,112]" as SQLite returns it) is
    # turned into ",1,12,112," and matched with LIKE "%,12,%": delimiters on both sides, so 12
    # never matches 112 or 123, and LIKE runs in C (a REGEXP would call Python for each row).
    ids_text = Concat(
        Value(","),
        Replace(Replace(KeyTextTransform(key, "data"), Value("["), Value("")), Value("]")),
        Value(","),
        output_field=CharField(),
    )
    return Q(Contains(ids_text, Value(f",{int(person_id)},")), action=LIST_ACTION)


def client_reads(client_id: int) -> QuerySet[AuditEntry]:
    """Who looked at client X: opened the file, or saw the client in a list. Newest first."""
    return AuditEntry.objects.filter(
        Q(action=VIEW_ACTION, client_id=client_id) | listed_q(client_id)
    ).order_by(*NEWEST_FIRST)
