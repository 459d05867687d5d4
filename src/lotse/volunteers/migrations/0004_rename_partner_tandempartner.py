"""``Partner`` → ``TandemPartner`` and ``PartnerLanguage`` → ``TandemPartnerLanguage``.

The volunteers' partner is a person paired with a volunteer, not the network's partner
institution (``network.Partner``); the glossary keeps that name for the institution.

Encrypted columns are bound to ``<app_label>.<model>.<field>`` (``lotse.common.fields``), so the
tokens of the renamed model are decrypted with the old and encrypted with the new name here, with
plain SQL like ``rotate_keys``: no signals (no audit entries), ``auto_now`` and ``version`` stay.
Audit entries keep the old label; ``@audited(former_labels=...)`` on the models lets readers of
the trail find them.
"""

from typing import Any

from django.db import migrations

from lotse.common import crypto

ENCRYPTED_FIELDS = ("first_name", "last_name", "phone", "email", "wishes")
OLD_LABEL = "volunteers.partner"
NEW_LABEL = "volunteers.tandempartner"


def _reencrypt(apps: Any, schema_editor: Any, *, old_label: str, new_label: str) -> None:
    model = apps.get_model("volunteers", "TandemPartner")
    connection = schema_editor.connection
    qn = connection.ops.quote_name
    table = qn(model._meta.db_table)
    pk = qn(model._meta.pk.column)
    columns = [model._meta.get_field(name).column for name in ENCRYPTED_FIELDS]
    select = f"SELECT {pk}, {', '.join(qn(c) for c in columns)} FROM {table} ORDER BY {pk}"  # noqa: S608  # nosec B608 - quoted identifiers from the model
    with connection.cursor() as cursor:
        cursor.execute(select)
        rows = cursor.fetchall()
        for row_pk, *tokens in rows:
            updates: list[tuple[str, str]] = []
            for name, column, token in zip(ENCRYPTED_FIELDS, columns, tokens, strict=True):
                if token is None:
                    continue
                try:
                    plaintext = crypto.decrypt(token, aad=f"{old_label}.{name}")
                except crypto.DecryptionError as exc:
                    # Left as it is, the value could never be read again under the new name.
                    raise RuntimeError(
                        f"{old_label} pk={row_pk} {name}: {exc}. Configure every key in "
                        "LOTSE_ENCRYPTION_KEYS that ever encrypted data, then migrate again."
                    ) from None
                updates.append((column, crypto.encrypt(plaintext, aad=f"{new_label}.{name}")))
            if updates:
                assignments = ", ".join(f"{qn(column)} = %s" for column, _ in updates)
                cursor.execute(
                    f"UPDATE {table} SET {assignments} WHERE {pk} = %s",  # noqa: S608  # nosec B608 - quoted identifiers, values as parameters
                    [*(token for _, token in updates), row_pk],
                )


def forwards(apps: Any, schema_editor: Any) -> None:
    _reencrypt(apps, schema_editor, old_label=OLD_LABEL, new_label=NEW_LABEL)


def backwards(apps: Any, schema_editor: Any) -> None:
    _reencrypt(apps, schema_editor, old_label=NEW_LABEL, new_label=OLD_LABEL)


class Migration(migrations.Migration):
    dependencies = [
        ("volunteers", "0003_volunteer_anonymised_at"),
    ]

    operations = [
        migrations.RenameModel(old_name="Partner", new_name="TandemPartner"),
        migrations.RenameModel(old_name="PartnerLanguage", new_name="TandemPartnerLanguage"),
        migrations.RunPython(forwards, backwards),
    ]
