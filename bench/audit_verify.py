"""Benchmark: writing N audit entries and verifying the keyed chain (default 100,000).

Not a test — it prints figures for a fresh, empty database that it creates and removes:

    .venv/bin/python bench/audit_verify.py                       # SQLite in a temporary dir
    .venv/bin/python bench/audit_verify.py --entries 20000
    .venv/bin/python bench/audit_verify.py --postgres postgres://postgres@127.0.0.1:5432

Entries go through ``log_action`` (lock the head, HMAC, insert) like the app writes them, 1,000
per transaction; a further 1,000 are written one transaction each, which is the app's case (one
entry per request, each a durable commit). Then ``verify_chain`` (the whole chain),
``lotse audit anchor`` and ``verify_trail`` (chain plus anchors) are timed. Development keys
(LOTSE_DEBUG=1): the figures do not depend on the key.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--entries", type=int, default=100_000, help="entries to write (100000)")
parser.add_argument(
    "--postgres",
    metavar="URL",
    help="server URL without database name; a database lotse_bench_audit_<pid> is created",
)
args = parser.parse_args()

scratch = Path(tempfile.mkdtemp(prefix="lotse-bench-audit-"))
os.environ["DJANGO_SETTINGS_MODULE"] = "lotse.settings"
os.environ["LOTSE_DEBUG"] = "1"
os.environ["LOTSE_VAR_DIR"] = str(scratch)
os.environ["LOTSE_LOG_LEVEL"] = "WARNING"
pg_name = f"lotse_bench_audit_{os.getpid()}"
if args.postgres:
    import psycopg

    with psycopg.connect(args.postgres.rstrip("/") + "/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{pg_name}"')
    os.environ["DATABASE_URL"] = args.postgres.rstrip("/") + "/" + pg_name
else:
    os.environ.pop("DATABASE_URL", None)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, connections, transaction  # noqa: E402

from lotse.audit.context import Actor  # noqa: E402
from lotse.audit.services import log_action, verify_chain  # noqa: E402
from lotse.audit.services.anchors import anchor_head, verify_trail  # noqa: E402


def timed(label: str, func, *a, **kw):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = func(*a, **kw)
    elapsed = time.perf_counter() - start
    print(f"{label:<52} {elapsed:8.2f} s")
    return result, elapsed


def write(n: int, per_transaction: int) -> None:
    actor = Actor(1, "bench@lotse.invalid")
    written = 0
    while written < n:
        with transaction.atomic():
            for _ in range(min(per_transaction, n - written)):
                written += 1
                log_action(
                    action="client.viewed",
                    actor=actor,
                    client_id=written % 5000,
                    data={"fields": ["name", "birth_date"], "n": written},
                )


def main() -> None:
    call_command("migrate", verbosity=0)
    print(
        f"audit bench: {connection.vendor}, Python {platform.python_version()}, "
        f"{os.cpu_count()} cores, {args.entries:,} entries"
    )
    _, bulk = timed(
        f"write {args.entries:,} entries, 1,000 per transaction", write, args.entries, 1000
    )
    _, single = timed("write 1,000 more, one transaction each", write, 1000, 1)
    total = args.entries + 1000
    report, verify = timed(f"verify_chain over {total:,} entries", verify_chain)
    assert report.ok and report.checked == total, report
    anchors = scratch / "anchors.log"
    timed("lotse audit anchor (verifies first)", anchor_head, path=anchors)
    trail, _ = timed("verify_trail (chain + 1 anchor)", verify_trail, path=anchors)
    assert trail.ok, trail
    print(
        f"\nwriting: {args.entries / bulk:,.0f} entries/s in batches, {1000 / single:,.0f} "
        f"entries/s one commit each; audit verify on {total:,} entries: {verify:.1f} s "
        f"({total / verify:,.0f} entries/s)"
    )


try:
    main()
finally:
    connections.close_all()
    if args.postgres:
        import psycopg

        with psycopg.connect(args.postgres.rstrip("/") + "/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)')
    shutil.rmtree(scratch, ignore_errors=True)
    sys.stdout.flush()
