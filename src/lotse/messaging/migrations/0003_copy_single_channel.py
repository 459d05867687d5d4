# Step 2 of 3: each client's single channel becomes one channel row with the same scope,
# date of consent and date of withdrawal; an e-mail or SMS channel is also the preferred one.
# "none" had no channel: nothing to copy (a "none" row with a withdrawal date was an earlier
# consent whose channel is no longer known; its withdrawal stays in the audit trail).

from django.db import migrations


def copy_channels(apps, schema_editor):
    preference_model = apps.get_model("messaging", "ContactPreference")
    channel_model = apps.get_model("messaging", "ContactChannel")
    rows = []
    for preference in preference_model.objects.exclude(channel="none").iterator():
        rows.append(
            channel_model(
                preference_id=preference.pk,
                channel=preference.channel,
                scope=preference.scope,
                consent_on=preference.consent_on,
                withdrawn_on=preference.withdrawn_on,
                recorded_by_id=preference.recorded_by_id,
                recorded_at=preference.recorded_at,
            )
        )
        if preference.channel in ("email", "sms"):
            preference.preferred_channel = preference.channel
            preference.save(update_fields=["preferred_channel"])
    channel_model.objects.bulk_create(rows, batch_size=500)


def copy_back(apps, schema_editor):
    """Back to one channel: the preferred (or first) channel still consented, else "none"."""
    preference_model = apps.get_model("messaging", "ContactPreference")
    channel_model = apps.get_model("messaging", "ContactChannel")
    for preference in preference_model.objects.iterator():
        rows = list(channel_model.objects.filter(preference_id=preference.pk).order_by("channel"))
        active = [row for row in rows if row.withdrawn_on is None]
        active.sort(key=lambda row: row.channel != preference.preferred_channel)
        chosen = (active or rows or [None])[0]
        if chosen is None:
            continue
        preference.channel = chosen.channel if active else "none"
        preference.scope = chosen.scope
        preference.consent_on = chosen.consent_on
        preference.withdrawn_on = chosen.withdrawn_on
        preference.save(update_fields=["channel", "scope", "consent_on", "withdrawn_on"])


class Migration(migrations.Migration):

    dependencies = [
        ('messaging', '0002_contactchannel'),
    ]

    operations = [
        migrations.RunPython(copy_channels, copy_back),
    ]
