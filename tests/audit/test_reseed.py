"""The test helper that puts the migrations' data back after a flush writes what migrate writes:
the catalogues, and not one audit entry (a committed entry broke the next test's chain)."""

from __future__ import annotations

import pytest
from django.db import connection

from lotse.audit.models import AuditEntry, ChainHead
from lotse.cases.models import CatalogueGoal, GoalCatalogue
from lotse.clients.models import Topic, TopicCatalogue
from lotse.volunteers.models import TrainingModule
from lotse_testing import reseed_migration_data

pytestmark = pytest.mark.django_db

SEEDED = (Topic, TopicCatalogue, CatalogueGoal, GoalCatalogue, TrainingModule)


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in SEEDED}


def test_reseeding_after_a_flush_adds_the_catalogues_without_audit_entries(db_admin) -> None:
    migrated = _counts()
    assert all(migrated.values()), migrated
    assert ChainHead.objects.count() == 8
    with connection.cursor() as cursor:  # as a flush leaves them: gone, without signals
        for model in SEEDED:
            cursor.execute(f"DELETE FROM {model._meta.db_table}")  # noqa: S608
    db_admin("DELETE FROM audit_chainhead", None)
    entries = AuditEntry.objects.count()

    reseed_migration_data()

    assert _counts() == migrated
    assert AuditEntry.objects.count() == entries
    assert list(ChainHead.objects.order_by("pk").values_list("pk", "seq")) == [
        (n, 0) for n in range(1, 9)
    ]
