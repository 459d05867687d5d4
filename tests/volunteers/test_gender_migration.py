"""Migration 0005 encrypts the gender columns written before it, and the way back decrypts."""

from __future__ import annotations

from importlib import import_module

import pytest
from django.apps import apps
from django.db import connection

from lotse.audit.models import AuditEntry
from lotse.common import crypto
from lotse.volunteers.models import TandemPartner, Volunteer
from lotse_testing import raw_column
from volunteers.samples import make_partner, make_volunteer

pytestmark = pytest.mark.django_db

migration = import_module("lotse.volunteers.migrations.0005_gender_encrypted")


class _SchemaEditor:
    """What RunPython hands over, as far as the migration uses it."""

    connection = connection


def _write_plain(table: str, pk: int, **values: str) -> None:
    qn = connection.ops.quote_name
    assignments = ", ".join(f"{qn(column)} = %s" for column in values)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {qn(table)} SET {assignments} WHERE id = %s",  # noqa: S608 - test columns
            [*values.values(), pk],
        )


def test_plaintext_gender_is_encrypted_and_decrypted_back(org) -> None:
    volunteer = make_volunteer(org)
    partner = make_partner(org)
    _write_plain("volunteers_volunteer", volunteer.pk, gender="female", partner_gender="male")
    _write_plain("volunteers_tandempartner", partner.pk, gender="male", volunteer_gender="female")
    entries = AuditEntry.objects.count()

    migration.forwards(apps, _SchemaEditor())
    for table, pk, column in [
        ("volunteers_volunteer", volunteer.pk, "gender"),
        ("volunteers_volunteer", volunteer.pk, "partner_gender"),
        ("volunteers_tandempartner", partner.pk, "gender"),
        ("volunteers_tandempartner", partner.pk, "volunteer_gender"),
    ]:
        assert crypto.is_token(raw_column(table, column, pk)), (table, column)
    loaded = Volunteer.objects.get(pk=volunteer.pk)
    assert (loaded.gender, loaded.partner_gender) == ("female", "male")
    assert loaded.get_partner_gender_display() != "male"  # the choice label, not the code
    tandem = TandemPartner.objects.get(pk=partner.pk)
    assert (tandem.gender, tandem.volunteer_gender) == ("male", "female")
    assert AuditEntry.objects.count() == entries

    migration.backwards(apps, _SchemaEditor())
    assert raw_column("volunteers_volunteer", "gender", volunteer.pk) == "female"
    assert raw_column("volunteers_tandempartner", "volunteer_gender", partner.pk) == "female"
