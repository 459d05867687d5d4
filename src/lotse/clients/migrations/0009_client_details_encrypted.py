"""Date of birth, gender, nationalities, country of origin and residence situation encrypted.

Before the columns change type, the plain columns that statistics and search keep are filled
from the plaintext: birth_month, birth_date_index (keyed hash of the ISO date) and
region_of_origin. Then every stored value of the five columns is encrypted in place with plain
SQL (``rotate_model`` with the historical model, whose fields are already the encrypted ones,
so the tokens are bound to ``clients.client.<field>``): no signals, no audit entries, and
``updated_at`` and ``version`` stay. The batches are savepoints of this migration's
transaction; ``lotse encrypt_plaintext`` finds and finishes any value left in plaintext.
Backwards the values are decrypted again before the columns get their old types.
"""

from datetime import date
from typing import Any

from django.db import migrations, models

import lotse.common.country_fields
import lotse.common.fields
from lotse.common import crypto
from lotse.common.regions import region_of
from lotse.common.services.encryption import (
    decrypt_token,
    encrypt_plaintext,
    rewrite_columns,
)

ENCRYPTED = ("birth_date", "gender", "nationalities", "country_of_origin", "residence")
BATCH = 500


def fill_plain_columns(apps: Any, schema_editor: Any) -> None:
    """birth_month, birth_date_index and region_of_origin from the plaintext columns."""
    table = apps.get_model("clients", "Client")._meta.db_table
    connection = schema_editor.connection
    qn = connection.ops.quote_name
    last = 0
    with connection.cursor() as cursor:
        while True:
            cursor.execute(
                f"SELECT id, birth_date, country_of_origin FROM {qn(table)} "  # noqa: S608  # nosec B608 - quoted table name from the model
                "WHERE id > %s ORDER BY id LIMIT %s",
                [last, BATCH],
            )
            rows = cursor.fetchall()
            values = []
            for pk, birth, origin in rows:
                if isinstance(birth, str):  # SQLite hands over the stored text
                    birth = date.fromisoformat(birth)
                values.append(
                    [
                        birth.month if birth else None,
                        # Same as lotse.clients.models.client.birth_date_digest.
                        crypto.blind_index(birth.isoformat(), purpose="client.birth_date")
                        if birth
                        else "",
                        region_of(origin),
                        pk,
                    ]
                )
            cursor.executemany(
                f"UPDATE {qn(table)} SET birth_month = %s, birth_date_index = %s, "  # noqa: S608  # nosec B608 - quoted table name, values as parameters
                "region_of_origin = %s WHERE id = %s",
                values,
            )
            if len(rows) < BATCH:
                break
            last = rows[-1][0]
    _check_constraints_now(schema_editor)


def birth_date_as_iso_text(apps: Any, schema_editor: Any) -> None:
    """On PostgreSQL the date column becomes text in ISO form, whatever the DateStyle.

    AlterField would cast with ``birth_date::text``, which follows the server's DateStyle
    ("05.01.1990" under German); the tokens must hold ``YYYY-MM-DD``. AlterField's own cast is
    then text to text.
    """
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    table = connection.ops.quote_name(apps.get_model("clients", "Client")._meta.db_table)
    schema_editor.execute(
        f"ALTER TABLE {table} ALTER COLUMN birth_date TYPE text "
        "USING to_char(birth_date, 'YYYY-MM-DD')"
    )


def _check_constraints_now(schema_editor: Any) -> None:
    """Run PostgreSQL's deferred foreign-key checks the updates queued.

    A row updated twice in one transaction queues its (deferred) checks; while they are
    pending, PostgreSQL refuses to alter the table ("pending trigger events").
    """
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        schema_editor.execute("SET CONSTRAINTS ALL DEFERRED")


def _walk(apps: Any, schema_editor: Any, transform: Any) -> None:
    rewrite_columns(
        apps, schema_editor, "clients", {"Client": ENCRYPTED}, transform, batch_size=BATCH
    )
    _check_constraints_now(schema_editor)


def encrypt_details(apps: Any, schema_editor: Any) -> None:
    _walk(apps, schema_editor, encrypt_plaintext)


def decrypt_details(apps: Any, schema_editor: Any) -> None:
    _walk(apps, schema_editor, decrypt_token)


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0008_team_active_index"),
        ("organisation", "0001_initial"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="client",
            name="client_team_birth_idx",
        ),
        migrations.AddField(
            model_name="client",
            name="birth_date_index",
            field=models.CharField(blank=True, editable=False, max_length=32),
        ),
        migrations.AddField(
            model_name="client",
            name="birth_month",
            field=models.PositiveSmallIntegerField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="client",
            name="region_of_origin",
            field=models.CharField(blank=True, default="unknown", editable=False, max_length=30),
        ),
        migrations.RunPython(fill_plain_columns, migrations.RunPython.noop),
        migrations.RunPython(birth_date_as_iso_text, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="client",
            name="birth_date",
            field=lotse.common.fields.EncryptedDateField(
                blank=True, null=True, verbose_name="date of birth"
            ),
        ),
        migrations.AlterField(
            model_name="client",
            name="country_of_origin",
            field=lotse.common.country_fields.EncryptedCountryField(
                blank=True, max_length=2, verbose_name="country of origin"
            ),
        ),
        migrations.AlterField(
            model_name="client",
            name="gender",
            field=lotse.common.fields.EncryptedCharField(
                choices=[
                    ("female", "female"),
                    ("male", "male"),
                    ("diverse", "diverse"),
                    ("not_stated", "not stated"),
                ],
                default="not_stated",
                max_length=20,
                verbose_name="gender",
            ),
        ),
        migrations.AlterField(
            model_name="client",
            name="nationalities",
            field=lotse.common.country_fields.EncryptedCountryField(
                blank=True, multiple=True, verbose_name="nationalities"
            ),
        ),
        migrations.AlterField(
            model_name="client",
            name="residence",
            field=lotse.common.fields.EncryptedCharField(
                choices=[
                    ("permanent", "Permanent stay (§ 44 AufenthG)"),
                    ("resettler", "Ethnic-German resettler (§ 4 BVFG)"),
                    ("resettler_family", "Resettler's spouse or descendant (§ 7 BVFG)"),
                    ("asylum_seeker", "Asylum seeker"),
                    ("temporary", "Temporary residence permit"),
                    ("no_status", "No legal residence status"),
                    ("unknown", "Unknown"),
                ],
                default="unknown",
                max_length=30,
                verbose_name="residence situation",
            ),
        ),
        migrations.RunPython(encrypt_details, decrypt_details),
        migrations.AddIndex(
            model_name="client",
            index=models.Index(fields=["team", "birth_date_index"], name="client_team_birth_idx"),
        ),
    ]
