"""Seed the file-number counters from the numbers already given out."""

from django.db import migrations


def seed_counters(apps, schema_editor):
    Client = apps.get_model("clients", "Client")
    Counter = apps.get_model("common", "Counter")
    highest: dict[str, int] = {}
    for number in Client.objects.values_list("file_number", flat=True).iterator():
        prefix, _, seq = number.rpartition("-")
        if seq.isdigit():
            key = f"file_number:{prefix}"
            highest[key] = max(highest.get(key, 0), int(seq))
    for key, value in highest.items():
        Counter.objects.update_or_create(key=key, defaults={"value": value})


class Migration(migrations.Migration):
    dependencies = [("clients", "0003_topic_catalogue_2016"), ("common", "0002_counter")]
    operations = [migrations.RunPython(seed_counters, migrations.RunPython.noop)]
