"""Benchmark: audited writes per second on PostgreSQL with 8 concurrent writers (issue #20).

Not a test — it prints figures. It needs PostgreSQL (``DATABASE_URL``); on that server it
creates (afresh) the database ``<name>_audit_writes`` next to the one the URL names, migrates
it, and leaves it for inspection. Run by ``make bench``:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lotse_bench .venv/bin/python \\
        bench/bench_audit_writes.py [--writers 8] [--seconds 10]

Each writer is a process with its own connection. One audited write is what a counsellor's
change of a client file costs the audit: a transaction that updates one row (the writer's own
client's ``updated_at``) and appends one entry through ``log_action`` (lock a chain head, HMAC,
insert, move the head), then commits (a durable commit: ``synchronous_commit`` as the server
has it). Measured twice in the same run: with ``LOTSE_AUDIT_CHAINS=1`` (every audited write in
the system waits for the one before: the floor, the design before issue #20) and with 8
chains. Afterwards ``lotse audit verify`` runs on the database: the log must verify clean.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import platform
import subprocess  # nosec B404 - runs this project's own CLI
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--writers", type=int, default=8, help="writer processes (8)")
parser.add_argument("--seconds", type=float, default=10.0, help="seconds per measurement (10)")
parser.add_argument("--chains", type=int, default=8, help="chains of the second run (8)")
args = parser.parse_args()

TARGET = 2_000  # audited writes per second (issue #20)
source_url = os.environ.get("DATABASE_URL", "")
if not source_url.startswith(("postgres://", "postgresql://")):
    sys.exit("bench_audit_writes.py needs DATABASE_URL=postgres://... (PostgreSQL)")
parts = urlsplit(source_url)
bench_name = (parts.path.lstrip("/") or "lotse") + "_audit_writes"
bench_url = urlunsplit(parts._replace(path="/" + bench_name))

import psycopg  # noqa: E402

with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as admin:
    admin.execute(f'DROP DATABASE IF EXISTS "{bench_name}"')
    admin.execute(f'CREATE DATABASE "{bench_name}"')

os.environ["DATABASE_URL"] = bench_url
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lotse.settings")
os.environ.setdefault("LOTSE_DEBUG", "1")
os.environ.setdefault("LOTSE_LOG_LEVEL", "WARNING")
# The anchors belong to the database made afresh above: the last run's would (rightly) not match.
anchor_path = Path(f"/tmp/{bench_name}-anchors.log")  # noqa: S108  # nosec B108
anchor_path.unlink(missing_ok=True)
os.environ["LOTSE_AUDIT_ANCHOR_FILE"] = str(anchor_path)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, connections, transaction  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.utils import timezone  # noqa: E402

from lotse.audit.context import Actor  # noqa: E402
from lotse.audit.models import AuditEntry  # noqa: E402
from lotse.audit.services import log_action  # noqa: E402
from lotse.clients.models import Client  # noqa: E402
from lotse.clients.services import ClientData, client_create  # noqa: E402
from lotse.organisation.models import Centre, Provider, Service, ServiceKind, Team  # noqa: E402


def setup_clients(n: int) -> list[int]:
    provider = Provider.objects.create(name="Benchträger e.V.")
    centre = Centre.objects.create(provider=provider, name="Bench", statistics_id="b-1")
    service = Service.objects.create(centre=centre, kind=ServiceKind.MBE)
    team = Team.objects.create(service=service, name="Team Bench")
    return [
        client_create(team=team, data=ClientData(first_name=f"Bench{i}", last_name="Writer")).pk
        for i in range(n)
    ]


def audited_write(client: Client, actor: Actor, n: int) -> None:
    with transaction.atomic():
        Client.objects.filter(pk=client.pk).update(updated_at=timezone.now())
        log_action(
            action="client.updated",
            obj=client,
            actor=actor,
            data={"fields": ["notes"], "n": n},
        )


def writer(client_id: int, chains: int, start_at: float, seconds: float, out) -> None:  # type: ignore[no-untyped-def]
    settings.LOTSE_AUDIT_CHAINS = chains
    settings.DEBUG = False  # as in production: no query log in the writers
    client = Client.objects.get(pk=client_id)
    actor = Actor(1, f"writer{client_id}@bench.invalid")
    audited_write(client, actor, 0)  # connect and warm up before the clock starts
    while time.time() < start_at:
        time.sleep(0.001)
    done = 0
    end = start_at + seconds
    cpu = time.process_time()
    while time.time() < end:
        done += 1
        audited_write(client, actor, done)
    cpu = time.process_time() - cpu
    connection.close()
    out.put((done, cpu))


def machine_busy() -> tuple[int, int]:
    """(busy, total) jiffies of all cores so far, from /proc/stat."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]
    return sum(fields) - idle, sum(fields)


def measure(client_ids: list[int], chains: int) -> float:
    context = multiprocessing.get_context("fork")
    out = context.Queue()
    start_at = time.time() + 2.0
    connections.close_all()  # each process opens its own connection
    procs = [
        context.Process(target=writer, args=(cid, chains, start_at, args.seconds, out))
        for cid in client_ids
    ]
    for proc in procs:
        proc.start()
    while time.time() < start_at:
        time.sleep(0.01)
    busy_before = machine_busy()
    results = [out.get() for _ in procs]
    busy_after = machine_busy()
    for proc in procs:
        proc.join()
    total = sum(done for done, _ in results)
    python_ms = sum(cpu for _, cpu in results) * 1000 / max(total, 1)
    busy = (busy_after[0] - busy_before[0]) / max(busy_after[1] - busy_before[1], 1)
    rate = total / args.seconds
    print(
        f"{args.writers} writers, {chains} chain(s): {total:>8,} audited writes, {rate:8.0f}/s "
        f"(writers' Python CPU {python_ms:.2f} ms per write; machine CPU busy {busy:.0%}, "
        "all processes)"
    )
    return rate


def main() -> None:
    call_command("migrate", verbosity=0)
    client_ids = setup_clients(args.writers)
    print(
        f"audited writes: PostgreSQL {connection.pg_version // 10000}, "
        f"Python {platform.python_version()}, {os.cpu_count()} cores "
        f"({platform.node()}), {args.writers} writer processes, {args.seconds:g} s each; "
        "other work on the machine is not excluded"
    )
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        print(f"synchronous_commit = {cursor.fetchone()[0]}")
    floor = measure(client_ids, 1)
    rate = measure(client_ids, args.chains)
    verdict = "ok" if rate >= TARGET else "BELOW TARGET"
    print(
        f"{args.chains} chains / 1 chain: {rate / floor:.2f}x; {rate:.0f}/s against the target "
        f"{TARGET:,}/s: {verdict}"
    )
    per_chain = dict(
        AuditEntry.objects.order_by("chain").values_list("chain").annotate(n=Count("id"))
    )
    print("entries per chain:", ", ".join(f"{c}: {n:,}" for c, n in per_chain.items()))
    connections.close_all()
    lotse = Path(sys.executable).with_name("lotse")
    for sub in (["audit", "anchor"], ["audit", "verify"]):
        result = subprocess.run(  # noqa: S603  # nosec B603 - fixed arguments
            [str(lotse), *sub], capture_output=True, text=True, check=False
        )
        print(f"lotse {' '.join(sub)}: rc={result.returncode}")
        if sub[1] == "verify" or result.returncode:
            print((result.stdout + result.stderr).strip())
        if result.returncode:
            sys.exit(result.returncode)
    print(f"database {bench_name} kept for inspection")


if __name__ == "__main__":
    main()
