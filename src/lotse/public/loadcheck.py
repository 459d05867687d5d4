"""A bounded load check of the public pages — loopback only.

    .venv/bin/python -m lotse.public.loadcheck --url http://127.0.0.1:8015 --rate 100 --seconds 20

Phase 1 sends GETs to the public pages (finder, centre page, "which service", request form,
in several languages) at ``--rate`` requests a second for ``--seconds`` from a thread pool and
reports the count, errors and the latency percentiles. Phase 2 floods the appointment-request
form from this one address (``--flood`` POSTs, each with a valid CSRF token) and reports how
many were accepted (302) and how many refused with HTTP 429: the rate limit must refuse the
flood. Accepted flood posts carry no start time, so the spam trap quarantines them as
suspected spam — they never reach the centre's inbox. Then one person sends a request from
another loopback address (``--person-from``, 127.0.0.2), at human speed: it must be accepted.

It refuses every host but 127.0.0.1, ::1 and localhost, and stops by itself: at most
``MAX_SECONDS`` seconds and ``MAX_REQUESTS`` requests. Exit status 1 if a GET failed or the
flood was not refused.
"""

from __future__ import annotations

import argparse
import http.client
import ipaddress
import re
import statistics
import sys
import threading
import time
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

MAX_SECONDS = 300
MAX_REQUESTS = 30_000
MAX_FLOOD = 200
REAL_PERSON_SECONDS = 4.0  # more than the spam trap's minimum fill time
TIMEOUT = 10.0
LOCAL_NAMES = {"localhost"}


class RefusedTarget(ValueError):
    """The target is not this machine."""


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str
    port: int
    source: str = ""  # a local address to send from (another 127.x.y.z: another visitor)

    def connection(self) -> http.client.HTTPConnection:
        cls = http.client.HTTPSConnection if self.scheme == "https" else http.client.HTTPConnection
        source = (self.source, 0) if self.source else None
        return cls(self.host, self.port, timeout=TIMEOUT, source_address=source)


def loopback_target(url: str) -> Target:
    """The target of ``url`` if it is on this machine; RefusedTarget otherwise."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise RefusedTarget(f"Not an http(s) URL: {url!r}")
    host = parts.hostname
    if host.lower() not in LOCAL_NAMES:
        try:
            address = ipaddress.ip_address(host)
        except ValueError:
            raise RefusedTarget(f"Only loopback addresses or localhost, not {host!r}.") from None
        if not address.is_loopback:
            raise RefusedTarget(f"Only loopback addresses or localhost, not {host!r}.")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return Target(parts.scheme, host, port)


@dataclass
class Result:
    path: str
    status: int
    seconds: float
    error: str = ""


def fetch(
    target: Target,
    method: str,
    path: str,
    *,
    body: str | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[Result, http.client.HTTPResponse | None, bytes]:
    started = time.perf_counter()
    connection = target.connection()
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        content = response.read()
        return Result(path, response.status, time.perf_counter() - started), response, content
    except (OSError, http.client.HTTPException) as error:
        return Result(path, 0, time.perf_counter() - started, repr(error)), None, b""
    finally:
        connection.close()


def public_paths(target: Target) -> list[str]:
    """The pages to load, with the centres the finder lists."""
    _result, _response, content = fetch(target, "GET", "/public/de/")
    centres = sorted(set(re.findall(rb"/public/de/centres/(\d+)/", content)))[:3]
    paths = [
        "/public/",
        "/public/de/",
        "/public/ar/",
        "/public/de/?place=12345",
        "/public/tr/?service=mbe&language=ar",
        "/public/de/which-service/",
        "/public/fa/which-service/",
        "/public/ar/request/",
        "/public/uk/request/",
    ]
    for centre in centres:
        paths += [
            f"/public/de/centres/{centre.decode()}/",
            f"/public/ar/centres/{centre.decode()}/",
        ]
    return paths


def percentile(values: Sequence[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


@dataclass
class LoadReport:
    sent: int = 0
    results: list[Result] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def errors(self) -> list[Result]:
        return [r for r in self.results if r.status != 200]

    def lines(self) -> list[str]:
        times = [r.seconds * 1000 for r in self.results if r.status == 200]
        statuses = Counter(r.status for r in self.results)
        return [
            f"requests: {len(self.results)} in {self.seconds:.1f} s "
            f"({len(self.results) / max(self.seconds, 0.001):.1f}/s)",
            f"errors: {len(self.errors)}  statuses: {dict(sorted(statuses.items()))}",
            f"latency ms: p50 {percentile(times, 0.50):.1f}  p95 {percentile(times, 0.95):.1f}  "
            f"p99 {percentile(times, 0.99):.1f}  max {max(times, default=0):.1f}"
            + (f"  mean {statistics.fmean(times):.1f}" if times else ""),
        ]


def run_load(
    target: Target, paths: list[str], *, rate: float, seconds: float, workers: int
) -> LoadReport:
    total = min(int(rate * seconds), MAX_REQUESTS)
    report = LoadReport()
    lock = threading.Lock()
    futures: list[Future[None]] = []

    def one(path: str) -> None:
        result, _response, _content = fetch(target, "GET", path)
        with lock:
            report.results.append(result)

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for n in range(total):
            due = started + n / rate
            delay = due - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            if time.perf_counter() - started > min(seconds * 2, MAX_SECONDS):
                break  # the server cannot keep up: stop sending, do not queue more
            futures.append(pool.submit(one, paths[n % len(paths)]))
            report.sent += 1
    report.seconds = time.perf_counter() - started
    return report


def csrf_form(target: Target, path: str) -> tuple[str, str]:
    """A CSRF cookie header and the form token from a GET of the request form."""
    _result, response, content = fetch(target, "GET", path)
    if response is None:
        raise RuntimeError(f"Could not load {path}")
    cookie = SimpleCookie()
    for header in response.headers.get_all("Set-Cookie") or []:
        cookie.load(header)
    pairs = "; ".join(f"{name}={morsel.value}" for name, morsel in cookie.items())
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', content)
    centre = re.search(rb'<option value="(\d+)"', content)
    if not token or not centre:
        raise RuntimeError("The request form has no CSRF token or no centre.")
    return pairs, f"{token.group(1).decode()}|{centre.group(1).decode()}"


REQUEST_PATH = "/public/de/request/"


def post_request(target: Target, cookie: str, token: str, fields: dict[str, str]) -> int:
    body = urlencode({"csrfmiddlewaretoken": token, **fields})
    result, _response, _content = fetch(
        target,
        "POST",
        REQUEST_PATH,
        body=body,
        headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie},
    )
    return result.status


def run_flood(target: Target, count: int) -> Counter[int]:
    cookie, token_centre = csrf_form(target, REQUEST_PATH)
    token, centre = token_centre.split("|")
    statuses: Counter[int] = Counter()
    for n in range(min(count, MAX_FLOOD)):
        fields = {
            "centre": centre,
            "name": f"loadcheck flood {n}",
            "phone": "0000",
            "language": "de",
            "privacy": "on",
        }
        statuses[post_request(target, cookie, token, fields)] += 1
    return statuses


def real_request(target: Target) -> int:
    """One person's request from another loopback address, filled in at human speed."""
    cookie, token_centre = csrf_form(target, REQUEST_PATH)
    token, centre = token_centre.split("|")
    page = fetch(target, "GET", REQUEST_PATH)[2]
    started = re.search(rb'name="started" value="([^"]+)"', page)
    time.sleep(REAL_PERSON_SECONDS)
    fields = {
        "centre": centre,
        "name": "loadcheck real person",
        "phone": "0000",
        "language": "de",
        "privacy": "on",
        "started": started.group(1).decode() if started else "",
    }
    return post_request(target, cookie, token, fields)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", required=True, help="e.g. http://127.0.0.1:8015 (loopback only)")
    parser.add_argument("--rate", type=float, default=100.0, help="requests a second")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--workers", type=int, default=32, help="threads of the pool")
    parser.add_argument("--flood", type=int, default=30, help="POSTs of the flood (0: skip)")
    parser.add_argument(
        "--person-from",
        default="127.0.0.2",
        help="after the flood, one real request from this loopback address ('' to skip)",
    )
    args = parser.parse_args(argv)
    try:
        target = loopback_target(args.url)
    except RefusedTarget as error:
        parser.error(str(error))
    if not 0 < args.rate <= 1000 or not 0 < args.seconds <= MAX_SECONDS:
        parser.error(f"--rate must be in (0, 1000] and --seconds in (0, {MAX_SECONDS}].")

    paths = public_paths(target)
    print(f"target {target.host}:{target.port}, {len(paths)} public pages")
    report = run_load(
        target, paths, rate=args.rate, seconds=args.seconds, workers=max(1, args.workers)
    )
    print("GET load:")
    for line in report.lines():
        print("  " + line)
    for result in report.errors[:5]:
        print(f"  error: {result.path} {result.status} {result.error}")

    refused = True
    if args.flood:
        statuses = run_flood(target, args.flood)
        accepted, limited = statuses.get(302, 0), statuses.get(429, 0)
        print(
            f"request-form flood from one address: {sum(statuses.values())} POSTs, "
            f"{accepted} accepted (302, quarantined as suspected spam), {limited} refused (429), "
            f"others {dict((k, v) for k, v in statuses.items() if k not in (302, 429))}"
        )
        refused = limited > 0
    person_ok = True
    if args.flood and args.person_from:
        try:
            source = loopback_target(f"http://{args.person_from}").host
        except RefusedTarget as error:
            parser.error(str(error))
        status = real_request(Target(target.scheme, target.host, target.port, source=source))
        person_ok = status == 302
        print(
            f"a real request from {source} after the flood: HTTP {status} "
            f"({'accepted' if person_ok else 'LOST'})"
        )
    return 0 if not report.errors and refused and person_ok else 1


if __name__ == "__main__":
    sys.exit(main())
