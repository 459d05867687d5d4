"""Tables of counts: building them from raw counts, publishing them through suppression.

A ``Table`` is self-describing (dimensions, kind, unit, measure), so a table read from a bundle
of another installation is shown, merged and suppressed exactly like one computed here.
Cells are keyed by a tuple of codes, one per dimension; ``_total`` marks totals and margins.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from .catalogue import ADDITIVE, FIGURES, MULTIPLE, TABLE_BY_KEY, TableSpec, population_of
from .dimensions import order_codes, vocabulary
from .suppression import TOTAL, Equation, one_way_equations, suppress, two_way_equations

Keys = tuple[str, ...]
Number = int | float


@dataclass
class Table:
    key: str
    dims: tuple[str, ...]
    kind: str
    unit: str
    measure: str
    rows: list[str]
    cols: list[str] = field(default_factory=list)
    cells: dict[Keys, Number | None] = field(default_factory=dict)
    mask_from: str | None = None
    population: str | None = None

    @property
    def two_way(self) -> bool:
        return len(self.dims) == 2

    @property
    def spec(self) -> TableSpec | None:
        return TABLE_BY_KEY.get(self.key)

    @property
    def has_total(self) -> bool:
        return self.kind != FIGURES

    def value(self, *keys: str) -> Number | None:
        return self.cells.get(tuple(keys), 0)

    @property
    def total(self) -> Number | None:
        if not self.has_total:
            return None
        return self.cells.get((TOTAL, TOTAL) if self.two_way else (TOTAL,), 0)

    def body_keys(self) -> list[Keys]:
        """Cells without totals, in display order."""
        if self.two_way:
            return [(r, c) for r in self.rows for c in self.cols]
        return [(r,) for r in self.rows]

    def suppressed_count(self) -> int:
        return sum(1 for v in self.cells.values() if v is None)


def make_table(
    spec: TableSpec,
    counts: Mapping[Keys, Number],
    *,
    total: Number | None = None,
    rows: Iterable[str] = (),
    cols: Iterable[str] = (),
) -> Table:
    """A table from raw counts. Additive tables get their totals and margins summed here;
    multiple-answer tables need ``total`` (the base, counted once)."""
    row_codes = set(rows) | set(vocabulary(spec.dims[0])) | {k[0] for k in counts}
    ordered_rows = order_codes(spec.dims[0], row_codes)
    ordered_cols: list[str] = []
    if spec.two_way:
        col_codes = set(cols) | set(vocabulary(spec.dims[1])) | {k[1] for k in counts}
        ordered_cols = order_codes(spec.dims[1], col_codes)
    is_float = spec.measure != "count"
    zero: Number = 0.0 if is_float else 0
    cells: dict[Keys, Number | None] = {}
    if spec.two_way:
        for r in ordered_rows:
            for c in ordered_cols:
                cells[(r, c)] = counts.get((r, c), zero)
    else:
        for r in ordered_rows:
            cells[(r,)] = counts.get((r,), zero)
    if spec.kind == ADDITIVE:
        _add_margins(cells, ordered_rows, ordered_cols, spec.two_way, zero)
    elif spec.kind == MULTIPLE:
        if total is None:
            raise ValueError(f"{spec.key}: a multiple-answer table needs its base")
        cells[(TOTAL,)] = total
    table = Table(
        key=spec.key,
        dims=spec.dims,
        kind=spec.kind,
        unit=spec.unit,
        measure=spec.measure,
        rows=ordered_rows,
        cols=ordered_cols,
        cells=cells,
        mask_from=spec.mask_from,
        population=population_of(spec),
    )
    if spec.measure == "hours":
        # Hours are counted in whole minutes and turned into hours once, here, with four
        # decimals (exact for every multiple of a minute at one decimal): the display rounds
        # them once more, half up, so 60.75 h reads 60.8, never a rounded rounding.
        table.cells = {
            k: (round(float(v) / 60, 4) if v is not None else None) for k, v in cells.items()
        }
    elif is_float:
        table.cells = {k: (round(float(v), 1) if v is not None else None) for k, v in cells.items()}
    return table


def _add_margins(
    cells: dict[Keys, Number | None], rows: list[str], cols: list[str], two_way: bool, zero: Number
) -> None:
    def total_of(values: Iterable[Number | None]) -> Number | None:
        items = list(values)
        return None if any(v is None for v in items) else sum(v for v in items if v is not None)

    if two_way:
        for r in rows:
            cells[(r, TOTAL)] = total_of(cells[(r, c)] for c in cols) if cols else zero
        for c in cols:
            cells[(TOTAL, c)] = total_of(cells[(r, c)] for r in rows) if rows else zero
        cells[(TOTAL, TOTAL)] = total_of(cells[(r, TOTAL)] for r in rows) if rows else zero
    else:
        cells[(TOTAL,)] = total_of(cells[(r,)] for r in rows) if rows else zero


def table_equations(table: Table) -> list[Equation]:
    """The equations of one table, its cells named ``(table key, keys)``."""
    if table.kind != ADDITIVE:
        return []
    if table.two_way:
        raw = two_way_equations(table.rows, table.cols)
    else:
        raw = one_way_equations([(r,) for r in table.rows], (TOTAL,))
    return [
        Equation(
            total=(table.key, _as_keys(e.total)),
            members=tuple((table.key, _as_keys(m)) for m in e.members),
        )
        for e in raw
    ]


def _as_keys(cell: Hashable) -> Keys:
    return cell if isinstance(cell, tuple) else (str(cell),)


def _total_keys(table: Table) -> Keys:
    return (TOTAL, TOTAL) if table.two_way else (TOTAL,)


def publish(tables: Sequence[Table], *, k: int, links: Sequence[Equation] = ()) -> list[Table]:
    """The tables as they may be shown or exported: every count through one suppression run.

    All count tables of a publication are suppressed *together*, against an attacker who reads
    all of them (``suppression``): tables of the same population share their total, their
    margins along the same dimension are linked (``margin_links``), a multiple-answer cell is
    at most its base, and ``links`` add equations between tables (a service is the sum of its
    teams), so a cell hidden in one table cannot be recomputed or narrowed from another.
    Measures (hours, days) take the pattern of the count table named in ``mask_from``.
    """
    counts = [t for t in tables if t.measure == "count"]
    alias: dict[tuple[str, Keys], tuple[str, Keys]] = {}
    for table in counts:
        if table.population and table.has_total:
            alias[(table.key, _total_keys(table))] = (f"population:{table.population}", ())
    values: dict[Hashable, int | None] = {}  # one namespace for all tables
    for table in counts:
        for keys, value in table.cells.items():
            cell = alias.get((table.key, keys), (table.key, keys))
            known = None if value is None else int(value)
            if cell in values and values[cell] is not None:
                if known is not None and known != values[cell]:
                    raise ValueError(f"{table.key}: total differs from another table's total")
                continue
            values[cell] = known

    def name(cell: Hashable) -> Hashable:
        return alias.get(cell, cell)  # type: ignore[call-overload]

    def rename(e: Equation) -> Equation:
        return Equation(total=name(e.total), members=tuple(name(m) for m in e.members))

    equations = [rename(e) for t in counts for e in table_equations(t)]
    equations += [rename(e) for e in links]
    equations += [rename(e) for e in margin_links(counts) if _agree(values, rename(e))]
    result = suppress(values, equations, k=k, at_most=[(c, name(b)) for c, b in at_most(counts)])
    published: dict[str, Table] = {}
    for table in counts:
        cells: dict[Keys, Number | None] = {
            keys: result.published[name((table.key, keys))] for keys in table.cells
        }
        published[table.key] = replace(table, cells=cells)
    output = []
    for table in tables:
        if table.key in published:
            output.append(published[table.key])
            continue
        mask = published.get(table.mask_from or "")
        hidden = {k for k, v in mask.cells.items() if v is None} if mask is not None else set()
        masked: dict[Keys, Number | None] = {
            keys: None if keys in hidden else value for keys, value in table.cells.items()
        }
        output.append(replace(table, cells=masked))
    return output


def margin_links(tables: Sequence[Table]) -> list[Equation]:
    """Cells that count the same people in two additive tables of one population: the row
    ``gender=female`` of a gender table, the margin ``(_total, female)`` of age × gender and
    ``(female, _total)`` of gender × service are one number. Each is linked to the first."""
    first: dict[tuple[str, str, str], tuple[str, Keys]] = {}
    links = []
    for table in tables:
        if table.kind != ADDITIVE or not table.population:
            continue
        for dim, code, keys in _margins(table):
            cell = (table.key, keys)
            anchor = first.setdefault((table.population, dim, code), cell)
            if anchor != cell:
                links.append(Equation(total=anchor, members=(cell,)))
    return links


def _margins(table: Table) -> list[tuple[str, str, Keys]]:
    if not table.two_way:
        return [(table.dims[0], r, (r,)) for r in table.rows]
    margins: list[tuple[str, str, Keys]] = [(table.dims[0], r, (r, TOTAL)) for r in table.rows]
    return margins + [(table.dims[1], c, (TOTAL, c)) for c in table.cols]


def _agree(values: Mapping[Hashable, int | None], link: Equation) -> bool:
    """A link holds only between equal counts: two tables that happen to share a population
    and a dimension but count differently (a data error) are not tied together."""
    total, (member,) = values[link.total], link.members
    return total is None or values[member] is None or total == values[member]


def at_most(tables: Sequence[Table]) -> list[tuple[Hashable, Hashable]]:
    """A multiple-answer cell never exceeds the table's base (a contact with this topic is a
    contact): ``(cell, base)`` pairs, known to every reader."""
    pairs: list[tuple[Hashable, Hashable]] = []
    for table in tables:
        if table.kind != MULTIPLE:
            continue
        base = (table.key, _total_keys(table))
        pairs += [((table.key, keys), base) for keys in table.cells if TOTAL not in keys]
    return pairs


# --- bundle form ---------------------------------------------------------------------------


def table_to_dict(table: Table) -> dict[str, object]:
    """The table as a bundle carries it: zero cells left out (a missing cell is zero)."""
    return {
        "key": table.key,
        "dimensions": list(table.dims),
        "kind": table.kind,
        "unit": table.unit,
        "measure": table.measure,
        "mask_from": table.mask_from,
        "population": table.population,
        "rows": list(table.rows),
        "columns": list(table.cols),
        "cells": [
            {"keys": list(keys), "value": value}
            for keys, value in table.cells.items()
            if value is None or value != 0
        ],
    }


def table_from_dict(data: Mapping[str, object]) -> Table:
    dims = tuple(str(d) for d in data["dimensions"])  # type: ignore[attr-defined]
    rows = [str(r) for r in data["rows"]]  # type: ignore[attr-defined]
    cols = [str(c) for c in data.get("columns") or []]  # type: ignore[attr-defined]
    kind = str(data["kind"])
    measure = str(data["measure"])
    zero: Number = 0 if measure == "count" else 0.0
    table = Table(
        key=str(data["key"]),
        dims=dims,
        kind=kind,
        unit=str(data["unit"]),
        measure=measure,
        rows=rows,
        cols=cols,
        mask_from=data.get("mask_from") or None,  # type: ignore[arg-type]
        population=data.get("population") or None,  # type: ignore[arg-type]
    )
    all_rows = rows if kind == FIGURES else [*rows, TOTAL]
    if len(dims) == 2:
        all_cols = [*cols, TOTAL] if kind == ADDITIVE else cols
        table.cells = {(r, c): zero for r in all_rows for c in all_cols}
    else:
        table.cells = {(r,): zero for r in all_rows}
    for cell in data["cells"]:  # type: ignore[attr-defined]
        keys = tuple(str(k) for k in cell["keys"])
        table.cells[keys] = cell["value"]
    return table
