"""Migrations messaging 0002-0004: each client's single channel becomes one channel row,
and back."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from lotse.messaging.models import ContactPreference

BEFORE = ("messaging", "0001_initial")
AFTER = ("messaging", "0004_remove_single_channel")


def _migrate(target: tuple[str, str]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate([target])
    return MigrationExecutor(connection)


@pytest.mark.django_db(transaction=True)
def test_the_single_channel_becomes_one_consented_channel_row(org) -> None:
    by = org.users["counsellor"]
    try:
        old_apps = _migrate(BEFORE).loader.project_state([BEFORE]).apps
        old = old_apps.get_model("messaging", "ContactPreference")
        common = {"language": "ar", "recorded_by_id": by.pk, "recorded_at": timezone.now()}
        sms = old.objects.create(
            client_id=org.client_a.pk,
            channel="sms",
            scope="information",
            consent_on=date(2026, 11, 2),
            **common,
        )
        withdrawn = old.objects.create(
            client_id=org.client_b.pk,
            channel="letter",
            scope="appointments",
            consent_on=None,
            withdrawn_on=date(2026, 11, 20),
            **common,
        )
        _migrate(AFTER)
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())

    first = ContactPreference.objects.get(pk=sms.pk)
    (row,) = first.channels.all()
    assert (row.channel, row.scope, row.consent_on, row.withdrawn_on) == (
        "sms",
        "information",
        date(2026, 11, 2),
        None,
    )
    assert row.allows_sending and first.preferred_channel == "sms"
    assert (row.recorded_by_id, first.language) == (by.pk, "ar")
    second = ContactPreference.objects.get(pk=withdrawn.pk)
    (letter,) = second.channels.all()
    assert (letter.channel, letter.withdrawn_on) == ("letter", date(2026, 11, 20))
    assert not letter.active and second.preferred_channel == ""
