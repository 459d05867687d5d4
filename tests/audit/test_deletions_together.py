"""audit.signals.deletions_logged_together: rows deleted one by one get their ``deleted``
entries written together at the end — one each, naming the row, on a verifiable chain — and
none when the block fails (the deletions roll back with them)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from lotse.audit.models import AuditEntry
from lotse.audit.services import verify_chain
from lotse.audit.signals import deletions_logged_together
from lotse.clients.models import CounsellingContact

pytestmark = pytest.mark.django_db


def _contacts(org, n: int) -> list[CounsellingContact]:
    return [
        CounsellingContact.objects.create(
            client=org.client_a,
            date=timezone.localdate() - timedelta(days=day),
            duration_minutes=30,
            form="in_person",
            counsellor=org.users["counsellor"],
        )
        for day in range(n)
    ]


def _deleted_entries() -> list[tuple[str, int | None]]:
    rows = AuditEntry.objects.filter(action="counsellingcontact.deleted").order_by("pk")
    return list(rows.values_list("object_id", "client_id"))


def test_one_entry_per_deleted_row_written_at_the_end(org) -> None:
    contacts = _contacts(org, 12)
    ids = [c.pk for c in contacts]
    with deletions_logged_together():
        CounsellingContact.objects.filter(pk__in=ids[:10]).delete()
        assert _deleted_entries() == [], "nothing written before the end"
        contacts[10].delete()
    assert sorted(_deleted_entries()) == sorted((str(pk), org.client_a.pk) for pk in ids[:11])
    contacts[11].delete()  # outside: written at once again
    assert (str(ids[11]), org.client_a.pk) in _deleted_entries()
    assert verify_chain().ok


def test_entries_are_written_in_a_few_statements(org, django_assert_max_num_queries) -> None:
    ids = [c.pk for c in _contacts(org, 30)]
    block = deletions_logged_together()
    block.__enter__()
    CounsellingContact.objects.filter(pk__in=ids).delete()
    # The chain head's lock and update, one insert, the savepoint: not two per row.
    with django_assert_max_num_queries(8):
        block.__exit__(None, None, None)
    assert len(_deleted_entries()) == 30


def test_a_failing_block_writes_no_entry_and_deletes_nothing(org) -> None:
    ids = [c.pk for c in _contacts(org, 3)]
    with pytest.raises(RuntimeError), deletions_logged_together():
        CounsellingContact.objects.filter(pk__in=ids).delete()
        raise RuntimeError("the undo broke off")
    assert _deleted_entries() == []
    assert CounsellingContact.objects.filter(pk__in=ids).count() == 3
