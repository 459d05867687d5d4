"""Production drill (issue #20): nginx in front of two gunicorn app servers and PostgreSQL, the
counsellors' load for some minutes, one app server killed with SIGKILL in the middle.

What it shows, from a trace of every request (``bench/load_counsellors.py --trace``):
- writes: every contact the app acknowledged is in the database exactly once (0 lost);
- failed requests: only those in flight on the killed server (within a second of the kill;
  nginx passes a request whose connection was refused on to the other server);
- p95 per 2-second window before and after the kill, and how long until it is back to normal
  (at most 1.5 × the p95 of the minute before the kill, or 50 ms above it).

Development data only (the demo accounts have published credentials): the database is a
scratch PostgreSQL database (default ``lotse_drill``, rebuilt with ``--fresh``) holding the demo
and the load-test accounts. nginx comes from Debian; it is installed when missing (apt-get,
without starting the system's nginx). Everything listens on 127.0.0.1 only.

    .venv/bin/python bench/drill_nginx.py --fresh              # builds the data, ~5 min of load
    .venv/bin/python bench/drill_nginx.py --minutes 2 --users 20
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
NGINX_PORT, APP_PORTS = 8030, (8031, 8032)
# The development keys (public, as in settings.py): the scratch data set was written with them.
PRODUCTION_LIKE = {
    "LOTSE_DEBUG": "0",
    "LOTSE_SECRET_KEY": "drill-" + "x" * 50,
    "LOTSE_ENCRYPTION_KEYS": "dev1:ZGV2LWtleS1ub3QtZm9yLXByb2R1Y3Rpb24tdXNlISE=",
    "LOTSE_BLIND_INDEX_KEY": "ZGV2LWJsaW5kLWluZGV4LWtleS1ub3QtZm9yLXByb2Q=",
    "LOTSE_AUDIT_KEYS": "devaudit1:ZGV2LWF1ZGl0LWtleS1ub3QtZm9yLXByb2R1Y3Rpb24=",
    "LOTSE_ALLOWED_HOSTS": "127.0.0.1",
    "LOTSE_SSL_REDIRECT": "0",
    "LOTSE_TRUSTED_PROXIES": "127.0.0.1/32",
}
NGINX_CONF = """
worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    client_body_temp_path {work}/body; proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fcgi; uwsgi_temp_path {work}/uwsgi; scgi_temp_path {work}/scgi;
    access_log off;
    upstream lotse {{
        server 127.0.0.1:{app1} max_fails=1 fail_timeout=30s;
        server 127.0.0.1:{app2} max_fails=1 fail_timeout=30s;
        keepalive 16;
    }}
    server {{
        listen 127.0.0.1:{port};
        client_max_body_size 25m;
        location /static/ {{ alias {static}/; }}
        location / {{
            proxy_pass http://lotse;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $http_host;  # with the port, as the browser sent it
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $http_x_forwarded_proto;
            proxy_set_header X-Request-ID $request_id;
            # A refused connection (the killed server) goes on to the other one; a request
            # already sent is retried only when idempotent (nginx's default for POST).
            proxy_next_upstream error timeout http_502;
            proxy_connect_timeout 1s;
            proxy_read_timeout 30s;
        }}
    }}
}}
"""


def run(command: list[str], env: dict[str, str], **kwargs: object) -> None:
    subprocess.run(command, env=env, check=True, **kwargs)  # noqa: S603 - fixed commands


def nginx_binary() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else "")
    if found:
        return found
    print("installing nginx (Debian package nginx-light or nginx) …", flush=True)
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    # Keep the package from starting the system's nginx on port 80 (invoke-rc.d asks this).
    policy = Path("/usr/sbin/policy-rc.d")
    made_policy = os.geteuid() == 0 and not policy.exists()
    if made_policy:
        policy.write_text("#!/bin/sh\nexit 101\n")
        policy.chmod(0o755)
    try:
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        run([*sudo, "apt-get", "install", "-y", "-q", "--no-install-recommends", "nginx"], env)
    finally:
        if made_policy:
            policy.unlink()
    return shutil.which("nginx") or "/usr/sbin/nginx"


def prepare_database(url: str, fresh: bool, users: int) -> None:
    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    psql = shutil.which("psql") or "/usr/bin/psql"
    exists = subprocess.run(  # noqa: S603 - fixed command, the name passed as a psql variable
        [psql, admin, "-tA", "-v", f"name={name}"],
        input="SELECT 1 FROM pg_database WHERE datname = :'name';",
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if exists and not fresh:
        return
    print(f"building the drill database {name} (demo data, {users} load-test accounts) …")
    if exists:
        run([psql, admin, "-qc", f'DROP DATABASE "{name}"'], dict(os.environ))
    run([psql, admin, "-qc", f'CREATE DATABASE "{name}"'], dict(os.environ))
    env = {**os.environ, "LOTSE_DEBUG": "1", "DATABASE_URL": url}
    run([str(BIN / "lotse"), "migrate", "-v0"], env)
    run([str(BIN / "lotse"), "demo"], env, stdout=subprocess.DEVNULL)
    run([str(BIN / "lotse"), "loadtest_users", "--count", str(users)], env)


def wait_for(url: str, seconds: float = 120) -> None:
    deadline, error = time.monotonic() + seconds, ""
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5):  # noqa: S310 - http://127.0.0.1 only
                return
        except OSError as failure:
            error = str(failure)
            time.sleep(0.5)
    sys.exit(f"{url} did not answer within {seconds:.0f} s ({error})")


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 2 else float("nan")


def analyse(trace: Path, killed_at: float, window: float = 2.0) -> dict[str, object]:
    rows = []
    with trace.open() as handle:
        for finished, name, ms, failed in csv.reader(handle):
            if not name.startswith("login"):
                rows.append((float(finished), name, float(ms), failed == "1"))
    before = [ms for t, _n, ms, f in rows if killed_at - 60 <= t < killed_at and not f]
    normal = p95(before)
    limit = max(1.5 * normal, normal + 50)
    failures = [(t - killed_at, n) for t, n, _ms, f in rows if f]
    # A request in flight on the killed server fails when the server dies (it started before).
    in_flight = [(dt, n) for dt, n in failures if 0 <= dt <= 1.0]
    other = [(dt, n) for dt, n in failures if not 0 <= dt <= 1.0]
    buckets: dict[int, list[float]] = {}
    for t, _n, ms, f in rows:
        if not f and killed_at - 20 <= t < killed_at + 60:
            buckets.setdefault(int((t - killed_at) // window), []).append(ms)
    series = [(b * window, p95(v), len(v)) for b, v in sorted(buckets.items())]
    back = None
    after = [(start, value) for start, value, _n in series if start >= 0]
    for i, (start, _value) in enumerate(after):
        if all(v <= limit for _s, v in after[i : i + 5]):  # and stays there for 10 s
            back = start + window
            break
    return {
        "requests": len(rows),
        "p95_before": normal,
        "limit": limit,
        "in_flight_failures": in_flight,
        "other_failures": other,
        "series": series,
        "back_after": back,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/lotse_drill")
    parser.add_argument("--fresh", action="store_true", help="rebuild the drill database")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--minutes", type=float, default=5.0, help="full-load time")
    # Each app server alone must carry the load (N+1): the survivor of the kill gets all of it.
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers per app server")
    parser.add_argument("--think", default="1,3", help="think time range in seconds")
    args = parser.parse_args()
    if not args.database_url.startswith("postgres://postgres@127.0.0.1"):
        parser.error("the drill only runs on a scratch database of the local PostgreSQL")
    nginx = nginx_binary()
    prepare_database(args.database_url, args.fresh, args.users)
    work = Path(tempfile.mkdtemp(prefix="lotse-drill-"))
    work.chmod(0o755)  # nginx's workers run as nobody when started by root
    static = work / "static"
    env = {
        **os.environ,
        **PRODUCTION_LIKE,
        "DATABASE_URL": args.database_url,
        "LOTSE_VAR_DIR": str(work / "var"),
        "LOTSE_STATIC_ROOT": str(static),
    }
    run([str(BIN / "lotse"), "collectstatic", "--noinput", "-v0"], env)
    (work / "nginx.conf").write_text(
        NGINX_CONF.format(
            work=work, static=static, port=NGINX_PORT, app1=APP_PORTS[0], app2=APP_PORTS[1]
        )
    )
    servers = {
        port: subprocess.Popen(  # noqa: S603 - fixed command
            [
                str(BIN / "gunicorn"),
                "lotse.wsgi",
                "--workers",
                str(args.workers),
                "--bind",
                f"127.0.0.1:{port}",
                "--timeout",
                "60",
            ],
            env=env,
            cwd=work,
            start_new_session=True,
            stdout=(work / f"gunicorn-{port}.log").open("w"),
            stderr=subprocess.STDOUT,
        )
        for port in APP_PORTS
    }
    proxy = subprocess.Popen(  # noqa: S603 - fixed command
        [nginx, "-p", str(work), "-c", str(work / "nginx.conf"), "-g", "daemon off;"],
        start_new_session=True,
    )
    try:
        for port in (*APP_PORTS, NGINX_PORT):
            wait_for(f"http://127.0.0.1:{port}/accounts/login/")
        ramp = args.users / 0.4
        kill_at = ramp + args.minutes * 60 / 2
        load = subprocess.Popen(  # noqa: S603 - fixed command
            [str(BIN / "python"), str(ROOT / "bench" / "load_counsellors.py"),
             "--host", f"http://127.0.0.1:{NGINX_PORT}", "--users", str(args.users),
             "--minutes", str(args.minutes), "--think", args.think,
             "--workdir", str(work / "load"), "--trace"],
            env=env,
        )  # fmt: skip
        started = time.time()
        time.sleep(kill_at)
        victim = servers[APP_PORTS[1]]
        os.killpg(victim.pid, signal.SIGKILL)  # the master and its workers, as a crash would
        killed_at = time.time()
        print(f"\n*** killed app server :{APP_PORTS[1]} with SIGKILL "
              f"{killed_at - started:.0f} s into the run ***\n", flush=True)  # fmt: skip
        load_rc = load.wait()
    finally:
        for process in (*servers.values(), proxy):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
    result = analyse(work / "load" / "trace.csv", killed_at)
    print(f"\ndrill: {result['requests']} requests; p95 in the minute before the kill "
          f"{result['p95_before']:.0f} ms (normal: ≤ {result['limit']:.0f} ms)")  # fmt: skip
    print("p95 per 2 s around the kill (s after the kill: p95 ms, requests):")
    print("  " + "  ".join(f"{s:+.0f}: {v:.0f} ({n})" for s, v, n in result["series"]))
    back = result["back_after"]
    print(
        f"back to normal {back:.0f} s after the kill" if back is not None else "NOT back to normal"
    )
    in_flight, other = result["in_flight_failures"], result["other_failures"]
    print(f"failed requests: {len(in_flight)} in flight on the killed server, {len(other)} others")
    for dt, name in other[:10]:
        print(f"  {name} at {dt:+.1f} s")
    ok = load_rc == 0 and not other and back is not None and back <= 10
    print(f"verdict: {'drill passed' if ok else 'DRILL FAILED'} (files in {work})")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
