"""Benchmark: what the list-read audit (``people.listed``) costs, and finding a client in it.

Not a test — it prints figures. It builds a throw-away test database (SQLite in memory, or the
PostgreSQL server of ``DATABASE_URL``), 200 visible clients, and then

1. requests the client list (25 rows) ``BENCH_REQUESTS`` times (default 300) through the test
   client, with the audit entry written and with ``log_list_read`` replaced by a no-op;
2. writes ``BENCH_ENTRIES`` (default 20,000) list entries of 25 random ids each and times
   ``client_reads(X)`` ("who looked at client X") over them.

    PYTHONPATH=src:tests LOTSE_DEBUG=1 .venv/bin/python bench/bench_list_audit.py
    PYTHONPATH=src:tests LOTSE_DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/lotse_b \
        .venv/bin/python bench/bench_list_audit.py
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lotse.settings_test")
os.environ.setdefault("LOTSE_DEBUG", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

REQUESTS = int(os.environ.get("BENCH_REQUESTS", "300"))
ENTRIES = int(os.environ.get("BENCH_ENTRIES", "20000"))


def _time_requests(http, url: str, n: int) -> list[float]:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(n):
        start = time.perf_counter()
        response = http.get(url)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200
    return times


def _summary(times: list[float]) -> str:
    ms = sorted(t * 1000 for t in times)
    p50, p95 = ms[len(ms) // 2], ms[int(len(ms) * 0.95)]
    return f"mean {statistics.mean(ms):6.2f} ms  p50 {p50:6.2f}  p95 {p95:6.2f}"


def main() -> None:
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def run() -> None:
    from django.test import Client as HttpClient

    import lotse.clients.views as client_views
    from lotse.audit.context import Actor
    from lotse.audit.models import AuditEntry
    from lotse.audit.selectors.reads import LIST_ACTION, client_reads
    from lotse.audit.services import log_action
    from lotse.clients.services import ClientData, client_create
    from lotse_testing import build_org, sign_in

    org = build_org()
    for n in range(199):
        client_create(team=org.team_a, data=ClientData(first_name=f"P{n}", last_name="Bench"))
    http = sign_in(HttpClient(), org.users["counsellor"])
    url = reverse("client_list")
    _time_requests(http, url, 20)  # warm up

    real = client_views.log_list_read

    def off(*args: object, **kwargs: object) -> None:
        return None

    # Alternating request by request, so that load from elsewhere hits both sides alike.
    on_times: list[float] = []
    off_times: list[float] = []
    for n in range(REQUESTS * 2):
        audited = n % 2 == 0
        client_views.log_list_read = real if audited else off
        (on_times if audited else off_times).extend(_time_requests(http, url, 1))
    client_views.log_list_read = real
    print(f"database: {connection.vendor}; client list, 25 rows, {REQUESTS} requests each way")
    print(f"  with the list audit    {_summary(on_times)}")
    print(f"  without                {_summary(off_times)}")
    cost = statistics.median(on_times) - statistics.median(off_times)
    print(f"  cost per page view (median difference) {cost * 1000:6.2f} ms")

    ids = list(range(1, 100_001))
    actor = Actor(org.users["counsellor"].pk, "bench@test.invalid")
    start = time.perf_counter()
    for _ in range(ENTRIES):
        log_action(
            action=LIST_ACTION, actor=actor, data={"client_ids": sorted(random.sample(ids, 25))}
        )
    written = time.perf_counter() - start
    target = org.client_a.pk
    log_action(action=LIST_ACTION, actor=actor, data={"client_ids": [target]})
    total = AuditEntry.objects.count()
    times = []
    for _ in range(20):
        start = time.perf_counter()
        found = len(list(client_reads(target)))
        times.append(time.perf_counter() - start)
    each = written / ENTRIES * 1000
    print(f"{ENTRIES} list entries written in {written:.1f} s ({each:.2f} ms each)")
    print(f"client_reads over {total} entries: {found} found, {_summary(times)}")


if __name__ == "__main__":
    main()
