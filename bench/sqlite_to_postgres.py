"""Copy the SQLite benchmark data set into PostgreSQL with COPY (not the ORM), so both databases
are measured on the same rows.

    LOTSE_DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/lotse_bench \\
        .venv/bin/python bench/sqlite_to_postgres.py /tmp/lotse-bench/lotse.sqlite3

The target database is migrated by Django first (its schema is the application's own), then
every table is emptied and filled from SQLite with ``COPY … FROM STDIN`` with foreign-key
triggers off for the load (``session_replication_role = replica``, needs a superuser), then
sequences are set past the highest id and the tables analysed. Building 100,000 clients and
1,000,000 contacts through the ORM (``lotse demo``) takes hours on PostgreSQL on a 2-core
machine; this takes minutes. Not a backup tool: it trusts both schemas to be the same
migration state, and says so if a column is missing.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lotse.settings")
os.environ.setdefault("LOTSE_DEBUG", "1")


def main() -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor != "postgresql":
        sys.exit("Point DATABASE_URL at the PostgreSQL database to fill.")
    source = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/lotse-bench/lotse.sqlite3")  # noqa: S108
    lite = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    with connection.cursor() as cursor:
        tables = [
            name
            for (name,) in lite.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' AND name != 'django_migrations' ORDER BY name"
            )
        ]
        known = set(connection.introspection.table_names(cursor))
        tables = [t for t in tables if t in known]
        cursor.execute("SET session_replication_role = replica")
        cursor.execute("TRUNCATE " + ", ".join(connection.ops.quote_name(t) for t in tables))
        total = 0
        with_id = []
        for table in tables:
            columns = [row[1] for row in lite.execute(f"PRAGMA table_info({table})")]
            target = {c.name for c in connection.introspection.get_table_description(cursor, table)}
            missing = [c for c in columns if c not in target]
            if missing:
                sys.exit(f"{table}: columns {missing} are not in PostgreSQL — migrate both first.")
            if "id" in columns:
                with_id.append(table)
            names = ", ".join(connection.ops.quote_name(c) for c in columns)
            quoted = connection.ops.quote_name(table)
            select = f"SELECT {', '.join(f'[{c}]' for c in columns)} FROM [{table}]"  # noqa: S608
            copy_sql = f"COPY {quoted} ({names}) FROM STDIN"
            rows = 0
            with cursor.cursor.copy(copy_sql) as copy:  # type: ignore[attr-defined]
                for row in lite.execute(select):
                    copy.write_row(row)
                    rows += 1
            total += rows
            if rows > 10_000:
                print(f"  {table}: {rows:,} rows")
        cursor.execute("SET session_replication_role = DEFAULT")
        for table in with_id:
            cursor.execute(
                "SELECT pg_get_serial_sequence(%s, 'id')", [connection.ops.quote_name(table)]
            )
            sequence = cursor.fetchone()
            if sequence and sequence[0]:
                cursor.execute(
                    f"SELECT setval(%s, COALESCE((SELECT MAX(id) FROM {connection.ops.quote_name(table)}), 0) + 1, false)",  # noqa: E501, S608
                    [sequence[0]],
                )
        cursor.execute("ANALYZE")
    print(f"copied {total:,} rows of {len(tables)} tables in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
