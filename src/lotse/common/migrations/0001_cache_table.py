"""The shared cache (login rate limits) lives in the database: no extra service to run."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


def drop_cache_table(apps, schema_editor):
    schema_editor.execute(
        "DROP TABLE IF EXISTS " + schema_editor.connection.ops.quote_name("lotse_cache")
    )


class Migration(migrations.Migration):
    dependencies = []
    operations = [migrations.RunPython(create_cache_table, drop_cache_table)]
