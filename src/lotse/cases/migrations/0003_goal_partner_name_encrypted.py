"""A goal's partner name is encrypted: it may name a person (issue #15 item 2).

AlterField, then the rows still holding plaintext are encrypted in batches with plain SQL
(``rotate_model``): no audit entries, ``version`` stays.
"""

import lotse.common.fields
from typing import Any

from django.db import migrations

from lotse.common.services.encryption import (
    decrypt_token,
    encrypt_plaintext,
    rewrite_columns,
)


APP_LABEL = "cases"
ENCRYPTED = {"Goal": ["partner_name"]}


def forwards(apps: Any, schema_editor: Any) -> None:
    rewrite_columns(apps, schema_editor, APP_LABEL, ENCRYPTED, encrypt_plaintext)


def backwards(apps: Any, schema_editor: Any) -> None:
    rewrite_columns(apps, schema_editor, APP_LABEL, ENCRYPTED, decrypt_token)


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
