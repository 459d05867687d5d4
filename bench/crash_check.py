"""Crash check: acknowledged writes survive SIGKILL of the app server; the audit chain holds.

Not a test — a script with figures. It builds a scratch database (a temp directory for SQLite,
a scratch database on the local PostgreSQL server), starts gunicorn with production settings
(DEBUG off, keys from the environment, 2 workers) on 127.0.0.1, signs in as a counsellor with
password and TOTP, and creates clients through ``POST /clients/new/`` from several threads.
A 302 to ``/clients/<id>/`` is an acknowledged write. At a random moment the whole server
(master and workers) is killed with SIGKILL, restarted, and every write acknowledged so far
is looked up (decrypted name = the marker sent); then the next cycle starts. At the end
``lotse audit_verify`` must pass. Everything it created is removed afterwards.

    .venv/bin/python bench/crash_check.py --database sqlite
    .venv/bin/python bench/crash_check.py --database postgres [--pg-url postgres://postgres@127.0.0.1:5432/]

Exit code 0 only if no acknowledged write was lost, none was duplicated, every one has its
audit entry, and the chain verifies.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import hashlib
import hmac
import json
import os
import random
import re
import secrets
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
# Kill timing and sampling only, nothing secret.
RNG = random.Random()  # noqa: S311
LOCATION = re.compile(r"^/clients/(\d+)/$")


# --- HTTP as a browser behind nginx would do it ---------------------------------------------


def totp(secret: str, at: float | None = None) -> str:
    """RFC 6238 code (SHA-1, 6 digits, 30 s), as allauth and authenticator apps compute it."""
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    counter = int((time.time() if at is None else at) // 30)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def http_session(base: str) -> Any:
    import requests

    class Session(requests.Session):
        """Production cookies are ``Secure``; nginx would speak TLS, this script speaks HTTP.

        requests copies the jar for every request, so a cookie policy would be lost; instead
        the flag is dropped from the stored cookies.
        """

        def send(self, request: Any, **kwargs: Any) -> Any:
            response = super().send(request, **kwargs)
            for cookie in self.cookies:
                cookie.secure = False
            return response

    session = Session()
    host = urlsplit(base).netloc
    # As nginx would send them: Django then treats the request as HTTPS (production settings).
    session.headers.update(
        {
            "X-Forwarded-Proto": "https",
            "Origin": f"https://{host}",
            "Referer": f"https://{host}/",
        }
    )
    return session


def csrf_token(session: Any) -> str:
    for cookie in session.cookies:
        if "csrf" in cookie.name:
            return str(cookie.value)
    raise RuntimeError("no CSRF cookie")


def sign_in(session: Any, base: str, email: str, password: str, secret: str) -> None:
    session.get(f"{base}/accounts/login/", timeout=30).raise_for_status()
    response = session.post(
        f"{base}/accounts/login/",
        data={"login": email, "password": password, "csrfmiddlewaretoken": csrf_token(session)},
        allow_redirects=False,
        timeout=60,
    )
    if response.status_code != 302 or "2fa" not in response.headers.get("Location", ""):
        raise RuntimeError(f"password step failed: HTTP {response.status_code}")
    response = session.post(
        f"{base}/accounts/2fa/authenticate/",
        data={"code": totp(secret), "csrfmiddlewaretoken": csrf_token(session)},
        allow_redirects=False,
        timeout=60,
    )
    if response.status_code != 302:
        raise RuntimeError(f"TOTP step failed: HTTP {response.status_code}")


# --- the scratch installation -----------------------------------------------------------------


def _b64key() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode("ascii")


@dataclass
class Scratch:
    database: str
    pg_url: str
    root: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="lotse-crash-")))
    pg_name: str = ""

    def __post_init__(self) -> None:
        keep = {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "TZ"}
        self.env = {k: v for k, v in os.environ.items() if k in keep}
        self.env.update(
            {
                "DJANGO_SETTINGS_MODULE": "lotse.settings",
                "LOTSE_SECRET_KEY": secrets.token_urlsafe(50),
                "LOTSE_ENCRYPTION_KEYS": f"crash1:{_b64key()}",
                "LOTSE_BLIND_INDEX_KEY": _b64key(),
                "LOTSE_AUDIT_KEYS": f"crash1:{_b64key()}",
                "LOTSE_ALLOWED_HOSTS": "127.0.0.1",
                "LOTSE_SSL_REDIRECT": "0",
                "LOTSE_VAR_DIR": str(self.root / "var"),
                "LOTSE_ENV_FILE": str(self.root / "none.env"),
                "LOTSE_LOG_LEVEL": "WARNING",
                "PYTHONUNBUFFERED": "1",
            }
        )
        if self.database == "postgres":
            self.pg_name = f"lotse_crash_{os.getpid()}"
            self._admin(f'DROP DATABASE IF EXISTS "{self.pg_name}" WITH (FORCE)')
            self._admin(f'CREATE DATABASE "{self.pg_name}"')
            self.env["DATABASE_URL"] = self.pg_url.rstrip("/") + "/" + self.pg_name

    def _admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.pg_url.rstrip("/") + "/postgres", autocommit=True) as db:
            db.execute(sql)

    def lotse(self, *args: str) -> str:
        result = subprocess.run(  # noqa: S603
            [str(BIN / "lotse"), *args],
            cwd=REPO,
            env=self.env,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise RuntimeError(f"lotse {args[0]} failed:\n{result.stdout}{result.stderr}")
        return result.stdout

    def python(self, *args: str) -> str:
        result = subprocess.run(  # noqa: S603
            [sys.executable, *args], cwd=REPO, env=self.env, capture_output=True, text=True
        )
        if result.returncode != 0:
            raise RuntimeError(f"{args} failed:\n{result.stdout}{result.stderr}")
        return result.stdout

    def remove(self) -> None:
        if self.pg_name:
            self._admin(f'DROP DATABASE IF EXISTS "{self.pg_name}" WITH (FORCE)')
        shutil.rmtree(self.root, ignore_errors=True)


class Server:
    """gunicorn in a process group of its own, so that SIGKILL reaches master and workers."""

    def __init__(self, scratch: Scratch, port: int, workers: int) -> None:
        self.scratch, self.port, self.workers = scratch, port, workers
        self.base = f"http://127.0.0.1:{port}"
        self.process: subprocess.Popen[bytes] | None = None
        self.starts = 0

    def start(self) -> float:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                raise RuntimeError(f"port {self.port} is already in use")
        self.starts += 1
        log = (self.scratch.root / f"gunicorn-{self.starts}.log").open("wb")
        started = time.monotonic()
        self.process = subprocess.Popen(  # noqa: S603
            [
                str(BIN / "gunicorn"),
                "lotse.wsgi",
                "--workers",
                str(self.workers),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--timeout",
                "60",
                "--control-socket",
                str(self.scratch.root / "gunicorn.ctl"),
            ],
            cwd=REPO,
            env=self.scratch.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        import requests

        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited; see {log.name}")
            with contextlib.suppress(requests.RequestException):
                if requests.get(f"{self.base}/accounts/login/", timeout=5).status_code == 200:
                    return time.monotonic() - started
            time.sleep(0.2)
        raise RuntimeError("gunicorn did not become ready within 120 s")

    def kill(self) -> None:
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        self.process = None

    def stop(self) -> None:
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        self.process = None


# --- writing and checking -------------------------------------------------------------------


@dataclass
class Ledger:
    acked: list[tuple[int, str]] = field(default_factory=list)
    unacked: list[str] = field(default_factory=list)
    refused: list[tuple[str, int]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def writer(
    base: str, cookies: Any, team_id: int, tag: str, ledger: Ledger, stop: threading.Event
) -> None:
    import requests

    session = http_session(base)
    session.cookies.update(cookies)
    n = 0
    while not stop.is_set():
        n += 1
        marker = f"{tag}n{n}"
        data = {
            "team": team_id,
            "first_name": "Crash",
            "last_name": marker,
            "gender": "not_stated",
            "document_language": "de",
            "residence": "unknown",
            "no_duplicate": "on",
            "csrfmiddlewaretoken": csrf_token(session),
        }
        try:
            response = session.post(
                f"{base}/clients/new/", data=data, allow_redirects=False, timeout=60
            )
        except requests.RequestException:
            with ledger.lock:
                ledger.unacked.append(marker)
            if stop.wait(0.05):
                return
            continue
        match = LOCATION.match(response.headers.get("Location", ""))
        with ledger.lock:
            if response.status_code == 302 and match:
                ledger.acked.append((int(match.group(1)), marker))
            else:
                ledger.refused.append((marker, response.status_code))


def verify_in_database(scratch: Scratch, ledger: Ledger) -> dict[str, Any]:
    path = scratch.root / "ledger.json"
    path.write_text(json.dumps({"acked": ledger.acked, "unacked": ledger.unacked}))
    return json.loads(scratch.python(__file__, "--verify-ledger", str(path)))  # type: ignore[no-any-return]


def _verify_ledger(path: str) -> None:
    """Run inside the scratch installation's environment: look every write up in the DB."""
    import django

    django.setup()
    from lotse.audit.models import AuditEntry
    from lotse.clients.models import Client

    data = json.loads(Path(path).read_text())
    names = dict(Client.objects.values_list("pk", "last_name"))  # decrypted by the field
    markers = Counter(names.values())
    audited = set(
        AuditEntry.objects.filter(action="client.created").values_list("object_id", flat=True)
    )
    acked = [(int(pk), marker) for pk, marker in data["acked"]]
    result = {
        "acknowledged": len(acked),
        "found": sum(1 for pk, marker in acked if names.get(pk) == marker),
        "lost": [marker for pk, marker in acked if names.get(pk) != marker],
        "duplicated": sorted(m for m, count in markers.items() if count > 1),
        "without_audit_entry": [pk for pk, _ in acked if str(pk) not in audited],
        "in_flight": len(data["unacked"]),
        "in_flight_committed": sum(1 for m in data["unacked"] if m in markers),
        "clients_in_database": len(names),
    }
    print(json.dumps(result))


def check_through_the_app(base: str, cookies: Any, ledger: Ledger, sample: int) -> int:
    """Open a random sample of acknowledged clients in the restarted app."""
    session = http_session(base)
    session.cookies.update(cookies)
    seen = 0
    for pk, marker in RNG.sample(ledger.acked, min(sample, len(ledger.acked))):
        response = session.get(f"{base}/clients/{pk}/", allow_redirects=False, timeout=60)
        if response.status_code == 200 and marker in response.text:
            seen += 1
    return seen


def run(args: argparse.Namespace) -> int:
    started = time.monotonic()
    print(f"crash check on {args.database}: scratch set-up …", flush=True)
    scratch = Scratch(args.database, args.pg_url)
    server = Server(scratch, args.port, workers=2)
    ledger = Ledger()
    failures: list[str] = []
    try:
        scratch.lotse("migrate", "--noinput")
        scratch.lotse("collectstatic", "--noinput")
        login = json.loads(scratch.lotse("crashtest_user", "--i-know-this-is-a-scratch-database"))
        print(f"  set-up done in {time.monotonic() - started:.0f} s", flush=True)
        session = None
        run_tag = secrets.token_hex(2)
        cycles_started = time.monotonic()
        for cycle in range(1, args.cycles + 1):
            ready = server.start()
            if session is None:
                session = http_session(server.base)
                sign_in(
                    session, server.base, login["email"], login["password"], login["totp_secret"]
                )
            else:
                result = verify_in_database(scratch, ledger)
                print(
                    f"  after restart {cycle - 1}: {result['found']}/{result['acknowledged']} "
                    f"acknowledged writes found, lost {len(result['lost'])}",
                    flush=True,
                )
            stop = threading.Event()
            before = len(ledger.acked)
            threads = [
                threading.Thread(
                    target=writer,
                    args=(
                        server.base,
                        session.cookies,
                        login["team_id"],
                        f"K{run_tag}c{cycle}w{w}",
                        ledger,
                        stop,
                    ),
                )
                for w in range(args.writers)
            ]
            for thread in threads:
                thread.start()
            delay = RNG.uniform(args.min_delay, args.max_delay)
            time.sleep(delay)
            server.kill()
            stop.set()
            for thread in threads:
                thread.join()
            print(
                f"  cycle {cycle}: server up in {ready:.1f} s, SIGKILL after {delay:.1f} s of "
                f"writing: {len(ledger.acked) - before} writes acknowledged",
                flush=True,
            )
            if time.monotonic() - cycles_started > args.max_seconds:
                print(f"  time limit of {args.max_seconds} s reached; no further cycles")
                break
        server.start()
        result = verify_in_database(scratch, ledger)
        seen = check_through_the_app(server.base, session.cookies, ledger, args.sample)
        server.stop()
        audit = scratch.lotse("audit_verify").strip()
    except Exception as error:  # report, clean up, fail
        server.stop()
        print(f"FAILED: {error}", file=sys.stderr)
        for log in sorted(scratch.root.glob("gunicorn-*.log"))[-1:]:
            print(log.read_text()[-3000:], file=sys.stderr)
        if not args.keep:
            scratch.remove()
        return 2
    if not args.keep:
        scratch.remove()
    else:
        print(f"  scratch kept in {scratch.root} {scratch.pg_name}")
    if result["lost"]:
        failures.append(f"lost: {result['lost'][:10]}")
    if result["duplicated"]:
        failures.append(f"duplicated: {result['duplicated'][:10]}")
    if result["without_audit_entry"]:
        failures.append(f"without audit entry: {result['without_audit_entry'][:10]}")
    if ledger.refused:
        failures.append(f"refused by the app: {ledger.refused[:5]}")
    print(
        f"\nRESULT ({args.database}, {server.starts - 1} SIGKILLs, {args.writers} writer "
        f"threads, gunicorn 2 workers, {time.monotonic() - started:.0f} s):\n"
        f"  writes acknowledged (302)   {result['acknowledged']}\n"
        f"  found after restart         {result['found']}\n"
        f"  lost                        {len(result['lost'])}\n"
        f"  duplicated                  {len(result['duplicated'])}\n"
        f"  acknowledged, no audit row  {len(result['without_audit_entry'])}\n"
        f"  in flight at the kill       {result['in_flight']} "
        f"(committed anyway: {result['in_flight_committed']})\n"
        f"  opened in the app (sample)  {seen}/{min(args.sample, len(ledger.acked))}\n"
        f"  audit chain                 {audit}\n"
        f"  verdict                     {'; '.join(failures) or 'OK'}"
    )
    return 0 if not failures else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432/")
    parser.add_argument("--port", type=int, default=8021)
    parser.add_argument("--cycles", type=int, default=3)
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--min-delay", type=float, default=3.0)
    parser.add_argument("--max-delay", type=float, default=8.0)
    parser.add_argument(
        "--max-seconds",
        type=int,
        default=120,
        help="no new kill cycle after this (set-up excluded)",
    )
    parser.add_argument("--sample", type=int, default=20, help="clients opened through the app")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    parser.add_argument("--verify-ledger", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.verify_ledger:
        _verify_ledger(args.verify_ledger)
        return 0
    if not 8020 <= args.port <= 8029:
        parser.error("use a port from 8020 to 8029")
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
