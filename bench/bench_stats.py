"""Benchmark: statistics, dashboard, export and merge at 100,000 clients / 1,000,000 contacts.

Not a test — it prints figures for the database it is pointed at (``make bench`` runs both):

    LOTSE_DEBUG=1 LOTSE_VAR_DIR=/tmp/lotse-bench .venv/bin/python bench/bench_stats.py
    LOTSE_DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/lotse_bench \
        .venv/bin/python bench/bench_stats.py

The data set is built once (``make bench-data``: ``lotse demo --clients 100000 --contacts
1000000`` on SQLite, the same rows copied to PostgreSQL by ``bench/sqlite_to_postgres.py``) and
only read here. A SQLite data set older than the statistics' tables (cases, network …) is copied to
``BENCH_STATS_COPY`` (default /tmp/lotse-bench-stats) and the copy migrated; the original stays
untouched. Requests use signed-cookie sessions and a local-memory cache; the only writes are
the kept statistics counts (derived data) and one contact in a transaction rolled back.

Printed: the annual statistics (every table of the funder report, suppressed) when first
counted and kept, and from the kept counts; counted from the raw rows against the same tables
computed by one hand-written SQL query each (the floor), their agreement and the ratio; after one
new contact the dashboard, the worker's refresh and a published read; p50/p95 of the
dashboard page; exporting a centre bundle and merging 500 of them.
"""

# The floor's SQL is assembled from constants and integer team ids read from the database.
# ruff: noqa: S608

from __future__ import annotations

import os
import platform
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lotse.settings")
os.environ.setdefault("LOTSE_DEBUG", "1")
YEAR = int(os.environ.get("BENCH_YEAR", "2025"))
BUNDLES = int(os.environ.get("BENCH_BUNDLES", "500"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "40"))
NEEDED = ("cases_case", "network_partner", "volunteers_volunteer", "clients_intake")


def sqlite_source() -> None:
    """Point LOTSE_VAR_DIR at a copy when the SQLite data set lacks tables (never migrate it)."""
    if os.environ.get("DATABASE_URL"):
        return
    source = Path(os.environ.get("LOTSE_VAR_DIR", "var")) / "lotse.sqlite3"
    if not source.exists():
        sys.exit(f"No data set at {source}: build it with lotse demo --clients 100000 …")
    with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as db:
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if all(t in tables for t in NEEDED):
        return
    copy_dir = Path(os.environ.get("BENCH_STATS_COPY", "/tmp/lotse-bench-stats"))  # noqa: S108
    copy = copy_dir / "lotse.sqlite3"
    if not copy.exists() or copy.stat().st_mtime < source.stat().st_mtime:
        print(f"copying {source} to {copy} (tables {set(NEEDED) - tables} missing) …")
        copy_dir.mkdir(parents=True, exist_ok=True)
        with (
            sqlite3.connect(f"file:{source}?mode=ro", uri=True) as src,
            sqlite3.connect(copy) as dst,
        ):
            src.backup(dst)
        os.environ["BENCH_MIGRATE"] = "1"
    os.environ["LOTSE_VAR_DIR"] = str(copy_dir)


sqlite_source()

import django  # noqa: E402

django.setup()

from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client as HttpClient  # noqa: E402
from django.test.utils import override_settings, setup_test_environment  # noqa: E402
from django.urls import get_resolver  # noqa: E402

from lotse.accounts.middleware import LOGIN_AT_SESSION_KEY  # noqa: E402
from lotse.accounts.models import User  # noqa: E402
from lotse.accounts.roles import Role  # noqa: E402
from lotse.clients.models import Client, CounsellingContact  # noqa: E402
from lotse.organisation.models import Centre, Team  # noqa: E402
from lotse.stats.bundle import dump, load  # noqa: E402
from lotse.stats.materialised import refresh_stale  # noqa: E402
from lotse.stats.merge import merge  # noqa: E402
from lotse.stats.models import PeriodAggregate  # noqa: E402
from lotse.stats.published import raw_statistics, statistics_for  # noqa: E402
from lotse.stats.selectors import Period  # noqa: E402
from lotse.stats.selectors.runner import tuned  # noqa: E402
from lotse.stats.services import centre_bundle  # noqa: E402
from lotse.stats.signing import generate, sign  # noqa: E402

PERIOD = Period.year(YEAR)


# --- the floor: one hand-written query per table --------------------------------------------


def floor_queries(teams: str) -> dict[str, str]:
    pg = connection.vendor == "postgresql"
    month = "to_char(k.date, 'YYYY-MM')" if pg else "strftime('%%Y-%%m', k.date)"
    contacts = (
        "FROM clients_counsellingcontact k JOIN clients_client c ON c.id = k.client_id "
        "JOIN organisation_team t ON t.id = c.team_id JOIN organisation_service s "
        f"ON s.id = t.service_id JOIN organisation_centre z ON z.id = s.centre_id "
        f"WHERE c.team_id IN ({teams}) AND k.date BETWEEN %(start)s AND %(end)s"
    )
    served = (
        "FROM clients_client c JOIN organisation_team t ON t.id = c.team_id "
        "JOIN organisation_service s ON s.id = t.service_id "
        "JOIN organisation_centre z ON z.id = s.centre_id "
        f"WHERE c.team_id IN ({teams}) AND c.merged_into_id IS NULL AND (EXISTS (SELECT 1 "
        "FROM clients_counsellingcontact k WHERE k.client_id = c.id AND k.date BETWEEN "
        "%(start)s AND %(end)s) OR EXISTS (SELECT 1 FROM volunteers_groupofferparticipant gp "
        "JOIN volunteers_groupofferdate gd ON gd.offer_id = gp.offer_id WHERE gp.client_id = "
        "c.id AND gd.date BETWEEN %(start)s AND %(end)s))"
    )
    entry = " ".join(f"WHEN c.entry_date <= %(entry{low})s THEN '{code}'" for code, low in ENTRY)
    intakes = (
        "FROM clients_intake i JOIN clients_client c ON c.id = i.client_id "
        f"WHERE c.team_id IN ({teams})"
    )
    last_phase = (
        "(SELECT p.{col} FROM cases_phasechange p WHERE p.case_id = x.id AND p.changed_on <= "
        "%(end)s ORDER BY p.changed_on DESC, p.created_at DESC, p.id DESC LIMIT 1)"
    )
    cases = (
        f"FROM (SELECT x.id, x.service, {last_phase.format(col='to_phase')} AS phase, "
        f"{last_phase.format(col='changed_on')} AS since FROM cases_case x JOIN clients_client c "
        f"ON c.id = x.client_id WHERE c.team_id IN ({teams}) AND x.opened_on <= %(end)s) q "
        "WHERE NOT (q.phase = 'closed' AND q.since < %(start)s)"
    )
    closed = (
        "FROM cases_case x JOIN clients_client c ON c.id = x.client_id "
        f"WHERE c.team_id IN ({teams}) AND EXISTS (SELECT 1 FROM cases_closure l WHERE "
        "l.case_id = x.id AND l.closed_on BETWEEN %(start)s AND %(end)s)"
    )
    return {
        "clients_by_team": f"SELECT c.team_id, COUNT(*) {served} GROUP BY c.team_id",
        "clients_by_service": f"SELECT s.kind, COUNT(*) {served} GROUP BY s.kind",
        "clients_by_centre": f"SELECT z.statistics_id, COUNT(*) {served} GROUP BY 1",
        # Age and gender, residence and nationality have no SQL floor: the columns are
        # encrypted (issue #15), so the app decrypts one row per client (bench_client_rows).
        "clients_by_region": f"SELECT c.region_of_origin, COUNT(*) {served} GROUP BY 1",
        "clients_by_years_since_entry": f"SELECT CASE {entry} ELSE 'unknown' END, COUNT(*) "
        f"{served} GROUP BY 1",
        "contacts_by_team": f"SELECT c.team_id, COUNT(*) {contacts} GROUP BY 1",
        "contacts_by_service": f"SELECT s.kind, COUNT(*) {contacts} GROUP BY 1",
        "contacts_by_centre": f"SELECT z.statistics_id, COUNT(*) {contacts} GROUP BY 1",
        "contacts_by_counsellor": f"SELECT k.counsellor_id, COUNT(*) {contacts} GROUP BY 1",
        "contacts_by_form": f"SELECT k.form, COUNT(*) {contacts} GROUP BY 1",
        "contacts_by_language": f"SELECT k.language, COUNT(*) {contacts} GROUP BY 1",
        "contacts_by_month": f"SELECT {month}, COUNT(*) {contacts} GROUP BY 1",
        "hours_by_service": f"SELECT s.kind, SUM(k.duration_minutes) / 60.0 {contacts} GROUP BY 1",
        "clients_by_month": f"SELECT {month}, COUNT(DISTINCT k.client_id) {contacts} GROUP BY 1",
        "clients_by_counsellor": f"SELECT k.counsellor_id, COUNT(DISTINCT k.client_id) "
        f"{contacts} GROUP BY 1",
        "contacts_by_topic": "SELECT tp.code, COUNT(*) FROM clients_counsellingcontact_topics y "
        "JOIN clients_topic tp ON tp.id = y.topic_id JOIN clients_counsellingcontact k ON "
        f"k.id = y.counsellingcontact_id JOIN clients_client c ON c.id = k.client_id WHERE "
        f"c.team_id IN ({teams}) AND k.date BETWEEN %(start)s AND %(end)s GROUP BY tp.code",
        "intakes_by_access_channel": f"SELECT i.access_channel, COUNT(*) {intakes} AND i.date "
        "BETWEEN %(start)s AND %(end)s GROUP BY 1",
        "intakes_by_outcome": f"SELECT i.outcome, COUNT(*) {intakes} AND i.date BETWEEN "
        "%(start)s AND %(end)s GROUP BY 1",
        "family_members_by_service": "SELECT v.kind, COUNT(*) FROM clients_householdmember h "
        f"JOIN (SELECT c.id, s.kind {served}) v ON v.id = h.client_id WHERE h.counselled_along "
        "GROUP BY v.kind",
        "waiting_list_by_service": f"SELECT i.service, COUNT(*) {intakes} AND i.outcome = "
        "'waiting_list' AND i.date <= %(end)s AND (i.waiting_until IS NULL OR i.waiting_until "
        "> %(end)s) GROUP BY 1",
        "cases_by_phase_service": f"SELECT q.phase, q.service, COUNT(*) {cases} GROUP BY 1, 2",
        "goals_by_status": "SELECT g.status, COUNT(*) FROM cases_goal g JOIN cases_supportplan sp "
        "ON sp.id = g.plan_id WHERE sp.number = (SELECT MAX(o.number) FROM cases_supportplan o "
        f"WHERE o.case_id = sp.case_id) AND sp.case_id IN (SELECT q.id {cases}) GROUP BY 1",
        "livelihood_intake_closure": "SELECT (SELECT i.livelihood FROM clients_intake i WHERE "
        "i.client_id = x.client_id AND i.service = x.service AND i.date <= x.opened_on "
        "ORDER BY i.date DESC, i.created_at DESC, i.id DESC LIMIT 1), "
        "(SELECT l.livelihood FROM cases_closure l WHERE l.case_id = x.id AND "
        "l.closed_on BETWEEN %(start)s AND %(end)s ORDER BY l.closed_on DESC, l.created_at DESC, "
        f"l.id DESC LIMIT 1), COUNT(*) {closed} GROUP BY 1, 2",
    }


ENTRY = (("5_plus", 5), ("3_4", 3), ("1_2", 1), ("under_1", 0))


def floor(team_ids: list[int]) -> tuple[float, dict[str, dict[tuple[str, ...], float]]]:
    from lotse.stats.selectors.base import years_before

    end = PERIOD.end
    params = {"start": PERIOD.start, "end": end}
    params |= {f"entry{low}": years_before(end, low) for _c, low in ENTRY}
    queries = floor_queries(", ".join(str(int(t)) for t in team_ids))
    results: dict[str, dict[tuple[str, ...], float]] = {}

    def run_all() -> float:
        started = time.perf_counter()
        with connection.cursor() as cursor:
            for key, sql in queries.items():
                cursor.execute(sql, params)
                results[key] = fold(key, cursor.fetchall())
        return time.perf_counter() - started

    return tuned(run_all), results


def fold(key: str, rows: list[tuple]) -> dict[tuple[str, ...], float]:
    """Rows of a floor query as cells."""
    cells: dict[tuple[str, ...], float] = {}
    for *keys, value in rows:
        if key == "livelihood_intake_closure":
            keys = [keys[0] or "unknown", keys[1]]
        if key == "hours_by_service":
            value = round(float(value), 1)
        cells[tuple(str(k) for k in keys)] = cells.get(tuple(str(k) for k in keys), 0) + value
    return cells


def agree(raw: dict, results: dict) -> list[str]:
    wrong = []
    for key, cells in results.items():
        table = raw[key]
        mine = {k: v for k, v in table.cells.items() if "_total" not in k and v}
        theirs = {k: v for k, v in cells.items() if v}
        if key == "hours_by_service":
            mine = {k: round(v, 0) for k, v in mine.items()}
            theirs = {k: round(v, 0) for k, v in theirs.items()}
        if mine != theirs:
            wrong.append(key)
    return wrong


# --- dashboard: full request cycle without writing --------------------------------------------


def signed_in_client(user: User) -> HttpClient:
    from django.contrib.sessions.backends.signed_cookies import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[LOGIN_AT_SESSION_KEY] = time.time()
    # As allauth leaves it after password and TOTP: the statistics role needs the second factor.
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": time.time(), "email": user.email},
        {"method": "mfa", "at": time.time(), "type": "totp"},
    ]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()
    http = HttpClient()
    http.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    return http


def percentiles(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    return statistics.median(ordered), ordered[max(round(len(ordered) * 0.95) - 1, 0)]


def main() -> None:
    if os.environ.get("BENCH_MIGRATE"):
        call_command("migrate", verbosity=0)
    vendor = connection.vendor
    print(f"== Lotse statistics benchmark on {vendor} ({platform.node()}, {os.cpu_count()} cores)")
    contacts = CounsellingContact.objects.count()
    print(f"data: {contacts:,} contacts; period {PERIOD.start} – {PERIOD.end}")
    if contacts < 500_000:
        print("warning: the benchmark data set is smaller than planned (lotse demo --clients "
              "100000 --contacts 1000000)")  # fmt: skip
    team_ids = list(Team.objects.values_list("pk", flat=True))

    # Kept counts (lotse.stats.materialised): forget the year's rows, then the first request
    # counts and keeps them, and later ones sum the kept rows. Derived data only.
    PeriodAggregate.objects.filter(starts_on=PERIOD.start, ends_on=PERIOD.end).delete()
    started = time.perf_counter()
    published = statistics_for(team_ids, PERIOD)
    first = time.perf_counter() - started
    kept_runs = []
    for _ in range(5):
        started = time.perf_counter()
        statistics_for(team_ids, PERIOD)
        kept_runs.append((time.perf_counter() - started) * 1000)
    print(f"annual statistics ({len(published.tables)} tables, suppressed): first request "
          f"(counts and keeps {len(team_ids)} team rows) {first:.2f} s; from the kept rows "
          f"p50 {statistics.median(kept_runs):.0f} ms")  # fmt: skip
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        raw_statistics(team_ids, PERIOD)
        timings.append(time.perf_counter() - started)
    annual = statistics.median(timings)
    print(f"counted from the raw rows (unsuppressed): {annual:.2f} s "
          f"(runs {', '.join(f'{t:.2f}' for t in timings)})")  # fmt: skip
    raw = {t.key: t for t in raw_statistics(team_ids, PERIOD).tables}
    floors = [floor(team_ids) for _ in range(3)]
    floor_time = statistics.median(f[0] for f in floors)
    wrong = agree(raw, floors[0][1])
    print(f"floor: {len(floors[0][1])} hand-written queries, one per table: {floor_time:.2f} s; "
          f"ratio {annual / floor_time:.2f}; tables agreeing with the floor: "
          f"{len(floors[0][1]) - len(wrong)}/{len(floors[0][1])}"
          + (f" (differ: {', '.join(wrong)})" if wrong else ""))  # fmt: skip
    after_one_contact(team_ids, floor_time)

    officer = User.objects.filter(memberships__role=Role.STATISTICS_OFFICER).first()
    if officer is None:
        print("dashboard: no statistics officer in the data set — skipped")
    else:
        locmem = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
        cache = {"default": locmem, "derived": {**locmem, "LOCATION": "bench-derived"}}
        engine = "django.contrib.sessions.backends.signed_cookies"
        setup_test_environment()
        with override_settings(CACHES=cache, SESSION_ENGINE=engine):
            http = signed_in_client(officer)
            # Load every view module first: the process's first request would time imports.
            get_resolver().url_patterns  # noqa: B018
            sections = ["overview", "people", "contacts", "cases", "waiting", "network", "all"]
            started = time.perf_counter()
            response = http.get("/statistics/", {"year": YEAR})
            cold = time.perf_counter() - started
            assert response.status_code == 200, response.status_code
            warm = []
            for i in range(REQUESTS):
                started = time.perf_counter()
                response = http.get("/statistics/", {"year": YEAR, "section": sections[i % 7]})
                warm.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200
            p50, p95 = percentiles(warm)
            print(
                f"dashboard: first request (counts, cache empty) {cold:.2f} s; then {REQUESTS} "
                f"requests over all sections p50 {p50:.0f} ms, p95 {p95:.0f} ms"
            )
            after = dashboard_after_one_contact(http, team_ids, sections)
            print(
                f"dashboard page after one new contact (figures kept, marked as being counted): "
                f"p50 {after[0]:.0f} ms, p95 {after[1]:.0f} ms"
            )

    centre = Centre.objects.order_by("pk").first()
    assert centre is not None
    # An ephemeral signing key: bundles are signed and merging verifies every signature.
    with override_settings(LOTSE_STATS_SIGNING_KEY=generate()[0]):
        started = time.perf_counter()
        real = centre_bundle(centre=centre, period=PERIOD)
        export = time.perf_counter() - started
        with tempfile.TemporaryDirectory() as tmp:
            paths = synthetic_bundles(real, Path(tmp))
            started = time.perf_counter()
            bundles = [load(p) for p in paths]
            result = merge(bundles, names=[p.name for p in paths], level="region")
            merging = time.perf_counter() - started
    cells = [c for t in result.bundle["tables"] for c in t["cells"] if t["measure"] == "count"]
    hidden = sum(c["value"] is None for c in cells)
    print(f"export of one centre bundle: {export:.2f} s; merge of {BUNDLES} centre bundles "
          f"(read, validate, sum, suppress again): {merging:.2f} s")  # fmt: skip
    print(f"merged bundle: {hidden} of {len(cells)} listed count cells suppressed "
          f"({100 * hidden / max(len(cells), 1):.1f} %); the same cells of one centre: "
          f"{share_hidden(real):.1f} %")  # fmt: skip


def dashboard_after_one_contact(
    http: HttpClient, team_ids: list[int], sections: list[str]
) -> tuple[float, float]:
    """The statistics page right after a new contact, before the worker has counted it."""
    times = []
    with one_new_contact(team_ids):
        for i in range(REQUESTS):
            started = time.perf_counter()
            response = http.get("/statistics/", {"year": YEAR, "section": sections[i % 7]})
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
    return percentiles(times)


@contextmanager
def one_new_contact(team_ids: list[int]) -> Iterator[None]:
    """One new contact on the last day of the period, no worker running; rolled back after."""
    client = Client.objects.filter(team_id__in=team_ids).order_by("pk").first()
    counsellor = User.objects.filter(memberships__role=Role.COUNSELLOR).first()
    worker = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    with transaction.atomic(), override_settings(TASKS=worker):
        CounsellingContact.objects.create(
            client=client, date=PERIOD.end, duration_minutes=45, form="in_person",
            language="de", counsellor=counsellor,
        )  # fmt: skip
        yield
        transaction.set_rollback(True)


def after_one_contact(team_ids: list[int], floor_time: float) -> None:
    """One new contact, in a transaction rolled back at the end: what the dashboard answers
    while a worker counts (kept counts, marked pending), what the worker's refresh costs, and
    what a published read (reports, bundles), which never waits, costs."""
    with one_new_contact(team_ids):
        pending = []
        for _ in range(5):
            started = time.perf_counter()
            shown = statistics_for(team_ids, PERIOD, fresh=False)
            pending.append((time.perf_counter() - started) * 1000)
        assert shown.pending
        started = time.perf_counter()
        refreshed = refresh_stale()
        refresh = time.perf_counter() - started
        started = time.perf_counter()
        statistics_for(team_ids, PERIOD)
        fresh = (time.perf_counter() - started) * 1000
    print(
        f"after one new contact: dashboard with a worker p50 {statistics.median(pending):.0f} ms "
        f"(kept counts, marked pending); the worker counts {refreshed} stale team periods "
        f"again in {refresh:.2f} s ({refresh / floor_time:.2f}x the floor); then a published "
        f"read {fresh:.0f} ms"
    )


def synthetic_bundles(real: dict, directory: Path) -> list[Path]:
    """``BUNDLES`` copies of a real export under other ids, with a few more cells hidden (as
    small centres would have): hiding a published cell never reveals anything."""
    rng = random.Random(2026)  # noqa: S311 - synthetic data, not security
    paths = []
    for i in range(BUNDLES):
        bundle = {
            **real,
            "unit": {"id": f"c-{i:04d}", "level": "centre"},
            "sources": [f"c-{i:04d}"],
        }
        tables = []
        for table in real["tables"]:
            table = {**table, "cells": [dict(c) for c in table["cells"]]}
            if table["key"].endswith("_by_centre"):
                table["rows"] = [f"c-{i:04d}"]
                for cell in table["cells"]:  # the centre is the first dimension
                    first, *rest = cell["keys"]
                    cell["keys"] = [f"c-{i:04d}" if first != "_total" else first, *rest]
            for cell in table["cells"]:
                if table["measure"] == "count" and rng.random() < 0.02:
                    cell["value"] = None
            tables.append(table)
        bundle["tables"] = tables
        path = directory / f"c-{i:04d}.json"
        path.write_text(dump(sign(bundle)), encoding="utf-8")
        paths.append(path)
    return paths


def share_hidden(bundle: dict) -> float:
    cells = [c for t in bundle["tables"] for c in t["cells"] if t["measure"] == "count"]
    return 100 * sum(c["value"] is None for c in cells) / max(len(cells), 1)


if __name__ == "__main__":
    main()
