"""Free text, a status date and the eligibility facts are encrypted (issue #15 item 2).

The legal hold's reason, the date the permanent status was obtained, where the person came
from and was referred to at the first contact (free text that may name a person), the facts
the eligibility engine used and its explanations (they state age and dates). AlterField
changes the columns to text (on PostgreSQL the jsonb ``inputs`` is cast to its JSON text, a
date to ISO ``YYYY-MM-DD``); then the rows still holding plaintext are encrypted in batches
with plain SQL (``rotate_model``): no audit entries, ``version`` and ``auto_now`` stay. A run
that stops is simply started again.
"""

import lotse.common.fields
from typing import Any

from django.db import migrations

from lotse.common.services.encryption import (
    decrypt_token,
    encrypt_plaintext,
    rewrite_columns,
)


APP_LABEL = "clients"
ENCRYPTED = {
    "Client": ["legal_hold_reason", "permanent_status_date"],
    "EligibilityDecision": ["inputs", "explanation_de", "explanation_en"],
    "Intake": ["referring_institution", "referral_target"],
}


def forwards(apps: Any, schema_editor: Any) -> None:
    rewrite_columns(apps, schema_editor, APP_LABEL, ENCRYPTED, encrypt_plaintext)


def backwards(apps: Any, schema_editor: Any) -> None:
    rewrite_columns(apps, schema_editor, APP_LABEL, ENCRYPTED, decrypt_token)


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0009_client_details_encrypted"),
    ]

    operations = [
        migrations.AlterField(
            model_name="client",
            name="legal_hold_reason",
            field=lotse.common.fields.EncryptedCharField(
                blank=True, editable=False, max_length=300, verbose_name="reason for the legal hold"
            ),
        ),
        migrations.AlterField(
            model_name="eligibilitydecision",
            name="explanation_de",
            field=lotse.common.fields.EncryptedTextField(verbose_name="explanation (German)"),
        ),
        migrations.AlterField(
            model_name="eligibilitydecision",
            name="explanation_en",
            field=lotse.common.fields.EncryptedTextField(verbose_name="explanation (English)"),
        ),
        migrations.AlterField(
            model_name="eligibilitydecision",
            name="inputs",
            field=lotse.common.fields.EncryptedJSONField(verbose_name="facts used"),
        ),
        migrations.AlterField(
            model_name="intake",
            name="referring_institution",
            field=lotse.common.fields.EncryptedCharField(
                blank=True, max_length=200, verbose_name="referring institution"
            ),
        ),
        migrations.AlterField(
            model_name="intake",
            name="referral_target",
            field=lotse.common.fields.EncryptedCharField(
                blank=True, max_length=200, verbose_name="referred to"
            ),
        ),
        migrations.AlterField(
            model_name="client",
            name="permanent_status_date",
            field=lotse.common.fields.EncryptedDateField(
                blank=True, null=True, verbose_name="permanent status obtained on"
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
