"""PostgreSQL: statistics over a team together with a file's year of birth and responsible
counsellor (issue #20).

The planner takes conditions on different columns as independent. They are not: an MBE team
(adults) holds almost no one aged 18–26, and a counsellor's files lie in that counsellor's
team. For "age 18–26" in an MBE team of 75,315 files it expected 10,600 matches, walked the
list's sort index to collect the first 25 and read every file of the team for the 5 there
were (350 ms instead of 0.2 ms). A most-common-values list over each pair lets it count such
combinations. ANALYZE fills them at once instead of at autovacuum's next visit (a few seconds
on 1,000,000 files). SQLite plans these filters without statistics: nothing to do there.
"""

from __future__ import annotations

from django.db import migrations

# (name, columns): one list per pair; 1,000 entries hold every team × year of birth combination
# of a centre (about 100 years per team) and every counsellor of its teams.
STATISTICS = (
    ("client_team_birth_year_stats", "team_id, birth_year"),
    ("client_team_responsible_stats", "team_id, responsible_id"),
)


def create(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, columns in STATISTICS:
        schema_editor.execute(
            f"CREATE STATISTICS IF NOT EXISTS {name} (mcv) ON {columns} FROM clients_client"
        )
        schema_editor.execute(f"ALTER STATISTICS {name} SET STATISTICS 1000")
    schema_editor.execute("ANALYZE clients_client")


def drop(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _columns in STATISTICS:
        schema_editor.execute(f"DROP STATISTICS IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("clients", "0024_client_merged_into_partial_index")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
