"""Small-cell suppression against an attacker: the one implementation behind dashboard, reports,
exports and merged bundles.

Pure and typed, no Django models. A publication is a set of cells (counts, or ``None`` for a
cell whose value is already unknown, e.g. in a merged bundle), a set of *equations* ("these
member cells add up to that total cell": a 1-D table with its total, each row and column of a
2-D table with its margins, the grand total, a service as the sum of its teams, two tables'
margins that count the same people) and *at-most* relations ("this cell is at most that one":
a multiple-answer cell never exceeds its base).

**The attacker** knows every published cell of the whole publication, all these equations and
relations, that counts are never negative, and — because zeros are published — that a
suppressed cell is at least 1. From that the attacker can narrow every suppressed cell to an
interval [min, max]; ``protection_interval`` computes it with two linear programs (HiGHS via
``scipy.optimize.linprog``), rounded inwards to whole numbers.

**What is published:**

1. *Primary suppression*: a count from 1 to k−1 is hidden, and its interval must be at least
   k wide (max − min ≥ k; the *protection interval* of τ-ARGUS and sdcTable) — "between 1 and
   3" would tell too much about a cell of 2.
2. *Complementary suppression*: while a primary cell's interval is too narrow, or any other
   hidden cell is determined (interval of width < 1), one more published cell is hidden. It is
   taken from the constraints that limit the interval (those with a non-zero dual value in
   the LP; else any constraint of the cell's connected part): non-zero cells before zeros,
   members before totals, the smallest value first. Hiding a cell only removes knowledge, so
   an interval never narrows again and the greedy loop ends.
3. *Zeros* stay published unless chosen as a complementary cell as a last resort. A hidden
   zero is checked with lower bound 0, every other hidden cell with lower bound 1 — a stronger
   attacker than one who only knows "zeros are published" (such an attacker cannot tell which
   hidden cell is a zero). A structural zero (nobody under 12 in adult counselling) is known
   to every reader, so it is the very last choice.

Cells whose value is unknown (``None``, merged bundles) get lower bound 1 as well (they are
sums of hidden cells of the level below); only if that contradicts the published cells (a
hidden zero below) they are checked with 0.

The search is greedy, not optimal (τ-ARGUS solves a mixed-integer programme for the fewest
hidden values); it is correct by construction, because every hidden cell is checked with the
attacker's LP before the result is returned. To stay fast every LP covers only the connected
part of the hidden cells (cells joined by a constraint), and a cell that passed is never
checked again.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linprog

Cell = Hashable
DEFAULT_MIN_CELL = 5
TOTAL = "_total"
_EPS = 1e-6


@dataclass(frozen=True)
class Equation:
    """``sum(members) == total``: one row, column or the grand total of a table."""

    total: Cell
    members: tuple[Cell, ...]

    @property
    def cells(self) -> tuple[Cell, ...]:
        return (*self.members, self.total)


@dataclass(frozen=True)
class Result:
    published: dict[Cell, int | None]
    primary: frozenset[Cell]
    complementary: frozenset[Cell]
    unknown: frozenset[Cell] = field(default_factory=frozenset)

    @property
    def suppressed(self) -> frozenset[Cell]:
        return frozenset(c for c, v in self.published.items() if v is None)


@dataclass(frozen=True)
class Interval:
    """What the attacker can derive about a hidden cell: ``low ≤ value ≤ high``."""

    low: float
    high: float  # math.inf when unbounded

    @property
    def width(self) -> float:
        """Whole-number width: the attacker knows the cell is an integer."""
        if math.isinf(self.high):
            return math.inf
        return math.floor(self.high + _EPS) - math.ceil(self.low - _EPS)


def min_cell() -> int:
    """k from ``settings.LOTSE_STATS_MIN_CELL`` (default 5)."""
    from django.conf import settings

    value = int(getattr(settings, "LOTSE_STATS_MIN_CELL", DEFAULT_MIN_CELL))
    if value < 1:
        raise ValueError("LOTSE_STATS_MIN_CELL must be at least 1.")
    return value


def suppress(
    values: Mapping[Cell, int | None],
    equations: Sequence[Equation] = (),
    *,
    k: int,
    at_most: Sequence[tuple[Cell, Cell]] = (),
) -> Result:
    """Publish ``values`` so that every suppressed cell withstands the attacker (module doc).

    ``None`` values are cells whose value is not known (they stay suppressed). Cells named in
    an equation or in ``at_most`` (pairs ``(cell, bound)``: cell ≤ bound) must be in ``values``.
    """
    if k < 1:
        raise ValueError("k must be at least 1")
    system = _System(values, equations, at_most)
    unknown = frozenset(c for c, v in values.items() if v is None)
    primary = frozenset(c for c, v in values.items() if v is not None and 0 < v < k)
    hidden = {system.index[c] for c in unknown | primary}
    need = {system.index[c]: k for c in primary}
    queue = deque(sorted(hidden, key=lambda i: (i not in need, i)))
    while queue:
        cell = queue.popleft()
        while True:
            if system.known_wide(cell, need.get(cell, 1)):
                break
            check = system.check(cell, hidden, need.get(cell, 1))
            if check.interval.width >= need.get(cell, 1):
                break
            extra = system.complement(check, hidden)
            if extra is None:
                # Everything around is hidden: the published side of every constraint is 0,
                # so any solution doubled is one too and a cell ≥ 1 is unbounded. Reaching
                # this with a primary cell would be a bug, never a table to publish.
                if cell in need:
                    raise RuntimeError(f"cannot protect {system.cells[cell]!r}")
                break
            hidden.add(extra)
            queue.append(extra)
    hidden_cells = {system.cells[i] for i in hidden}
    published = {c: (None if c in hidden_cells else v) for c, v in values.items()}
    return Result(
        published=published,
        primary=primary,
        complementary=frozenset(hidden_cells - primary - unknown),
        unknown=unknown,
    )


def protection_interval(
    values: Mapping[Cell, int | None],
    equations: Sequence[Equation],
    hidden: Iterable[Cell],
    cell: Cell,
    *,
    at_most: Sequence[tuple[Cell, Cell]] = (),
) -> Interval:
    """The attacker's interval for ``cell`` when ``hidden`` cells are suppressed."""
    system = _System(values, equations, at_most)
    indices = {system.index[c] for c in hidden}
    return system.check(system.index[cell], indices).interval


# --- the attacker's linear programmes ------------------------------------------------------


@dataclass
class _Check:
    cell: int
    interval: Interval
    component: list[int]
    constraints: list[int]
    binding: set[int]


class _System:
    """All constraints of a publication, indexed for the LPs of one connected part."""

    def __init__(
        self,
        values: Mapping[Cell, int | None],
        equations: Sequence[Equation],
        at_most: Sequence[tuple[Cell, Cell]],
    ) -> None:
        self.cells: list[Cell] = list(values)
        self.index = {c: i for i, c in enumerate(self.cells)}
        self.values = [values[c] for c in self.cells]
        # A constraint: (coefficients by cell index, is_equation); sum(coef * x) (= or ≤) 0.
        self.constraints: list[tuple[dict[int, int], bool]] = []
        for equation in equations:
            missing = [c for c in equation.cells if c not in self.index]
            if missing:
                raise KeyError(f"equation names unknown cells: {missing}")
            coefs: dict[int, int] = {}
            for member in equation.members:
                coefs[self.index[member]] = coefs.get(self.index[member], 0) + 1
            total = self.index[equation.total]
            coefs[total] = coefs.get(total, 0) - 1
            self.constraints.append(({i: c for i, c in coefs.items() if c}, True))
        for cell, bound in at_most:
            if cell not in self.index or bound not in self.index:
                raise KeyError(f"at_most names unknown cells: {cell!r}, {bound!r}")
            self.constraints.append(({self.index[cell]: 1, self.index[bound]: -1}, False))
        # Points the attacker cannot exclude, found by earlier LPs: a cell's value in them
        # (its true value where a point does not name it — the true data fits every point's
        # other parts) proves an interval wide without a new LP. Hiding more cells keeps them
        # feasible, the hidden cells taking their true values.
        self.points: list[dict[int, float]] = [] if None in self.values else [{}]
        self.touching: list[list[int]] = [[] for _ in self.cells]
        self.is_total = [False] * len(self.cells)
        for number, (coefs, _eq) in enumerate(self.constraints):
            for i, coef in coefs.items():
                self.touching[i].append(number)
                if coef < 0:
                    self.is_total[i] = True

    def known_wide(self, cell: int, need: int) -> bool:
        """Whether two known attacker-feasible points already differ enough in ``cell``."""
        true = self.values[cell]
        seen = [p.get(cell, true) for p in self.points]
        found = [v for v in seen if v is not None]
        return bool(found) and math.floor(max(found) + _EPS) - math.ceil(min(found) - _EPS) >= need

    def _component(self, cell: int, hidden: set[int]) -> tuple[list[int], list[int]]:
        cells, constraints = {cell}, set()
        todo = [cell]
        while todo:
            current = todo.pop()
            for number in self.touching[current]:
                if number in constraints:
                    continue
                constraints.add(number)
                for other in self.constraints[number][0]:
                    if other in hidden and other not in cells:
                        cells.add(other)
                        todo.append(other)
        return sorted(cells), sorted(constraints)

    def check(self, cell: int, hidden: set[int], need: int = 0) -> _Check:
        component, constraints = self._component(cell, hidden)
        local = self._local(cell, hidden, need) if need else None
        if local is not None:  # one constraint alone narrows it too much: no LP needed
            return _Check(cell, local[0], component, constraints, {local[1]})
        interval, binding = self._solve(cell, component, constraints, unknown_low=1)
        if interval is None:  # a hidden zero below a merged unknown cell: relax
            interval, binding = self._solve(cell, component, constraints, unknown_low=0)
        if interval is None:  # contradictory input: treat as determined, hide more
            interval, binding = Interval(0, 0), set(constraints)
        return _Check(cell, interval, component, constraints, binding)

    def _local(self, cell: int, hidden: set[int], need: int) -> tuple[Interval, int] | None:
        """A single constraint that already bounds ``cell`` to fewer than ``need`` values
        (the whole system can only narrow it further); None when none does."""
        low = self._low(cell, 1)
        for number in self.touching[cell]:
            coefs, is_equation = self.constraints[number]
            sign = coefs[cell]
            if not is_equation and sign < 0:
                continue  # "something ≤ cell" gives no upper bound
            rest = 0.0  # sign * cell + (same-signed hidden cells) == rest
            for i, coef in coefs.items():
                if i == cell:
                    continue
                if i not in hidden:
                    rest -= coef * (self.values[i] or 0)
                elif coef * sign > 0:
                    rest -= coef * self._low(i, 1)
                else:
                    break  # an opposite-signed hidden cell can grow: no bound from here
            else:
                interval = Interval(low, rest / sign)
                if not is_equation or len([i for i in coefs if i in hidden]) > 1:
                    if interval.width >= need:
                        continue
                else:
                    interval = Interval(rest / sign, rest / sign)  # the only hidden cell
                return interval, number
        return None

    def _solve(
        self, cell: int, component: list[int], constraints: list[int], *, unknown_low: int
    ) -> tuple[Interval | None, set[int]]:
        column = {c: j for j, c in enumerate(component)}
        eq_rows, eq_rhs, ub_rows, ub_rhs = [], [], [], []
        eq_numbers, ub_numbers = [], []
        for number in constraints:
            coefs, is_equation = self.constraints[number]
            row = np.zeros(len(component))
            rhs = 0.0
            for i, coef in coefs.items():
                if i in column:
                    row[column[i]] += coef
                else:
                    rhs -= coef * (self.values[i] or 0)
            if is_equation:
                eq_rows.append(row)
                eq_rhs.append(rhs)
                eq_numbers.append(number)
            else:
                ub_rows.append(row)
                ub_rhs.append(rhs)
                ub_numbers.append(number)
        bounds = [(self._low(i, unknown_low), None) for i in component]
        objective = np.zeros(len(component))
        objective[column[cell]] = 1.0
        arrays = {
            "A_eq": np.array(eq_rows) if eq_rows else None,
            "b_eq": np.array(eq_rhs) if eq_rows else None,
            "A_ub": np.array(ub_rows) if ub_rows else None,
            "b_ub": np.array(ub_rhs) if ub_rows else None,
        }
        binding: set[int] = set()
        ends = []
        for sign in (-1.0, 1.0):  # maximum first: when it is unbounded the cell is safe
            result = linprog(sign * objective, bounds=bounds, method="highs", **arrays)
            if result.status == 2:
                return None, binding
            if result.status == 3:
                return Interval(bounds[column[cell]][0], math.inf), binding
            if result.status != 0:
                raise RuntimeError(f"linear programme failed: {result.message}")
            ends.append(sign * result.fun)
            if unknown_low:  # relaxed points are not the attacker's (see ``check``)
                self.points.append(dict(zip(component, result.x.tolist(), strict=True)))
            for numbers, duals in ((eq_numbers, result.eqlin), (ub_numbers, result.ineqlin)):
                if numbers:
                    binding |= {
                        n for n, d in zip(numbers, duals.marginals, strict=True) if abs(d) > _EPS
                    }
        high, low = ends
        return Interval(low, high), binding

    def _low(self, cell: int, unknown_low: int) -> int:
        value = self.values[cell]
        if value is None:
            return unknown_low
        return 1 if value > 0 else 0

    def complement(self, check: _Check, hidden: set[int]) -> int | None:
        """The published cell to hide next for ``check``'s cell (None: none is left)."""
        for numbers in (check.binding, check.constraints):
            candidates = {i for n in numbers for i in self.constraints[n][0] if i not in hidden}
            if candidates:
                return min(candidates, key=self._preference)
        return None

    def _preference(self, cell: int) -> tuple[bool, bool, int, int]:
        value = self.values[cell] or 0
        return (value == 0, self.is_total[cell], value, cell)


# --- table shapes ------------------------------------------------------------------------


def one_way_equations(cells: Sequence[Cell], total: Cell = TOTAL) -> list[Equation]:
    """A list of cells and their total."""
    return [Equation(total=total, members=tuple(cells))]


def two_way_equations(
    rows: Sequence[Hashable], cols: Sequence[Hashable], total: Hashable = TOTAL
) -> list[Equation]:
    """A matrix of cells ``(row, col)`` with row margins ``(row, total)``, column margins
    ``(total, col)`` and the grand total ``(total, total)``."""
    equations = [Equation(total=(r, total), members=tuple((r, c) for c in cols)) for r in rows] + [
        Equation(total=(total, c), members=tuple((r, c) for r in rows)) for c in cols
    ]
    equations.append(Equation(total=(total, total), members=tuple((r, total) for r in rows)))
    equations.append(Equation(total=(total, total), members=tuple((total, c) for c in cols)))
    return equations
