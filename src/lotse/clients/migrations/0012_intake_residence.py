"""A first contact keeps the residence situation it was recorded with.

Existing first contacts take it from the facts their eligibility decision was made on (the
residence as it was that day); where a decision holds none (erased facts), from the client's
current field — the best that is left, and what the statistics used until now.
"""

from typing import Any

from django.db import migrations

import lotse.common.fields

RESIDENCES = {
    "permanent",
    "resettler",
    "resettler_family",
    "asylum_seeker",
    "temporary",
    "no_status",
    "unknown",
}


def forwards(apps: Any, schema_editor: Any) -> None:
    Intake = apps.get_model("clients", "Intake")
    using = schema_editor.connection.alias
    batch = []
    rows = Intake.objects.using(using).select_related("client", "eligibility").order_by("pk")
    for intake in rows.iterator(chunk_size=500):
        facts = intake.eligibility.inputs if intake.eligibility_id else None
        then = facts.get("residence") if isinstance(facts, dict) else None
        intake.residence = then if then in RESIDENCES else (intake.client.residence or "")
        batch.append(intake)
        if len(batch) == 500:
            Intake.objects.using(using).bulk_update(batch, ["residence"])
            batch = []
    if batch:
        Intake.objects.using(using).bulk_update(batch, ["residence"])


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0011_consent_names_partners_by_key"),
    ]

    operations = [
        migrations.AddField(
            model_name="intake",
            name="residence",
            field=lotse.common.fields.EncryptedCharField(
                blank=True,
                choices=[
                    ("permanent", "Permanent stay (§ 44 AufenthG)"),
                    ("resettler", "Ethnic-German resettler (§ 4 BVFG)"),
                    ("resettler_family", "Resettler's spouse or descendant (§ 7 BVFG)"),
                    ("asylum_seeker", "Asylum seeker"),
                    ("temporary", "Temporary residence permit"),
                    ("no_status", "No legal residence status"),
                    ("unknown", "Unknown"),
                ],
                default="",
                max_length=30,
                verbose_name="residence situation at first contact",
            ),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True),
    ]
