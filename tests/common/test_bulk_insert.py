"""common.bulk_insert: the same rows as ``bulk_create`` (encrypted, JSON, dates, defaults,
foreign keys), the ids in order, one statement per batch, and ``bulk_create`` where the short
path does not apply."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.db.models import QuerySet, Value
from django.db.models.functions import Upper
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lotse.audit.models import AuditEntry
from lotse.clients.models import Client, Intake, IntakeOutcome, Livelihood
from lotse.clients.models.intake import AccessChannel
from lotse.common import bulk_insert
from lotse.organisation.models import Provider
from lotse_testing import Org

pytestmark = pytest.mark.django_db

SKIP = {"id", "file_number", "created_at", "updated_at"}


def _clients(org: Org, prefix: str, n: int) -> list[Client]:
    clients = []
    for i in range(n):
        client = Client(
            team=org.client_a.team,
            file_number=f"{prefix}-{i:05d}",
            first_name=f"Zeynep {i}",
            last_name="Yılmaz" if i % 2 else "Haddad",
            birth_date=date(1980 + i % 30, 1 + i % 12, 1 + i % 28),
            phone="" if i % 3 else f"+49 30 {i:07d}",
            address="Lindenstraße 5\n10969 Berlin" if i % 4 == 0 else "",
            document_language="ar" if i % 2 else "de",
        )
        client.derive_plain_columns()
        clients.append(client)
    return clients


def _stored(client: Client) -> dict[str, Any]:
    fresh = Client.objects.get(pk=client.pk)
    return {
        f.attname: getattr(fresh, f.attname)
        for f in Client._meta.concrete_fields
        if f.attname not in SKIP
    }


def test_rows_are_stored_as_bulk_create_stores_them(org: Org, django_assert_num_queries) -> None:
    ours, django = _clients(org, "BI-A", 7), _clients(org, "BI-B", 7)
    with django_assert_num_queries(3):  # one INSERT per batch of 3 rows
        returned = bulk_insert.insert_many(ours, batch_size=3)
    Client.objects.bulk_create(django)
    assert returned is not ours and returned == ours
    ids = [c.pk for c in ours]
    assert all(ids) and ids == sorted(ids), "ids in the order of the rows"
    assert all(not c._state.adding and c._state.db == "default" for c in ours)
    for mine, theirs in zip(ours, django, strict=True):
        assert _stored(mine) == _stored(theirs)
        assert Client.objects.get(pk=mine.pk).file_number == mine.file_number
        assert Client.objects.get(pk=mine.pk).created_at is not None  # auto_now_add


def test_foreign_keys_json_and_dates(org: Org) -> None:
    intakes = [
        Intake(
            client=client,
            service="mbe",
            date=date(2026, 3, day),
            access_channel=AccessChannel.WALK_IN,
            residence=client.residence,
            livelihood=Livelihood.UNKNOWN,
            outcome=IntakeOutcome.COUNSELLING,
            counsellor=org.users["counsellor"],
        )
        for day, client in enumerate([org.client_a, org.client_b], start=1)
    ]
    bulk_insert.insert_many(intakes)
    stored = list(Intake.objects.filter(pk__in=[i.pk for i in intakes]).order_by("pk"))
    assert [(i.client_id, i.date) for i in stored] == [
        (org.client_a.pk, date(2026, 3, 1)),
        (org.client_b.pk, date(2026, 3, 2)),
    ]
    entry = AuditEntry(
        chain=32_000,  # no chain of the test's own entries (PostgreSQL picks 1..8 by pid)
        seq=1,
        at=timezone.now(),
        actor_id=None,
        actor_label="system",
        action="test.bulk",
        object_type="x",
        object_id="1",
        request_id="-",
        data={"values": {"ä": [1, "ب"]}},
        data_hash="d" * 64,
        prev_hash="0" * 64,
        entry_hash="e" * 64,
        key_id="k",
    )
    bulk_insert.insert_many([entry])
    assert AuditEntry.objects.get(pk=entry.pk).data == {"values": {"ä": [1, "ب"]}}


def test_a_row_it_cannot_write_plainly_goes_to_bulk_create(org: Org, monkeypatch) -> None:
    handed_over: list[int] = []
    real = QuerySet.bulk_create

    def spy(self, objs, *args, **kwargs):  # type: ignore[no-untyped-def]
        handed_over.append(len(objs))
        return real(self, objs, *args, **kwargs)

    monkeypatch.setattr(QuerySet, "bulk_create", spy)
    provider = Provider(name="Zweiter Träger", imprint=Upper(Value("impressum")))
    bulk_insert.insert_many([provider])  # an expression: for the database to work out
    assert handed_over == [1]
    assert Provider.objects.get(pk=provider.pk).imprint == "IMPRESSUM"
    clients = _clients(org, "BI-C", 2)
    clients[1].pk = 10**9  # a key already chosen
    bulk_insert.insert_many(clients)
    assert handed_over == [1, 2]
    assert bulk_insert.insert_many([]) == []


def test_postgresql_sends_one_array_per_column_not_one_placeholder_per_value(org: Org) -> None:
    """psycopg scans the statement for every placeholder on the client: 500 files of 60
    columns made that a fifth of an import. On PostgreSQL the rows go as one array per column
    (UNNEST, as Django's own bulk_create); SQLite keeps the VALUES list."""
    clients = _clients(org, "BI-D", 4)
    with CaptureQueriesContext(connection) as queries:
        bulk_insert.insert_many(clients)
    (insert,) = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("INSERT")]
    if connection.vendor == "postgresql":
        assert "UNNEST(" in insert and " VALUES " not in insert
    else:
        assert " VALUES " in insert and "UNNEST" not in insert
    assert [
        c.file_number for c in Client.objects.filter(pk__in=[c.pk for c in clients]).order_by("pk")
    ] == [f"BI-D-{i:05d}" for i in range(4)]
