"""Benchmark: importing a 10,000-row client list and a 10,000-row list of counselling
contacts (issue #18: each under a minute).

Not a test — it prints figures. The client list is the messy German list of the tests
(tests/imports/messy.py) at 10,000 rows; it is checked (dry run, with the duplicate check
against every file of the team) and imported into the first team a team lead leads, then
the import is undone, so the database is as before. The contact list
(tests/imports/messy_records.py) names the team's existing files by file number, every 50th
row an unknown one; it is checked (files, topics, duplicates against the team's contacts),
imported and undone the same way. On a database without demo data a small demo is built
first.

    LOTSE_DEBUG=1 LOTSE_VAR_DIR=/tmp/lotse-bench .venv/bin/python bench/bench_import.py
    BENCH_IMPORT_ROWS=2000 ... bench/bench_import.py
    BENCH_IMPORT_KIND=contacts ... bench/bench_import.py   # the contacts only
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lotse.settings")
os.environ.setdefault("LOTSE_DEBUG", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import django

django.setup()

from django.conf import settings  # noqa: E402

# As in production (the worker runs with DEBUG off): the debug cursor would format and keep
# every statement's SQL, about a tenth of the import's time.
settings.DEBUG = False

from django.core.management import call_command  # noqa: E402

from imports.messy import messy_list  # noqa: E402
from imports.messy_records import contact_list  # noqa: E402
from lotse.accounts.models import Membership  # noqa: E402
from lotse.accounts.roles import Role  # noqa: E402
from lotse.audit.context import acting_as, actor_for_user  # noqa: E402
from lotse.clients.models import Client  # noqa: E402
from lotse.imports.models import ImportKind  # noqa: E402
from lotse.imports.services import (  # noqa: E402
    import_execute,
    import_start,
    import_undo,
    import_upload,
)

ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "10000"))
LIMIT_SECONDS = 60.0


def lead() -> Membership:
    call_command("migrate", verbosity=0)
    membership = (
        Membership.objects.filter(role=Role.TEAM_LEAD, read_only=False)
        .exclude(team__service__kind="no_status")
        .select_related("team", "user")
        .first()
    )
    if membership is None:
        print("no team lead: building a small demo …", flush=True)
        call_command("demo", clients=500, quiet_logins=True, stdout=sys.stderr)
        return lead()
    return membership


def contacts(membership: Membership) -> float:
    """Check, import and undo ROWS contacts for the team's files; the seconds it took."""
    team, user = membership.team, membership.user
    numbers = list(
        Client.objects.filter(team=team, merged_into__isnull=True).values_list(
            "file_number", flat=True
        )
    )
    sheet = contact_list(numbers, ROWS, seed=10_000)
    print(f"contacts: {ROWS:,} rows for {len(numbers):,} files, {len(sheet.data) / 1e6:.1f} MB")
    with acting_as(actor_for_user(user)):
        start = time.perf_counter()
        run = import_upload(
            team=team, by=user, name="kontakte.xlsx", data=sheet.data, kind=ImportKind.CONTACTS
        )
        checked = time.perf_counter() - start
        print(
            f"dry run: {checked:.1f} s: {run.to_create:,} to create, {run.duplicates:,} "
            f"duplicates, {run.errors:,} errors"
        )
        start = time.perf_counter()
        import_start(run)
        run = import_execute(run)
        imported = time.perf_counter() - start
        print(f"import:  {imported:.1f} s ({run.created / imported:,.0f} contacts/s)")
        total = checked + imported
        verdict = "OK" if total < LIMIT_SECONDS else "TOO SLOW"
        print(f"total:   {total:.1f} s for {ROWS:,} rows ({ROWS / total:,.0f} rows/s) – {verdict}")
        start = time.perf_counter()
        deleted, kept = import_undo(run)
        print(f"undo:    {time.perf_counter() - start:.1f} s ({deleted:,} deleted, {kept} kept)")
    return total


def main() -> None:
    membership = lead()
    if os.environ.get("BENCH_IMPORT_KIND") == "contacts":
        contacts(membership)
        return
    team, user = membership.team, membership.user
    existing = Client.objects.filter(team=team).count()
    messy = messy_list(ROWS, seed=10_000)
    print(f"list: {ROWS:,} rows, {len(messy.data) / 1e6:.1f} MB; team has {existing:,} files")
    with acting_as(actor_for_user(user)):
        start = time.perf_counter()
        run = import_upload(team=team, by=user, name="bench.xlsx", data=messy.data)
        checked = time.perf_counter() - start
        print(
            f"dry run: {checked:.1f} s ({ROWS / checked:,.0f} rows/s): {run.to_create:,} to "
            f"create, {run.duplicates:,} duplicates, {run.errors:,} errors"
        )
        start = time.perf_counter()
        import_start(run)
        run = import_execute(run)
        imported = time.perf_counter() - start
        print(f"import:  {imported:.1f} s ({run.created / imported:,.0f} files/s)")
        total = checked + imported
        verdict = "OK" if total < LIMIT_SECONDS else "TOO SLOW"
        print(f"total:   {total:.1f} s for {ROWS:,} rows ({ROWS / total:,.0f} rows/s) – {verdict}")
        start = time.perf_counter()
        deleted, kept = import_undo(run)
        print(f"undo:    {time.perf_counter() - start:.1f} s ({deleted:,} deleted, {kept} kept)")
    contacts(membership)


if __name__ == "__main__":
    main()
