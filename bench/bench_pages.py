"""Benchmark: the key pages of a counsellor, each against the floor of the same run (issue #20).

Not a test — it prints figures. Each page is requested in-process through the whole middleware
stack (session, authentication, second factor, audit) as the demo counsellor, ``ROUNDS`` times
after a warm-up; the *floor* is a signed-in empty page (a view that returns "" behind the same
middleware and ``login_required``), measured in the same run, so the ratio shows what each
page adds to the cost of any request at all.

Usage, on an existing demo database (``lotse demo --clients N`` builds one; a small one such
as 5,000 clients takes about three minutes — do not build 100,000 on a shared machine):

    LOTSE_DEBUG=1 LOTSE_VAR_DIR=/tmp/lotse-bench .venv/bin/python bench/bench_pages.py
    BENCH_ROUNDS=100 BENCH_USER=beratung1@demo.lotse.invalid ... bench/bench_pages.py
    BENCH_ONLY="follow-up,case list" ... bench/bench_pages.py   # only pages whose label has one
"""

from __future__ import annotations

import os
import re
import statistics
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from urllib.parse import unquote

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lotse.settings")
os.environ.setdefault("LOTSE_DEBUG", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.decorators import login_required  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.http import HttpRequest, HttpResponse  # noqa: E402
from django.test import Client as HttpClient  # noqa: E402
from django.urls import clear_url_caches, path, reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from lotse import urls as root_urls  # noqa: E402
from lotse.accounts.models import User  # noqa: E402
from lotse.cases.models import Case  # noqa: E402
from lotse.cases.selectors.worklist import MAX_PAGES  # noqa: E402
from lotse.clients.models import Client, CounsellingContact  # noqa: E402
from lotse.clients.selectors.listing import DEFAULT_SORT, SORTS  # noqa: E402
from lotse_testing import sign_in  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "60"))
USER = os.environ.get("BENCH_USER", "beratung1@demo.lotse.invalid")
ONLY = [o.strip() for o in os.environ.get("BENCH_ONLY", "").split(",") if o.strip()]
FLOOR_PATH = "__bench_floor__/"


@login_required
def _empty(request: HttpRequest) -> HttpResponse:
    return HttpResponse("")


def measure(func: Callable[[], object], rounds: int = ROUNDS) -> tuple[float, float]:
    func()  # warm-up: URL imports, template loading, per-process caches
    timings = []
    for _ in range(rounds):
        start = time.perf_counter()
        func()
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    return statistics.median(timings), timings[max(0, int(len(timings) * 0.95) - 1)]


def signed_in(user: User) -> HttpClient:
    return sign_in(HttpClient(), user)


def main() -> None:
    # Not ``setup_test_environment()``: it wraps every template render to record it for the
    # test client (a copy of each template's context, ~4 % of the client page), which no
    # production request pays. The test client itself needs only the host allowed.
    settings.ALLOWED_HOSTS = ["*"]
    settings.DEBUG = False  # no query log: it would be timed too
    # Every page is measured as rendered afresh; the dashboard's panels kept for a minute per
    # session (accounts/dashboard_cache.py) get a row of their own below.
    settings.LOTSE_DASHBOARD_CACHE_SECONDS = 0
    root_urls.urlpatterns.append(path(FLOOR_PATH, _empty))
    clear_url_caches()
    user = User.objects.get(email=USER)
    http = signed_in(user)

    def get(url: str) -> Callable[[], object]:
        def run() -> object:
            response = http.get(url)
            assert response.status_code == 200, (url, response.status_code)
            return response

        return run

    visible = Client.objects.visible_to(user)
    case = Case.objects.filter(client__in=visible).order_by("pk").first()
    client = case.client if case is not None else visible.order_by("pk").first()
    assert client is not None, "no client visible to the benchmark user: run lotse demo"
    # Page 50 of the list: follow the "next" keys 49 times (fewer when the list is shorter).
    # (A list with numbered pages, as before issue #20: ?page=50, for a comparison run.)
    after, page_no = "", 1
    page_50 = f"{reverse('client_list')}?page=50"
    while page_no < 50:
        page = http.get(reverse("client_list"), {"after": after} if after else {})
        # The "Weiter" link's key (templates are not recorded: no setup_test_environment).
        found = re.search(r"[?&;]after=([^\"&]+)", page.content.decode())
        if not found:
            break
        after, page_no = unquote(found.group(1)), page_no + 1
        page_50 = f"{reverse('client_list')}?after={after}"
    search = http.post(reverse("client_list"), {"q": "a"})["Location"]
    # The case working list (issue #17 §3): bounded offset pages, so its last page is at most
    # page 40 (the first 1,000 cases); each filter on its own, and two of the sorts.
    cases = reverse("case_list")
    year_ago = (timezone.localdate() - timedelta(days=365)).strftime("%d.%m.%Y")
    team = min(user.client_team_ids(), default=0)
    case_pages = [
        ("case list", cases),
        (f"case list page {MAX_PAGES}", f"{cases}?page={MAX_PAGES}"),
        ("case list, counsellor=me", f"{cases}?counsellor={user.pk}"),
        ("case list, team", f"{cases}?team={team}"),
        ("case list, service=mbe", f"{cases}?service=mbe"),
        ("case list, phase=implementation", f"{cases}?phase=implementation"),
        ("case list, status=open", f"{cases}?status=open"),
        ("case list, status=closed", f"{cases}?status=closed"),
        ("case list, opened last year", f"{cases}?opened_from={year_ago}"),
        ("case list, review due", f"{cases}?review=due"),
        ("case list, review overdue", f"{cases}?review=overdue"),
        ("case list, near limit", f"{cases}?near_limit=on"),
        ("case list, sort=phase", f"{cases}?sort=phase"),
        ("case list, sort=next_review", f"{cases}?sort=next_review"),
        ("case list, sort=file_number", f"{cases}?sort=file_number"),
    ]
    # Every other filter of the client list on its own (issue #17: each p95 <= 100 ms).
    clients_url = reverse("client_list")
    client_filters = [
        (f"client list, {key}={value}", f"{clients_url}?{key}={value}")
        for key, value in (
            ("service", "mbe"),
            ("age", "18-26"),
            ("age", "65+"),
            ("contact_older", "90"),
            ("contact_older", "365"),
            ("permit_within", "8"),
            ("responsible", str(user.pk)),
            ("responsible", "none"),
            ("flag", "crisis"),
            ("flag", "interpreter"),
        )
    ]
    # The client list in each of its other sort orders (issue #17 §3): one index walk per team
    # each (docs/architecture.md "Working lists"); the default is "client list" above.
    client_sorts = [
        (f"client list, sort={key}", f"{reverse('client_list')}?sort={key}")
        for key in SORTS
        if key != DEFAULT_SORT
    ]
    pages = [
        ("floor: signed-in empty page", f"/{FLOOR_PATH}"),
        ("dashboard", reverse("dashboard")),
        ("client list", reverse("client_list")),
        (f"client list page {page_no}", page_50),
        ("search (name prefix 'a')", search),
        ("client list, language=ar", f"{reverse('client_list')}?language=ar"),
        ("client list, follow-up due", f"{reverse('client_list')}?follow_up=due"),
        *client_filters,
        *client_sorts,
        ("client page", reverse("client_detail", args=[client.pk])),
        ("case page", reverse("case_overview", args=[client.pk])),
        ("calendar week", reverse("appointment_list")),
        ("waiting list", reverse("waiting_list")),
        *case_pages,
    ]
    if ONLY:  # e.g. BENCH_ONLY="follow-up,language": those pages and the floor
        pages = [pages[0], *(p for p in pages[1:] if any(o in p[0] for o in ONLY))]
    print(
        f"database: {connection.vendor}; clients: {Client.objects.count():,}; "
        f"contacts: {CounsellingContact.objects.count():,}; cases: {Case.objects.count():,}; "
        f"user: {USER}; rounds: {ROUNDS}; python {sys.version.split()[0]}",
        flush=True,
    )
    results = []
    for label, url in pages:
        reset_queries()
        results.append((label, measure(get(url))))
    settings.LOTSE_DASHBOARD_CACHE_SECONDS = 60
    results.insert(2, ("dashboard, again within a minute", measure(get(reverse("dashboard")))))
    floor = results[0][1]
    print(f"{'page':<32} {'p50 ms':>8} {'p95 ms':>8} {'p50/floor':>10} {'p95/floor':>10}")
    for label, (p50, p95) in results:
        print(f"{label:<32} {p50:8.1f} {p95:8.1f} {p50 / floor[0]:10.1f} {p95 / floor[1]:10.1f}")


if __name__ == "__main__":
    main()
