"""Volunteers' and tandem partners' gender, and each side's wish about the other's, are
encrypted (issue #15 item 2): matching reads them in Python, nothing needs them plain.

AlterField, then the rows still holding plaintext are encrypted in batches with plain SQL
(``rotate_model``): no audit entries, ``version`` and ``auto_now`` stay.
"""

from typing import Any

from django.db import migrations

import lotse.common.fields
from lotse.common import crypto
from lotse.common.services.encryption import encrypt_plaintext, rotate_model


APP_LABEL = "volunteers"
ENCRYPTED = {
    "Volunteer": ["gender", "partner_gender"],
    "TandemPartner": ["gender", "volunteer_gender"],
}


def _decrypt_token(value: str, aad: str) -> str | None:
    """Back to plaintext, so that the reversed AlterField finds the old column content."""
    return crypto.decrypt(value, aad=aad) if crypto.is_token(value) else None


def _walk(apps: Any, schema_editor: Any, transform: Any) -> None:
    for model_name, names in ENCRYPTED.items():
        model = apps.get_model(APP_LABEL, model_name)
        result = rotate_model(
            model,
            using=schema_editor.connection.alias,
            fields=[model._meta.get_field(name) for name in names],
            transform=transform,
        )
        if result.failures:
            # Left as they are, these values could never be read through the field.
            raise RuntimeError("; ".join(result.failures[:5]))


def forwards(apps: Any, schema_editor: Any) -> None:
    _walk(apps, schema_editor, encrypt_plaintext)


def backwards(apps: Any, schema_editor: Any) -> None:
    _walk(apps, schema_editor, _decrypt_token)


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
