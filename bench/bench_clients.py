"""Benchmark: client search and the client page at 100,000 clients / 1,000,000 contacts.

Not a test — it prints figures. Usage (SQLite in a scratch directory, built on first run):

    LOTSE_DEBUG=1 LOTSE_VAR_DIR=/tmp/lotse-bench .venv/bin/python bench/bench_clients.py
    LOTSE_DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/lotse_bench \
        .venv/bin/python bench/bench_clients.py

Each figure is compared with a floor measured in the same run: fetching one client row by its
primary key (the cheapest possible read), so the ratio shows what search and rendering add.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from collections.abc import Callable

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lotse.settings")
os.environ.setdefault("LOTSE_DEBUG", "1")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client as HttpClient  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from lotse.accounts.models import User  # noqa: E402
from lotse.clients.models import Client, CounsellingContact  # noqa: E402
from lotse.clients.selectors import client_search  # noqa: E402

CLIENTS = int(os.environ.get("BENCH_CLIENTS", "100000"))
CONTACTS = int(os.environ.get("BENCH_CONTACTS", "1000000"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "200"))


def measure(func: Callable[[], object], rounds: int = ROUNDS) -> tuple[float, float]:
    timings = []
    for _ in range(rounds):
        start = time.perf_counter()
        func()
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1]


def ensure_data() -> None:
    if Client.objects.count() >= CLIENTS:
        return
    print(f"building {CLIENTS:,} clients / {CONTACTS:,} contacts …", flush=True)
    start = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("demo", clients=CLIENTS, contacts=CONTACTS, quiet_logins=True, stdout=sys.stderr)
    print(f"built in {time.perf_counter() - start:.0f} s", flush=True)


def main() -> None:
    ensure_data()
    setup_test_environment()
    counsellor = User.objects.get(email="beratung1@demo.lotse.invalid")
    visible = Client.objects.visible_to(counsellor)
    sample = list(visible.order_by("?").values_list("pk", "birth_date")[:ROUNDS])
    names = [c.last_name for c in Client.objects.filter(pk__in=[pk for pk, _ in sample[:50]])]
    prefixes = [name[:3] for name in names if len(name) >= 3]
    rng = random.Random(7)  # noqa: S311 - picks sample rows, not security
    print(
        f"database: {connection.vendor}; clients: {Client.objects.count():,}; "
        f"contacts: {CounsellingContact.objects.count():,}; rounds: {ROUNDS}"
    )

    floor = measure(lambda: Client.objects.filter(pk=rng.choice(sample)[0]).first())
    prefix = measure(lambda: list(client_search(user=counsellor, query=rng.choice(prefixes))[:25]))
    birth = measure(
        lambda: list(client_search(user=counsellor, birth_date=rng.choice(sample)[1])[:25])
    )

    http = HttpClient()
    http.force_login(counsellor)
    session = http.session
    session["account_authentication_methods"] = [{"method": "mfa", "at": time.time()}]
    session["account_authentication_methods_user"] = str(counsellor.pk)
    session.save()

    def page(url: str) -> None:
        response = http.get(url)
        assert response.status_code == 200, (url, response.status_code)

    search_page = measure(
        lambda: page(f"/clients/?q={rng.choice(prefixes)}"), rounds=max(50, ROUNDS // 4)
    )
    client_page = measure(
        lambda: page(f"/clients/{rng.choice(sample)[0]}/"), rounds=max(50, ROUNDS // 4)
    )
    rows = [
        ("floor: one client by primary key", floor),
        ("search by name prefix (blind index)", prefix),
        ("search by date of birth", birth),
        ("client list page with a name search", search_page),
        ("client page (overview)", client_page),
    ]
    print(f"{'operation':<40} {'p50 ms':>9} {'p95 ms':>9} {'p50/floor':>10}")
    for label, (p50, p95) in rows:
        print(f"{label:<40} {p50:9.2f} {p95:9.2f} {p50 / floor[0]:10.1f}")


if __name__ == "__main__":
    main()
