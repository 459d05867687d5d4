"""A consent names network partners by key; other recipients go to an encrypted text field.

Until now ``partners`` held names, one per line, and the referral check compared them with the
partner's name. Each line is matched here as that check did (trimmed, case-insensitive) against
the partners of the client's centre: a match becomes a link, any other line goes to
``other_recipients`` (encrypted: it can name a person). Then the name column goes. Backwards, the
names of the links and the other recipients become lines again.
"""

from typing import Any

from django.db import migrations, models

import lotse.common.fields


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def forwards(apps: Any, schema_editor: Any) -> None:
    Consent = apps.get_model("clients", "Consent")
    Partner = apps.get_model("network", "Partner")
    using = schema_editor.connection.alias
    by_centre: dict[int, dict[str, list[int]]] = {}
    consents = Consent.objects.using(using).select_related("client__team__service")
    for consent in consents.order_by("pk").iterator(chunk_size=500):
        centre_id = consent.client.team.service.centre_id
        if centre_id not in by_centre:
            names: dict[str, list[int]] = {}
            for pk, name in Partner.objects.using(using).filter(centre_id=centre_id).values_list(
                "pk", "name"
            ):
                names.setdefault(name.strip().casefold(), []).append(pk)
            by_centre[centre_id] = names
        linked: list[int] = []
        others: list[str] = []
        for line in _lines(consent.partners):
            found = by_centre[centre_id].get(line.casefold())
            if found:
                linked.extend(found)
            else:
                others.append(line)
        if linked:
            consent.partner_links.add(*linked)
        # Every row gets its own token (AddField filled all rows with one token of "").
        Consent.objects.using(using).filter(pk=consent.pk).update(
            other_recipients="\n".join(others)
        )


def backwards(apps: Any, schema_editor: Any) -> None:
    Consent = apps.get_model("clients", "Consent")
    using = schema_editor.connection.alias
    for consent in Consent.objects.using(using).order_by("pk").iterator(chunk_size=500):
        names = [p.name for p in consent.partner_links.order_by("name")]
        lines = names + _lines(consent.other_recipients)
        Consent.objects.using(using).filter(pk=consent.pk).update(partners="\n".join(lines))


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0010_free_text_encrypted"),
        ("network", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="consent",
            name="other_recipients",
            field=lotse.common.fields.EncryptedTextField(
                blank=True,
                help_text="Recipients that are not network partners, one per line.",
                verbose_name="other recipients named",
            ),
        ),
        migrations.AddField(
            model_name="consent",
            name="partner_links",
            field=models.ManyToManyField(
                blank=True,
                related_name="consents",
                to="network.partner",
                verbose_name="partners named",
            ),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.RemoveField(model_name="consent", name="partners"),
    ]
