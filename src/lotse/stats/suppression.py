"""Small-cell suppression: the one implementation behind dashboard, reports and export.

Pure and typed, no Django models. A table is a set of cells (counts, or ``None`` for a cell
whose value is already unknown, e.g. in a merged bundle) and a set of *equations*: "these
member cells add up to that total cell" (a 1-D table with its total, each row and column of a
2-D table with its margins, the grand total). What is published:

1. **Primary suppression**: a count from 1 to k−1 is never published. Zero is published: a
   zero says nothing about any person, suppressing zeros would cascade through the margins
   and hide most of a sparse table, and many zeros are structurally known anyway
   (docs/statistics-bundle.md discusses the remaining group-disclosure risk).
2. **Complementary suppression**, repeated until nothing changes:
   a. no equation may have exactly one unknown (suppressed) cell — it could be recomputed by
      subtraction; the smallest further non-zero cell of that equation is suppressed (members
      before the total, so that the margins stay visible where possible);
   b. when an equation's total is published, the suppressed members together (their sum is
      the total minus the published members, so anyone can compute it) must not fall between
      1 and k−1 either — otherwise "these two cells together hold 3 people" narrows a small
      cell down; the smallest further non-zero member is suppressed;
   c. no suppressed cell may be determined by the equations *together* (linear algebra over
      all of them: two rows and two columns can pin a cell down although each single equation
      has two unknowns); for such a cell the smallest published cell of one of its equations
      is suppressed.
Each round suppresses at least one more cell, so it ends. The result is not minimal in the
sense of an optimisation (τ-ARGUS solves that with linear programming); it is the classic
greedy heuristic, good for the small tables here.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

Cell = Hashable
DEFAULT_MIN_CELL = 5
TOTAL = "_total"


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


def min_cell() -> int:
    """k from ``settings.LOTSE_STATS_MIN_CELL`` (default 5)."""
    from django.conf import settings

    value = int(getattr(settings, "LOTSE_STATS_MIN_CELL", DEFAULT_MIN_CELL))
    if value < 1:
        raise ValueError("LOTSE_STATS_MIN_CELL must be at least 1.")
    return value


def suppress(
    values: Mapping[Cell, int | None], equations: Sequence[Equation] = (), *, k: int
) -> Result:
    """Publish ``values`` with primary and complementary suppression (see the module doc).

    ``None`` values are cells whose value is not known (they stay suppressed). Cells named in
    an equation must be in ``values``.
    """
    if k < 1:
        raise ValueError("k must be at least 1")
    for equation in equations:
        missing = [c for c in equation.cells if c not in values]
        if missing:
            raise KeyError(f"equation names unknown cells: {missing}")
    unknown = frozenset(c for c, v in values.items() if v is None)
    primary = frozenset(c for c, v in values.items() if v is not None and 0 < v < k)
    hidden: set[Cell] = set(unknown | primary)
    while True:
        extra = _next_complement(values, equations, hidden, k)
        if extra is None:
            break
        hidden.add(extra)
    published = {c: (None if c in hidden else v) for c, v in values.items()}
    return Result(
        published=published,
        primary=primary,
        complementary=frozenset(hidden - primary - unknown),
        unknown=unknown,
    )


def _value(values: Mapping[Cell, int | None], cell: Cell) -> int:
    v = values[cell]
    return 0 if v is None else v


def _smallest(
    values: Mapping[Cell, int | None], candidates: Iterable[Cell], hidden: set[Cell]
) -> Cell | None:
    """The smallest published non-zero cell among ``candidates`` (stable by position)."""
    best: tuple[int, int] | None = None
    chosen: Cell | None = None
    for position, cell in enumerate(candidates):
        if cell in hidden or _value(values, cell) == 0:
            continue
        key = (_value(values, cell), position)
        if best is None or key < best:
            best, chosen = key, cell
    return chosen


def _next_complement(
    values: Mapping[Cell, int | None], equations: Sequence[Equation], hidden: set[Cell], k: int
) -> Cell | None:
    for equation in equations:
        unknown_members = [c for c in equation.members if c in hidden]
        total_hidden = equation.total in hidden
        count = len(unknown_members) + int(total_hidden)
        if count == 1:
            # Members first; the total only when no member is left to hide.
            cell = _smallest(values, equation.members, hidden)
            if cell is None and not total_hidden:
                cell = equation.total if _value(values, equation.total) else None
            if cell is None:
                # Only zeros left: a zero cell hidden as partner still makes two unknowns.
                cell = next((c for c in equation.cells if c not in hidden), None)
            if cell is not None:
                return cell
        if unknown_members and not total_hidden:
            together = _value(values, equation.total) - sum(
                _value(values, c) for c in equation.members if c not in hidden
            )
            if 0 < together < k:
                cell = _smallest(values, equation.members, hidden)
                if cell is not None:
                    return cell
    determined = determined_cells(equations, hidden)
    for cell in determined:
        for equation in equations:
            if cell in equation.cells:
                extra = _smallest(values, equation.cells, hidden)
                if extra is not None:
                    return extra
        for equation in equations:
            if cell in equation.cells:
                extra = next((c for c in equation.cells if c not in hidden), None)
                if extra is not None:
                    return extra
    return None


def determined_cells(equations: Sequence[Equation], hidden: Iterable[Cell]) -> list[Cell]:
    """Hidden cells whose value follows from the equations and the published cells.

    Exact rational Gaussian elimination on the system restricted to the hidden cells: a cell
    is determined when every solution of the homogeneous system is zero there, i.e. it is a
    pivot whose reduced row has no free variable.
    """
    unknowns = [c for c in dict.fromkeys(hidden)]
    index = {c: i for i, c in enumerate(unknowns)}
    rows: list[list[Fraction]] = []
    for equation in equations:
        row = [Fraction(0)] * len(unknowns)
        used = False
        for cell in equation.members:
            if cell in index:
                row[index[cell]] += 1
                used = True
        if equation.total in index:
            row[index[equation.total]] -= 1
            used = True
        if used:
            rows.append(row)
    pivots = _rref(rows, len(unknowns))
    free = set(range(len(unknowns))) - {col for _, col in pivots}
    result = []
    for row_index, col in pivots:
        if all(rows[row_index][j] == 0 for j in free):
            result.append(unknowns[col])
    return result


def _rref(rows: list[list[Fraction]], width: int) -> list[tuple[int, int]]:
    """Bring ``rows`` into reduced row echelon form in place; return (row, column) pivots."""
    pivots: list[tuple[int, int]] = []
    r = 0
    for col in range(width):
        pivot = next((i for i in range(r, len(rows)) if rows[i][col] != 0), None)
        if pivot is None:
            continue
        rows[r], rows[pivot] = rows[pivot], rows[r]
        factor = rows[r][col]
        rows[r] = [v / factor for v in rows[r]]
        for i in range(len(rows)):
            if i != r and rows[i][col] != 0:
                f = rows[i][col]
                rows[i] = [a - f * b for a, b in zip(rows[i], rows[r], strict=True)]
        pivots.append((r, col))
        r += 1
        if r == len(rows):
            break
    return pivots


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
