"""An attacker's view of a published table, written independently of lotse.stats.suppression.

Given the published cells (None = suppressed) and the table's equations (row, column and
grand totals), it solves every equation that has a single unknown, substitutes the value and
repeats until nothing more can be solved. Whatever it solves was recoverable by subtraction.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence

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
