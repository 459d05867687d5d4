"""An attacker's view of a published table, written independently of lotse.stats.suppression.

``lp_intervals`` is the attacker of DOMAIN §D16: a linear programme over everything published.
``recoverable`` is the simple one: given the published cells (None = suppressed) and the
table's equations (row, column and grand totals), it solves every equation that has a single
unknown, substitutes the value and repeats until nothing more can be solved. Whatever it
solves was recoverable by subtraction.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence

import numpy as np
from scipy.optimize import linprog

Cell = Hashable
# (total cell, member cells): sum(members) == total
Eq = tuple[Cell, Sequence[Cell]]


def one_way(n: int) -> tuple[list[Cell], list[Eq]]:
    cells: list[Cell] = [("c", i) for i in range(n)]
    return [*cells, "T"], [("T", cells)]


def two_way(rows: int, cols: int) -> tuple[list[Cell], list[Eq]]:
    body = [(r, c) for r in range(rows) for c in range(cols)]
    row_totals = [(r, "T") for r in range(rows)]
    col_totals = [("T", c) for c in range(cols)]
    grand = ("T", "T")
    equations: list[Eq] = [((r, "T"), [(r, c) for c in range(cols)]) for r in range(rows)]
    equations += [(("T", c), [(r, c) for r in range(rows)]) for c in range(cols)]
    equations += [(grand, row_totals), (grand, col_totals)]
    return [*body, *row_totals, *col_totals, grand], equations


def recoverable(published: Mapping[Cell, int | None], equations: Sequence[Eq]) -> set[Cell]:
    """Suppressed cells an attacker can compute from the published ones by subtraction."""
    known = {c: v for c, v in published.items() if v is not None}
    solved: set[Cell] = set()
    changed = True
    while changed:
        changed = False
        for total, members in equations:
            cells = [*members, total]
            unknown = [c for c in cells if c not in known]
            if len(unknown) != 1:
                continue
            cell = unknown[0]
            if cell == total:
                known[cell] = sum(known[m] for m in members)
            else:
                known[cell] = known[total] - sum(known[m] for m in members if m != cell)
            solved.add(cell)
            changed = True
    return solved


def single_unknown_equations(
    published: Mapping[Cell, int | None], equations: Sequence[Eq]
) -> list[Eq]:
    """Equations in which exactly one cell is suppressed (must never happen)."""
    return [
        (total, members)
        for total, members in equations
        if sum(1 for c in [*members, total] if published[c] is None) == 1
    ]


def width(low: float, high: float) -> float:
    """Whole-number width: the attacker knows counts are integers."""
    return math.inf if math.isinf(high) else math.floor(high + 1e-6) - math.ceil(low - 1e-6)


def lp_intervals(
    value: Mapping[Cell, int | None],
    eqs: Sequence[Mapping[Cell, int]],
    ineqs: Sequence[Mapping[Cell, int]],
    truth: Mapping[Cell, int | None],
    needed: Mapping[Cell, int],
) -> dict[Cell, tuple[float, float]]:
    """The attacker's linear programme. ``value``: the published cells (None = suppressed);
    ``eqs``/``ineqs``: ``sum(coef * cell) == 0`` / ``<= 0``; a suppressed cell is at least 1
    (0 where ``truth`` is 0: a hidden zero; ``None``: not known, as in merged tables). For
    every suppressed cell an interval ``(low, high)`` the attacker cannot narrow: the exact
    LP interval, or (to save LPs) the spread over feasible points already found when that is
    ``needed`` wide; every point is checked against the constraints first."""
    hidden = sorted((c for c, v in value.items() if v is None), key=str)
    col = {c: j for j, c in enumerate(hidden)}
    if not hidden:
        return {}

    def rows(constraints: Sequence[Mapping[Cell, int]]) -> tuple[np.ndarray, np.ndarray]:
        matrix, rhs = [], []
        for constraint in constraints:
            if not any(c in col for c in constraint):
                continue
            row = np.zeros(len(hidden))
            known = 0.0
            for c, coef in constraint.items():
                if c in col:
                    row[col[c]] = coef
                else:
                    known += coef * (value[c] or 0)
            matrix.append(row)
            rhs.append(-known)
        return np.array(matrix).reshape(-1, len(hidden)), np.array(rhs)

    a_eq, b_eq = rows(eqs)
    a_ub, b_ub = rows(ineqs)
    bounds = [(0 if truth[c] == 0 else 1, None) for c in hidden]
    lows = np.array([b[0] for b in bounds], dtype=float)
    arrays = {
        "A_eq": a_eq if len(b_eq) else None,
        "b_eq": b_eq if len(b_eq) else None,
        "A_ub": a_ub if len(b_ub) else None,
        "b_ub": b_ub if len(b_ub) else None,
    }
    known = all(truth[c] is not None for c in hidden)
    points = [np.array([truth[c] for c in hidden], dtype=float)] if known else []
    intervals = {}
    for c in hidden:
        spread = [p[col[c]] for p in points]
        if spread and width(min(spread), max(spread)) >= needed[c]:
            intervals[c] = (min(spread), max(spread))
            continue
        objective = np.zeros(len(hidden))
        objective[col[c]] = 1
        ends = []
        for sign in (-1, 1):  # the maximum first: unbounded means safe, the minimum is moot
            res = linprog(sign * objective, bounds=bounds, method="highs", **arrays)
            assert res.status in (0, 3), res.message
            if res.status == 3:
                ends.append(bounds[col[c]][0])
                break
            ends.append(sign * res.fun)
            x = res.x
            assert np.allclose(a_eq @ x, b_eq, atol=1e-6) and np.all(a_ub @ x <= b_ub + 1e-6)
            assert np.all(x >= lows - 1e-6)
            points.append(x)
        intervals[c] = (min(ends), max(ends)) if len(ends) == 2 else (ends[0], math.inf)
    return intervals
