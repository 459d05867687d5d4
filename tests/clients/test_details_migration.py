"""Migration clients 0009 encrypts the personal details of rows written as plaintext, and back."""

from __future__ import annotations

from datetime import date
from importlib import import_module
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from lotse.audit.models import AuditEntry
from lotse.clients.models import Client
from lotse.clients.models.client import birth_date_digest
from lotse.common import crypto
from lotse_testing import raw_column

BEFORE = ("clients", "0008_team_active_index")
AFTER = ("clients", "0009_client_details_encrypted")
migration = import_module("lotse.clients.migrations.0009_client_details_encrypted")
DETAILS = ("birth_date", "gender", "nationalities", "country_of_origin", "residence")


def _migrate(target: tuple[str, str]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate([target])
    return MigrationExecutor(connection)


def _german_date_style_while_the_columns_change(patch: pytest.MonkeyPatch) -> None:
    """On PostgreSQL: a server whose DateStyle prints dates the German way.

    Only while the columns change type: psycopg itself cannot read timestamps in that style.
    """
    if connection.vendor != "postgresql":
        return
    operations = {getattr(op, "code", None): op for op in migration.Migration.operations}

    def wrap(code: Any, statement: str) -> Any:
        def run(apps: Any, schema_editor: Any) -> None:
            schema_editor.execute(statement)
            code(apps, schema_editor)

        return run

    for code, statement in (
        (migration.birth_date_as_iso_text, "SET DateStyle = 'German, DMY'"),
        (migration.encrypt_details, "RESET DateStyle"),
    ):
        patch.setattr(operations[code], "code", wrap(code, statement))


@pytest.mark.django_db(transaction=True)
def test_plaintext_rows_are_encrypted_and_the_plain_columns_filled(
    org, monkeypatch: pytest.MonkeyPatch
) -> None:
    encrypted_before = Client.objects.get(pk=org.client_a.pk)
    try:
        old_apps = _migrate(BEFORE).loader.project_state([BEFORE]).apps
        # Backwards: the tokens written by the current code became plaintext again.
        assert raw_column("clients_client", "residence", org.client_a.pk) == "unknown"
        old = old_apps.get_model("clients", "Client")
        assert old.objects.get(pk=org.client_a.pk).birth_date == date(1980, 5, 17)
        plain = old.objects.create(
            team_id=org.team_a.pk,
            file_number="MBE-2020-00999",
            birth_date=date(1972, 12, 31),
            birth_year=1972,
            gender="male",
            nationalities="AF,IR",
            country_of_origin="AF",
            residence="no_status",
        )
        anonymous = old.objects.create(
            team_id=org.team_a.pk, file_number="MBE-2020-01000", birth_year=1999
        )
        entries = AuditEntry.objects.count()
        # The tokens must hold the ISO date whatever the server's DateStyle says.
        _german_date_style_while_the_columns_change(monkeypatch)
        _migrate(AFTER)
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())

    for column in DETAILS:
        assert raw_column("clients_client", column, plain.pk).startswith("lse1:"), column
    migrated = Client.objects.get(pk=plain.pk)
    assert migrated.birth_date == date(1972, 12, 31)
    assert (migrated.gender, migrated.residence) == ("male", "no_status")
    assert [c.code for c in migrated.nationalities] == ["AF", "IR"]
    assert migrated.country_of_origin.code == "AF"
    assert (migrated.birth_year, migrated.birth_month) == (1972, 12)
    assert migrated.birth_date_index == birth_date_digest(date(1972, 12, 31))
    assert migrated.region_of_origin == "south_asia"
    # Written with plain SQL: no audit entries, the version stays.
    assert AuditEntry.objects.count() == entries
    assert migrated.version == 1

    other = Client.objects.get(pk=anonymous.pk)
    assert other.birth_date is None and other.birth_month is None
    assert other.birth_date_index == "" and other.birth_year == 1999
    assert (other.gender, other.region_of_origin, list(other.nationalities)) == (
        "not_stated",
        "unknown",
        [],
    )
    # The row written by the current code went back and forth and reads as before.
    again = Client.objects.get(pk=org.client_a.pk)
    assert (again.birth_date, again.birth_date_index, again.residence) == (
        encrypted_before.birth_date,
        encrypted_before.birth_date_index,
        encrypted_before.residence,
    )
    assert crypto.is_token(raw_column("clients_client", "birth_date", again.pk))
