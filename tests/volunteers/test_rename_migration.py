"""Migration 0004 (Partner → TandemPartner) moves the encrypted values to the new model name."""

from __future__ import annotations

from importlib import import_module

import pytest
from django.apps import apps
from django.db import connection

from lotse.audit.models import AuditEntry
from lotse.common import crypto
from lotse.volunteers.models import TandemPartner
from lotse_testing import raw_column
from volunteers.samples import make_partner

pytestmark = pytest.mark.django_db

migration = import_module("lotse.volunteers.migrations.0004_rename_partner_tandempartner")


class _SchemaEditor:
    """What RunPython hands over, as far as the migration uses it."""

    connection = connection


def test_encrypted_values_move_to_the_new_name_and_back(org) -> None:
    partner = make_partner(org, first_name="Yusuf", phone="0151 777", wishes="Deutsch üben")
    entries = AuditEntry.objects.count()

    migration.backwards(apps, _SchemaEditor())
    token = raw_column("volunteers_tandempartner", "first_name", partner.pk)
    assert crypto.decrypt(token, aad="volunteers.partner.first_name") == "Yusuf"
    with pytest.raises(crypto.DecryptionError):
        TandemPartner.objects.get(pk=partner.pk)

    migration.forwards(apps, _SchemaEditor())
    moved = TandemPartner.objects.get(pk=partner.pk)
    assert (moved.first_name, moved.last_name, moved.phone, moved.wishes) == (
        "Yusuf",
        "",
        "0151 777",
        "Deutsch üben",
    )
    # Plain SQL: nothing saved through the model, so no audit entries and the same version.
    assert moved.version == partner.version
    assert AuditEntry.objects.count() == entries


def test_a_value_no_key_decrypts_stops_the_migration(org) -> None:
    partner = make_partner(org)
    token = crypto.encrypt("Samira", aad="volunteers.tandempartner.first_name")
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE volunteers_tandempartner SET first_name = %s WHERE id = %s", [token, partner.pk]
        )
    # Encrypted under the new name already, so it does not decrypt under the old one.
    with pytest.raises(RuntimeError, match="first_name"):
        migration.forwards(apps, _SchemaEditor())
