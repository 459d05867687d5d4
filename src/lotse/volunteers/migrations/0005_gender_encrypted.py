"""Volunteers' and tandem partners' gender, and each side's wish about the other's, are
encrypted (issue #15 item 2): matching reads them in Python, nothing needs them plain.

AlterField, then the rows still holding plaintext are encrypted in batches with plain SQL
(``rotate_model``): no audit entries, ``version`` and ``auto_now`` stay.
"""

from typing import Any

from django.db import migrations

import lotse.common.fields
from lotse.common.services.encryption import (
    decrypt_token,
    encrypt_plaintext,
    rewrite_columns,
)


APP_LABEL = "volunteers"
ENCRYPTED = {
    "Volunteer": ["gender", "partner_gender"],
    "TandemPartner": ["gender", "volunteer_gender"],
}


def forwards(apps: Any, schema_editor: Any) -> None:
    rewrite_columns(apps, schema_editor, APP_LABEL, ENCRYPTED, encrypt_plaintext)


def backwards(apps: Any, schema_editor: Any) -> None:
    rewrite_columns(apps, schema_editor, APP_LABEL, ENCRYPTED, decrypt_token)


class Migration(migrations.Migration):
    dependencies = [
        ("volunteers", "0004_rename_partner_tandempartner"),
    ]

    operations = [
        migrations.AlterField(
            model_name="tandempartner",
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
            model_name="tandempartner",
            name="volunteer_gender",
            field=lotse.common.fields.EncryptedCharField(
                blank=True,
                choices=[("", "no preference"), ("female", "a woman"), ("male", "a man")],
                max_length=10,
                verbose_name="volunteer preferred",
            ),
        ),
        migrations.AlterField(
            model_name="volunteer",
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
            model_name="volunteer",
            name="partner_gender",
            field=lotse.common.fields.EncryptedCharField(
                blank=True,
                choices=[("", "no preference"), ("female", "a woman"), ("male", "a man")],
                max_length=10,
                verbose_name="partner preferred",
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
