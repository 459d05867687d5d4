"""A goal's partner name is encrypted: it may name a person (issue #15 item 2).

AlterField, then the rows still holding plaintext are encrypted in batches with plain SQL
(``rotate_model``): no audit entries, ``version`` stays.
"""

import lotse.common.fields
from typing import Any

from django.db import migrations

from lotse.common import crypto
from lotse.common.services.encryption import encrypt_plaintext, rotate_model


APP_LABEL = "cases"
ENCRYPTED = {"Goal": ["partner_name"]}


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
        ("cases", "0002_goal_catalogue_2016"),
    ]

    operations = [
        migrations.AlterField(
            model_name="goal",
            name="partner_name",
            field=lotse.common.fields.EncryptedCharField(
                blank=True,
                help_text="Name of the partner.",
                max_length=200,
                verbose_name="network partner",
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
