"""The attacker of DOMAIN §D16, written independently of ``lotse.stats.suppression``.

Random people are counted into tables that share their total and their margins (a by A, A × B,
B × C, C alone), a teams table tied to a services table, and a multiple-answer table. They are
published through the real code (``tables.publish``); then the attacker — this file's own
linear programme, built from the published tables and what every reader knows about them —
narrows every suppressed cell to an interval. Knowledge: every published cell, each table's
arithmetic, equal totals and margins of tables of one population, a service is the sum of its
teams, a multiple-answer cell is at most its base, counts are never negative, and a suppressed
cell is at least 1 (zeros are published; a hidden zero is granted 0).
"""

from __future__ import annotations

from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lotse.stats.suppression import TOTAL, Equation
from lotse.stats.tables import Table, publish
from stats.checker import lp_intervals, width

A, B, C, TEAMS, TOPICS = 3, 3, 3, 4, 3
SERVICES = {"s0": ["t0", "t1"], "s1": ["t2", "t3"]}

# Mostly single people (small cells, many zeros), sometimes a crowd (large cells).
person = st.tuples(
    st.integers(0, A - 1),
    st.integers(0, B - 1),
    st.integers(0, C - 1),
    st.integers(0, TEAMS - 1),
    st.integers(0, 2**TOPICS - 1),
    st.sampled_from([1, 1, 1, 1, 2, 3, 9]),
)


def _table(key: str, dims: tuple[str, ...], rows: list[str], cols: list[str], counts: Counter,
           *, kind: str = "additive", base: int = 0) -> Table:  # fmt: skip
    cells: dict = {}
    if cols:
        for r in rows:
            for c in cols:
                cells[(r, c)] = counts[(r, c)]
            cells[(r, TOTAL)] = sum(counts[(r, c)] for c in cols)
        for c in cols:
            cells[(TOTAL, c)] = sum(counts[(r, c)] for r in rows)
        cells[(TOTAL, TOTAL)] = sum(counts[(r, c)] for r in rows for c in cols)
    else:
        for r in rows:
            cells[(r,)] = counts[(r,)]
        cells[(TOTAL,)] = base if kind == "multiple" else sum(counts[(r,)] for r in rows)
    return Table(key, dims, kind, "clients", "count", rows, cols, cells, population="clients")


def build(people: list[tuple[int, ...]], with_bc: bool) -> list[Table]:
    a_codes = [f"a{i}" for i in range(A)]
    b_codes = [f"b{i}" for i in range(B)]
    c_codes = [f"c{i}" for i in range(C)]
    counts: dict[str, Counter] = {n: Counter() for n in ("a", "ab", "bc", "c", "t", "s", "x")}
    total = 0
    for a, b, c, team, topics, weight in people:
        total += weight
        counts["a"][(f"a{a}",)] += weight
        counts["ab"][(f"a{a}", f"b{b}")] += weight
        counts["bc"][(f"b{b}", f"c{c}")] += weight
        counts["c"][(f"c{c}",)] += weight
        counts["t"][(f"t{team}",)] += weight
        counts["s"][("s0" if team < 2 else "s1",)] += weight
        for topic in range(TOPICS):
            if topics >> topic & 1:
                counts["x"][(f"x{topic}",)] += weight
    tables = [
        _table("by_a", ("da",), a_codes, [], counts["a"]),
        _table("a_b", ("da", "db"), a_codes, b_codes, counts["ab"]),
        _table("by_c", ("dc",), c_codes, [], counts["c"]),
        _table("by_team", ("team",), [f"t{i}" for i in range(TEAMS)], [], counts["t"]),
        _table("by_service", ("service",), list(SERVICES), [], counts["s"]),
        _table("topics", ("topic",), [f"x{i}" for i in range(TOPICS)], [], counts["x"],
               kind="multiple", base=total),
    ]  # fmt: skip
    if with_bc:
        tables.append(_table("b_c", ("db", "dc"), b_codes, c_codes, counts["bc"]))
    return tables


def service_links() -> list[Equation]:
    return [
        Equation(("by_service", (s,)), tuple(("by_team", (t,)) for t in teams))
        for s, teams in SERVICES.items()
    ]


# --- the attacker ------------------------------------------------------------------------------


def knowledge(tables: list[Table]) -> tuple[list[dict], list[dict]]:
    """Linear equations (``sum(coef * cell) == 0``) and inequalities (``≤ 0``) over the cells
    ``(table, keys)``, from the tables' structure alone."""
    eqs: list[dict] = []
    ineqs: list[dict] = []
    by_key = {t.key: t for t in tables}
    for t in tables:
        if t.kind == "multiple":
            ineqs += [{(t.key, k): 1, (t.key, (TOTAL,)): -1} for k in t.cells if k != (TOTAL,)]
        elif t.cols:
            for r in [*t.rows, TOTAL]:
                eqs.append({(t.key, (r, c)): 1 for c in t.cols} | {(t.key, (r, TOTAL)): -1})
            for c in [*t.cols, TOTAL]:
                eqs.append({(t.key, (r, c)): 1 for r in t.rows} | {(t.key, (TOTAL, c)): -1})
        else:
            eqs.append({(t.key, (r,)): 1 for r in t.rows} | {(t.key, (TOTAL,)): -1})
    grand = [(t.key, (TOTAL, TOTAL) if t.cols else (TOTAL,)) for t in tables]
    eqs += [{grand[0]: 1, other: -1} for other in grand[1:]]  # one population, one total
    same = [("by_a", "a_b", 0, A, "a"), ("by_c", "b_c", 1, C, "c"), ("a_b", "b_c", "b", B, "b")]
    for first, second, axis, n, prefix in same:
        if second not in by_key:
            continue
        for i in range(n):
            code = f"{prefix}{i}"
            if axis == "b":  # column margin of a × b, row margin of b × c
                left, right = (first, (TOTAL, code)), (second, (code, TOTAL))
            else:
                right = (second, (code, TOTAL) if axis == 0 else (TOTAL, code))
                left = (first, (code,))
            eqs.append({left: 1, right: -1})
    for s, teams in SERVICES.items():
        eqs.append({("by_team", (t,)): 1 for t in teams} | {("by_service", (s,)): -1})
    return eqs, ineqs


def attack(published: list[Table], truth: dict, needed: dict) -> dict:
    eqs, ineqs = knowledge(published)
    value = {(t.key, k): v for t in published for k, v in t.cells.items()}
    return lp_intervals(value, eqs, ineqs, truth, needed)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(person, max_size=24), st.booleans(), st.sampled_from([3, 5]))
def test_the_attacker_learns_nothing_narrower_than_k(people, with_bc: bool, k: int) -> None:
    tables = build(people, with_bc)
    truth = {(t.key, keys): v for t in tables for keys, v in t.cells.items()}
    published = publish(tables, k=k, links=service_links())
    for table in published:
        for keys, v in table.cells.items():
            assert v is None or v == truth[(table.key, keys)]
            assert v is None or v == 0 or v >= k, (table.key, keys, v)
    eqs, _ineqs = knowledge(published)
    value = {(t.key, keys): v for t in published for keys, v in t.cells.items()}
    for equation in eqs:  # published arithmetic holds where all of it is published
        if all(value[c] is not None for c in equation):
            assert sum(coef * value[c] for c, coef in equation.items()) == 0
    needed = {cell: k if 0 < true < k else 1 for cell, true in truth.items()}
    for cell, (low, high) in attack(published, truth, needed).items():
        assert low - 1e-6 <= truth[cell] <= high + 1e-6, (cell, truth[cell], low, high)
        assert width(low, high) >= needed[cell], (cell, truth[cell], low, high)
