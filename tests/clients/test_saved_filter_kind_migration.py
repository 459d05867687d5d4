"""Migration clients 0021: existing saved filters become the client list's; a name may then
be used once per list."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from lotse.clients.models import FilterKind, SavedFilter

BEFORE = ("clients", "0020_contact_client_open_follow_up_index")
AFTER = ("clients", "0021_saved_filter_kind")


def _migrate(target: tuple[str, str]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate([target])
    return MigrationExecutor(connection)


@pytest.mark.django_db(transaction=True)
def test_existing_filters_belong_to_the_client_list(org) -> None:
    user = org.users["counsellor"]
    try:
        old_apps = _migrate(BEFORE).loader.project_state([BEFORE]).apps
        old = old_apps.get_model("clients", "SavedFilter")
        kept = old.objects.create(user_id=user.pk, name="Fristen", query="follow_up=due")
        _migrate(AFTER)
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    migrated = SavedFilter.objects.get(pk=kept.pk)
    assert (migrated.kind, migrated.name, migrated.query) == (
        FilterKind.CLIENTS,
        "Fristen",
        "follow_up=due",
    )
    SavedFilter.objects.create(user=user, kind=FilterKind.CASES, name="Fristen", query="x=1")
    with pytest.raises(IntegrityError), transaction.atomic():
        SavedFilter.objects.create(user=user, kind=FilterKind.CASES, name="Fristen", query="y=1")
