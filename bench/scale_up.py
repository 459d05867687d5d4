"""Top up a migrated benchmark database to realistic case loads and sizes (issue #20).

    # PostgreSQL (COPY), e.g. the 1M-client data set:
    LOTSE_DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/lotse_bench \\
        .venv/bin/python bench/scale_up.py --clients 1000000 --contacts 10000000
    # SQLite (executemany in large transactions), the same code:
    LOTSE_DEBUG=1 LOTSE_VAR_DIR=/tmp/lotse-bench .venv/bin/python bench/scale_up.py
    # then open a generated client, case and the audit trail through the app and verify chains:
    ... bench/scale_up.py --check

Every target is a total, not an increment: a second run with the same arguments adds nothing.
Steps, each timed: clients (with languages, search tokens, file numbers), contacts (with
topics), cases (bench/scale_cases.py), audit entries (reads and writes of those clients by their
teams' counsellors over five years, hashed onto chains as ``log_action`` would), then sequences
past the highest id and ANALYZE. Rows are written straight into the tables (bench/scale_io.py),
not through the ORM: no signals, so the audit entries are generated here.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from array import array
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

FIVE_YEARS = timedelta(days=5 * 365)
BATCH = 20_000
VIEWS = ("client_detail", "client_detail", "case_overview", "case_plan", "client_contacts")
LIST_PAGES = ("client_list", "client_list", "dashboard", "case_list", "waiting_list")
Say = Callable[[str], None]


def _timed(say: Say, timings: dict[str, float], name: str, step: Callable[[], int]) -> None:
    started = time.perf_counter()
    made = step()
    timings[name] = time.perf_counter() - started
    say(f"{name}: {made:,} rows in {timings[name]:.1f} s")


def top_up_cases(target: int, *, rng: random.Random, today: date, say: Say) -> int:
    from django.db import transaction
    from scale_cases import CaseMaker, CaseRows, case_teams, staff_of_teams, write_cases

    from lotse.cases.models import Case
    from lotse.clients.models import Client

    need = target - Case.objects.count()
    if need <= 0:
        return 0
    staff = staff_of_teams()
    teams = case_teams(staff)
    candidates = list(
        Client.objects.filter(team_id__in=teams, merged_into__isnull=True, cases__isnull=True)
        .order_by("pk")
        .values_list("pk", "team_id")
    )
    if len(candidates) < need:
        say(f"  only {len(candidates):,} clients without a case: {len(candidates):,} cases")
    chosen = sorted(rng.sample(candidates, min(need, len(candidates))))
    maker = CaseMaker(rng, staff, today)
    audit: list[Any] = []
    written = 0
    for start in range(0, len(chosen), BATCH // 10):
        out = CaseRows()
        for client_id, team_id in chosen[start : start + BATCH // 10]:
            maker.make(out, client_id, team_id, teams[team_id])
        with transaction.atomic():
            written += write_cases(out, maker.goal_status)
        audit.extend(out.audit)
    audit.sort(key=lambda entry: entry[0])
    chain = _free_chains(datetime.now(UTC))[0]
    say(f"  {len(chosen):,} cases, {written:,} rows; {len(audit):,} audit entries on chain {chain}")
    return written + _append(chain, iter(audit), rng)


def _append(chain: int, entries: Iterator[Any], rng: random.Random) -> int:
    from scale_io import append_to_chain

    def request_ids() -> Iterator[str]:
        while True:
            yield f"{rng.getrandbits(128):032x}"

    return append_to_chain(chain, entries, request_ids=request_ids())


def _free_chains(now: datetime) -> list[int]:
    """Chains for history: empty ones, or ones whose newest entry is older than 30 days, so that
    time never goes back within a chain. When none is free, a new chain (a head after the
    highest): every chain with a head is verified and anchored, and the app writes only to
    chains 1..LOTSE_AUDIT_CHAINS."""
    from lotse.audit.models import GENESIS_HASH, AuditEntry, ChainHead

    free = []
    heads = list(ChainHead.objects.order_by("pk"))
    for head in heads:
        last = AuditEntry.objects.filter(chain=head.pk, seq=head.seq).values_list("at", flat=True)
        newest = last.first()
        if newest is None or newest < now - timedelta(days=30):
            free.append(head.pk)
    if not free:
        highest = heads[-1].pk if heads else 0
        new = ChainHead.objects.create(pk=highest + 1, seq=0, last_hash=GENESIS_HASH)
        free.append(new.pk)
    return free


def _chain_start(chain: int, now: datetime) -> datetime:
    from lotse.audit.models import AuditEntry, ChainHead

    head = ChainHead.objects.get(pk=chain)
    newest = (
        AuditEntry.objects.filter(chain=chain, seq=head.seq).values_list("at", flat=True).first()
    )
    return max(newest or now - FIVE_YEARS, now - FIVE_YEARS)


def top_up_audit(target: int, *, rng: random.Random, say: Say) -> int:
    from scale_cases import case_teams, staff_of_teams
    from scale_io import entry_json

    from lotse.audit.models import AuditEntry
    from lotse.clients.models import Client

    need = target - AuditEntry.objects.count()
    if need <= 0:
        return 0
    staff = staff_of_teams()
    teams = case_teams(staff)
    members: dict[int, array[int]] = {team: array("q") for team in teams}
    for pk, team_id in Client.objects.filter(team_id__in=teams).values_list("pk", "team_id"):
        members[team_id].append(pk)
    weighted = [team for team in teams if members[team]]
    weights = [len(members[team]) for team in weighted]
    now = datetime.now(UTC)
    chains = _free_chains(now)
    versions: dict[int, int] = {}

    def entries(count: int, start: datetime) -> Iterator[Any]:
        span = (now - timedelta(hours=1) - start).total_seconds()
        offsets = sorted(rng.random() * span for _ in range(count))
        for offset in offsets:
            at = start + timedelta(seconds=offset)
            team = rng.choices(weighted, weights)[0]
            ids = members[team]
            client = ids[rng.randrange(len(ids))]
            actor = rng.choice(staff.by_team[team])
            label = staff.labels[actor]
            roll = rng.random()
            if roll < 0.6:
                data = {"for_edit": rng.random() < 0.1, "view": rng.choice(VIEWS)}
                yield (
                    at,
                    actor,
                    label,
                    "client.viewed",
                    "clients.client",
                    str(client),
                    client,
                    entry_json(data),
                )
            elif roll < 0.85:
                shown = sorted({ids[rng.randrange(len(ids))] for _ in range(rng.randint(5, 25))})
                data = {"client_ids": shown, "page": rng.choice(LIST_PAGES)}
                yield (at, actor, label, "people.listed", "", "", None, entry_json(data))
            else:
                version = versions.get(client, 1)
                versions[client] = version + 1
                data = {
                    "changed": ["phone", "updated_at", "version"],
                    "old": {"version": version},
                    "new": {"version": version + 1},
                }
                yield (
                    at,
                    actor,
                    label,
                    "client.updated",
                    "clients.client",
                    str(client),
                    client,
                    entry_json(data),
                )

    written = 0
    for index, chain in enumerate(chains):
        count = need // len(chains) + (1 if index < need % len(chains) else 0)
        written += _append(chain, entries(count, _chain_start(chain, now)), rng)
        say(f"  chain {chain}: {count:,} entries")
    return written


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=20_000, help="total cases (20,000)")
    parser.add_argument("--audit", type=int, default=5_000_000, help="total audit entries")
    parser.add_argument("--clients", type=int, default=0, help="total clients (0: leave as is)")
    parser.add_argument("--contacts", type=int, default=0, help="total contacts (0: as is)")
    parser.add_argument("--seed", type=int, default=20)
    parser.add_argument("--check", action="store_true", help="only open pages, verify chains")
    args = parser.parse_args(argv)
    # Here, not on import: the test imports this module inside the test suite's own settings.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lotse.settings")
    os.environ.setdefault("LOTSE_DEBUG", "1")
    import django

    django.setup()
    from scale_check import check_pages

    if args.check:
        from django.test.utils import setup_test_environment

        setup_test_environment()  # the test client's host, "testserver", is allowed
        for line in check_pages():
            print(line)
        return
    run(
        cases=args.cases,
        audit=args.audit,
        clients=args.clients,
        contacts=args.contacts,
        seed=args.seed,
    )


def run(
    *,
    cases: int,
    audit: int,
    clients: int = 0,
    contacts: int = 0,
    seed: int = 20,
    say: Say = print,
) -> dict[str, float]:
    """Top the current database up to these totals; the seconds each step took."""
    from django.db import connection
    from scale_clients import top_up_clients, top_up_contacts
    from scale_io import finish

    rng = random.Random(seed)  # noqa: S311 - synthetic data, not security
    today = date.today()
    timings: dict[str, float] = {}
    say(f"{connection.vendor} {connection.settings_dict['NAME']}")
    _timed(say, timings, "clients", lambda: top_up_clients(clients, rng=rng, today=today))
    _timed(say, timings, "contacts", lambda: top_up_contacts(contacts, rng=rng, today=today))
    _timed(say, timings, "cases", lambda: top_up_cases(cases, rng=rng, today=today, say=say))
    _timed(say, timings, "audit", lambda: top_up_audit(audit, rng=rng, say=say))

    def analyse() -> int:
        finish()
        return 0

    _timed(say, timings, "sequences and ANALYZE", analyse)
    say(f"total {sum(timings.values()):.1f} s")
    return timings


if __name__ == "__main__":
    main()
