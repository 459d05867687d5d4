"""The date of a file's newest counselling contact (``Client.last_contact_on``).

The working list's "last contact older than N days" reads this column, so every writer of
contacts calls ``last_contact_refresh`` with the files it touched: a new or changed contact
(services/contacts.py), an import and its undo (lotse.imports), a merge (the target gains the
source's contacts) and bulk writers (the demo, the benchmark generator). It is recounted from
the contacts themselves, never added up, so a late or repeated call cannot make it wrong.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models import Max, OuterRef, Subquery

from ..models import Client, CounsellingContact

# Files per UPDATE: below SQLite's parameter limit, and short statements on PostgreSQL.
BATCH = 5_000

# Within ``last_contact_deferred``: the files whose contacts were saved or deleted meanwhile.
_pending: ContextVar[set[int] | None] = ContextVar("last_contact_pending", default=None)


def _newest() -> Subquery:
    return Subquery(
        CounsellingContact.objects.filter(client=OuterRef("pk"))
        .order_by()
        .values("client")
        .annotate(newest=Max("date"))
        .values("newest")[:1]
    )


def last_contact_refresh(client_ids: Iterable[int | None]) -> int:
    """Recount ``last_contact_on`` of these files; returns how many files were updated."""
    ids = sorted({pk for pk in client_ids if pk is not None})
    done = 0
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        done += Client.objects.filter(pk__in=chunk).update(last_contact_on=_newest())
    return done


def last_contact_refresh_all() -> int:
    """Recount every file (after bulk loads that bypass the services)."""
    return Client.objects.update(last_contact_on=_newest())


@contextmanager
def last_contact_deferred() -> Iterator[None]:
    """Contacts saved or deleted one by one within recount their files once, at the end.

    An import's undo deletes thousands of contacts through the model (each audited): one
    recount per contact was half of its time, and a 10,000-contact undo ran past a web
    server's request timeout.
    """
    pending: set[int] = set()
    token = _pending.set(pending)
    try:
        yield
    finally:
        _pending.reset(token)
    last_contact_refresh(pending)


def _contact_written(sender: type, instance: CounsellingContact, **_: object) -> None:
    pending = _pending.get()
    if pending is None:
        last_contact_refresh([instance.client_id])
    else:
        pending.add(instance.client_id)


def connect() -> None:
    """Every contact saved or deleted one by one (the services, the erasure of a single
    contact, an import's undo) recounts its file; bulk writers call the functions above."""
    from django.db.models.signals import post_delete, post_save

    post_save.connect(_contact_written, sender=CounsellingContact, dispatch_uid="last_contact_s")
    post_delete.connect(_contact_written, sender=CounsellingContact, dispatch_uid="last_contact_d")
