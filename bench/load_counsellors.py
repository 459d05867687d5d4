"""Load test: 50 counsellors searching, opening files, noting contacts, looking at the dashboard.

A locust file and its runner in one. The runner only talks to 127.0.0.1/localhost, is bounded
in time, and at the end checks in the database that every contact the app acknowledged is
there exactly once (each carries a unique marker in its encrypted notes).

Preparation (development data only — the accounts have published credentials)::

    export LOTSE_VAR_DIR=/tmp/lotse-load            # a COPY of the benchmark database
    LOTSE_DEBUG=1 .venv/bin/lotse migrate
    LOTSE_DEBUG=1 .venv/bin/lotse loadtest_users --count 50
    # production-like server: DEBUG off, keys from the environment (the data set's keys)
    export LOTSE_SECRET_KEY=… LOTSE_ENCRYPTION_KEYS=… LOTSE_BLIND_INDEX_KEY=… LOTSE_AUDIT_KEYS=… \
           LOTSE_ALLOWED_HOSTS=127.0.0.1 LOTSE_SSL_REDIRECT=0
    .venv/bin/lotse collectstatic --noinput
    .venv/bin/gunicorn lotse.wsgi --workers 4 --bind 127.0.0.1:8024 &

Run (same environment as the server, so that the runner can read the database)::

    .venv/bin/python bench/load_counsellors.py --host http://127.0.0.1:8024 --users 50 --minutes 5

Sign-ins are spread out (``--spawn-rate``, default 0.4/s) because allauth allows 30 logins
per minute and address; statistics are reset once all users are running, so the figures
cover ``--minutes`` of full load. Mix per simulated counsellor (weights): search 4, client
page 3, dashboard 2, new contact 1, with 1–3 s of think time between actions.
"""

from __future__ import annotations

import argparse
import base64
import csv
import hashlib
import hmac
import itertools
import json
import os
import random
import re
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

# The mix of actions only, nothing secret.
RNG = random.Random()  # noqa: S311
ALLOWED_HOSTS = {"127.0.0.1", "localhost"}
PLAN_ENV = "LOTSE_LOAD_PLAN"
TASKS = {
    "search": "search",
    "client": "client_page",
    "dashboard": "dashboard",
    "contact": "new_contact",
}
DEFAULT_MIX = "search=4,client=3,dashboard=2,contact=1"
MARKER = re.compile(r"LOADTEST:(\w+):(\d+):(\d+)")


def totp(secret: str, at: float | None = None) -> str:
    """RFC 6238 code (SHA-1, 6 digits, 30 s), as allauth and authenticator apps compute it."""
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    counter = int((time.time() if at is None else at) // 30)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


# --- the locust side (imported by locust with LOTSE_LOAD_PLAN set) ---------------------------

if os.environ.get(PLAN_ENV):
    from http.cookiejar import DefaultCookiePolicy

    from locust import between, events
    from locust.contrib.fasthttp import FastHttpUser

    PLAN: dict[str, Any] = json.loads(Path(os.environ[PLAN_ENV]).read_text())
    ACKED: list[list[Any]] = []
    UNANSWERED: list[str] = []
    NUMBERS = itertools.count(1)

    TRACE: list[tuple[float, str, float, int]] = []

    @events.test_stop.add_listener
    def _write_ledger(**_kwargs: Any) -> None:
        Path(PLAN["ledger"]).write_text(json.dumps({"acked": ACKED, "unanswered": UNANSWERED}))
        if PLAN.get("trace"):
            with Path(PLAN["trace"]).open("w", newline="") as handle:
                csv.writer(handle).writerows(TRACE)

    @events.request.add_listener
    def _trace(name: str, response_time: float, exception: Any = None, **_kw: Any) -> None:
        # (finished at, request, ms, failed): the drill (bench/drill_nginx.py) reads it.
        if PLAN.get("trace"):
            TRACE.append((time.time(), name, response_time, int(exception is not None)))

    class SecureCookiesOverHttp(DefaultCookiePolicy):
        """Production cookies are ``Secure``; nginx would speak TLS, locust speaks HTTP."""

        def return_ok_secure(self, cookie: Any, request: Any) -> bool:
            return True

    class Counsellor(FastHttpUser):
        wait_time = between(PLAN["think_min"], PLAN["think_max"])

        def on_start(self) -> None:
            self.client.cookiejar.set_policy(SecureCookiesOverHttp())
            self.number = next(NUMBERS)
            self.email = PLAN["emails"][(self.number - 1) % len(PLAN["emails"])]
            self.written = 0
            host = urlsplit(self.host).netloc
            # As nginx would send them: with production settings Django then sees HTTPS.
            self.headers = {
                "X-Forwarded-Proto": "https",
                "Origin": f"https://{host}",
                "Referer": f"https://{host}/",
            }
            for attempt in range(4):
                if self._sign_in():
                    return
                time.sleep(30 - time.time() % 30 + attempt)  # next TOTP window
            raise RuntimeError(f"{self.email} could not sign in")

        def _csrf(self) -> str:
            for cookie in self.client.cookiejar:
                if "csrf" in cookie.name:
                    return str(cookie.value)
            return ""

        def _post(self, path: str, fields: dict[str, Any], name: str) -> Any:
            return self.client.post(
                path,
                data=urlencode({**fields, "csrfmiddlewaretoken": self._csrf()}, doseq=True),
                headers={**self.headers, "Content-Type": "application/x-www-form-urlencoded"},
                allow_redirects=False,
                name=name,
            )

        def _sign_in(self) -> bool:
            self.client.get("/accounts/login/", headers=self.headers, name="login (page)")
            response = self._post(
                "/accounts/login/",
                {"login": self.email, "password": PLAN["password"]},
                "login (password)",
            )
            if response.status_code != 302:
                return False
            response = self._post(
                "/accounts/2fa/authenticate/", {"code": totp(PLAN["totp_secret"])}, "login (TOTP)"
            )
            return response.status_code == 302

        def search(self) -> None:
            prefix = RNG.choice(PLAN["prefixes"])
            self.client.get(f"/clients/?q={prefix}", headers=self.headers, name="search")

        def client_page(self) -> None:
            client_id = RNG.choice(PLAN["client_ids"])
            self.client.get(f"/clients/{client_id}/", headers=self.headers, name="client page")

        def dashboard(self) -> None:
            self.client.get("/dashboard/", headers=self.headers, name="dashboard")

        def new_contact(self) -> None:
            client_id = RNG.choice(PLAN["client_ids"])
            self.written += 1
            marker = f"LOADTEST:{PLAN['run']}:{self.number}:{self.written}"
            fields = {
                "date": PLAN["today"],
                "duration_minutes": RNG.choice([15, 30, 45, 60]),
                "form": "in_person",
                "kind": "client",
                "language": "de",
                "interpreter": "none",
                "topics": RNG.sample(PLAN["topic_ids"], k=min(2, len(PLAN["topic_ids"]))),
                "notes": f"Lasttest {marker}",
                "next_steps": "",
                "follow_up_on": "",
            }
            with self.client.post(
                f"/clients/{client_id}/contacts/new/",
                data=urlencode({**fields, "csrfmiddlewaretoken": self._csrf()}, doseq=True),
                headers={**self.headers, "Content-Type": "application/x-www-form-urlencoded"},
                allow_redirects=False,
                name="new contact",
                catch_response=True,
            ) as response:
                location = (response.headers or {}).get("Location") or ""
                match = re.search(r"[?&]contact=(\d+)", location)
                if response.status_code == 302 and match:
                    ACKED.append([marker, client_id, int(match.group(1))])
                    response.success()
                elif response.status_code == 0:
                    UNANSWERED.append(marker)
                    response.failure("no answer")
                else:
                    response.failure(f"not saved: HTTP {response.status_code}")

    # The mix from the runner, expanded by weight as locust's @task(weight) would do.
    Counsellor.tasks = [
        getattr(Counsellor, TASKS[name])
        for name, weight in PLAN["mix"].items()
        for _ in range(weight)
    ]


# --- the runner -------------------------------------------------------------------------------


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lotse.settings")
    import django

    django.setup()


def make_plan(args: argparse.Namespace, workdir: Path) -> dict[str, Any]:
    """Accounts, clients of their team, name prefixes and today's topics, from the database."""
    _django()
    from django.utils import timezone

    from lotse.accounts.models import User
    from lotse.clients.models import Client, TopicCatalogue
    from lotse.ops.testusers import load_test_email

    emails = [load_test_email(n) for n in range(1, args.users + 1)]
    users = list(User.objects.filter(email__in=emails, is_active=True))
    if len(users) < args.users:
        sys.exit(
            f"only {len(users)} of {args.users} load-test accounts exist; run "
            f"`LOTSE_DEBUG=1 lotse loadtest_users --count {args.users}` first"
        )
    visible = Client.objects.visible_to(users[0]).filter(merged_into__isnull=True)
    client_ids = list(visible.order_by("?").values_list("pk", flat=True)[: args.sample])
    names = Client.objects.filter(pk__in=client_ids[:300]).values_list("last_name", flat=True)
    prefixes = sorted({name[:3] for name in names if len(name) >= 3})
    today = timezone.localdate()
    catalogue = TopicCatalogue.objects.in_force(today)
    if catalogue is None or not client_ids or not prefixes:
        sys.exit("the database has no clients or no topic catalogue for today")
    from lotse.demo.data import DEMO_PASSWORD, DEMO_TOTP_SECRET

    return {
        "run": os.urandom(4).hex(),
        "emails": emails,
        "password": DEMO_PASSWORD,
        "totp_secret": DEMO_TOTP_SECRET,
        "client_ids": client_ids,
        "prefixes": prefixes,
        "topic_ids": list(catalogue.topics.values_list("pk", flat=True)),
        "today": today.strftime("%d.%m.%Y"),
        "mix": args.mix,
        "think_min": args.think[0],
        "think_max": args.think[1],
        "ledger": str(workdir / "ledger.json"),
        "started": timezone.now().isoformat(),
        "trace": str(workdir / "trace.csv") if args.trace else "",
    }


def check_writes(plan: dict[str, Any]) -> dict[str, Any]:
    """Every acknowledged contact exactly once in the database, with the acknowledged id."""
    from datetime import datetime

    from lotse.clients.models import CounsellingContact

    ledger = json.loads(Path(plan["ledger"]).read_text())
    acked = {marker: contact_id for marker, _client, contact_id in ledger["acked"]}
    client_ids = {client for _marker, client, _contact in ledger["acked"]}
    found: dict[str, list[int]] = {}
    contacts = CounsellingContact.objects.filter(
        client_id__in=client_ids or [0], created_at__gte=datetime.fromisoformat(plan["started"])
    ).values_list("pk", "notes")
    for pk, notes in contacts.iterator():
        match = MARKER.search(notes or "")
        if match and match.group(1) == plan["run"]:
            found.setdefault(match.group(0), []).append(pk)
    lost = [m for m, pk in acked.items() if pk not in found.get(m, [])]
    duplicated = [m for m, pks in found.items() if len(pks) > 1]
    return {
        "acknowledged": len(acked),
        "in_database": sum(len(pks) for pks in found.values()),
        "lost": lost,
        "duplicated": duplicated,
        "unacknowledged_in_database": sorted(set(found) - set(acked)),
        "unanswered": len(ledger["unanswered"]),
    }


def print_stats(csv_prefix: Path) -> None:
    with (csv_prefix.parent / f"{csv_prefix.name}_stats.csv").open() as handle:
        rows = list(csv.DictReader(handle))
    print(f"\n{'request':<18}{'count':>8}{'errors':>8}{'req/s':>8}{'p50':>8}{'p95':>8}{'p99':>8}")
    for row in rows:
        print(
            f"{(row['Name'] or 'all')[:18]:<18}{row['Request Count']:>8}{row['Failure Count']:>8}"
            f"{float(row['Requests/s']):>8.1f}{row['50%']:>8}{row['95%']:>8}{row['99%']:>8}"
        )
    print("(response times in ms)")
    failures = csv_prefix.parent / f"{csv_prefix.name}_failures.csv"
    if failures.exists():
        with failures.open() as handle:
            for row in csv.DictReader(handle):
                print(
                    f"  error: {row['Method']} {row['Name']}: {row['Error']} × {row['Occurrences']}"
                )


def _mix(value: str) -> dict[str, int]:
    weights = {}
    for part in value.split(","):
        name, _, weight = part.partition("=")
        if name.strip() not in TASKS or not weight.strip().isdigit():
            raise argparse.ArgumentTypeError(f"use e.g. {DEFAULT_MIX}")
        weights[name.strip()] = int(weight)
    if not any(weights.values()):
        raise argparse.ArgumentTypeError("at least one action needs a weight above 0")
    return weights


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", required=True, help="http://127.0.0.1:PORT")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--minutes", type=float, default=5.0, help="full-load time")
    parser.add_argument("--spawn-rate", type=float, default=0.4, help="sign-ins per second")
    parser.add_argument("--sample", type=int, default=2000, help="client files to choose from")
    parser.add_argument(
        "--think",
        type=lambda v: tuple(float(x) for x in v.split(",")),
        default=(1.0, 3.0),
        help="think time range in seconds, e.g. 1,3",
    )
    parser.add_argument(
        "--mix", default=DEFAULT_MIX, type=_mix, help=f"weights per action ({DEFAULT_MIX})"
    )
    parser.add_argument(
        "--workdir", type=Path, help="where locust's files go (default: a new temp dir)"
    )
    parser.add_argument(
        "--trace", action="store_true", help="write every request's time and outcome (trace.csv)"
    )
    args = parser.parse_args()
    parts = urlsplit(args.host)
    if parts.scheme != "http" or parts.hostname not in ALLOWED_HOSTS:
        parser.error("the load test only runs against http://127.0.0.1 or http://localhost")
    if not 1 <= args.users <= 500 or not 0 < args.minutes <= 30:
        parser.error("--users 1..500 and --minutes up to 30")
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="lotse-load-"))
    workdir.mkdir(parents=True, exist_ok=True)
    plan = make_plan(args, workdir)
    plan_path = workdir / "plan.json"
    plan_path.write_text(json.dumps(plan))
    ramp = args.users / args.spawn_rate
    run_time = int(ramp + args.minutes * 60) + 1
    print(
        f"load test against {args.host}: {args.users} counsellors, sign-ins over {ramp:.0f} s, "
        f"then {args.minutes:g} min of full load (statistics reset when all are running); "
        f"mix {args.mix}",
        flush=True,
    )
    csv_prefix = workdir / "locust"
    locust = Path(sys.executable).with_name("locust")
    result = subprocess.run(  # noqa: S603 - fixed command
        [
            str(locust),
            "-f",
            __file__,
            "--headless",
            "--host",
            args.host,
            "--users",
            str(args.users),
            "--spawn-rate",
            str(args.spawn_rate),
            "--run-time",
            f"{run_time}s",
            "--stop-timeout",
            "30",
            "--reset-stats",
            "--only-summary",
            "--csv",
            str(csv_prefix),
            "--loglevel",
            "WARNING",
        ],
        env={**os.environ, PLAN_ENV: str(plan_path)},
        check=False,
    )
    print_stats(csv_prefix)
    writes = check_writes(plan)
    print(
        f"\nwrites: {writes['acknowledged']} contacts acknowledged, {writes['in_database']} "
        f"with this run's marker in the database; lost {len(writes['lost'])}, duplicated "
        f"{len(writes['duplicated'])}, unanswered requests {writes['unanswered']} "
        f"(of which saved anyway: {len(writes['unacknowledged_in_database'])})"
    )
    ok = not writes["lost"] and not writes["duplicated"]
    print(f"verdict: {'no write lost or duplicated' if ok else 'WRITES LOST OR DUPLICATED'}")
    print(f"(locust files in {workdir})")
    return 0 if ok and result.returncode in (0, 1) else 1


if __name__ == "__main__":
    sys.exit(main())
