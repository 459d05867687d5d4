"""Whether a bundle's tables add up — checked before a bundle is read, stored or merged.

A bundle that passes its schema can still be wrong: a visible cell larger than its total,
margins that do not add up, two tables of the same population with different totals. Merging
such a bundle would spread the error upwards (and used to end in a ValueError). Every rule
here only uses what is published: a suppressed cell (``None``) is unknown and at least 0.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.utils.translation import gettext as _

from .catalogue import ADDITIVE, MULTIPLE
from .suppression import TOTAL
from .tables import Keys, Number, Table, table_from_dict


def _tolerance(table: Table, members: int) -> float:
    # Hours and days are rounded to one decimal per cell; counts must add up exactly.
    return 0.0 if table.measure == "count" else 0.05 * (members + 1) + 1e-9


def _equation_problem(table: Table, total_keys: Keys, member_keys: Sequence[Keys]) -> str | None:
    total = table.cells.get(total_keys, 0)
    values: list[Number | None] = [table.cells.get(keys, 0) for keys in member_keys]
    visible = [v for v in values if v is not None]
    if total is None:
        return None
    slack = _tolerance(table, len(member_keys))
    label = " × ".join(total_keys)
    if any(v > total + slack for v in visible) or sum(visible) > total + slack:
        return _("table %(key)s: published cells exceed their total (%(total)s)") % {
            "key": table.key,
            "total": label,
        }
    if len(visible) == len(values) and abs(sum(visible) - total) > slack:
        return _("table %(key)s: the cells do not add up to their total (%(total)s)") % {
            "key": table.key,
            "total": label,
        }
    return None


def _equations(table: Table) -> list[tuple[Keys, list[Keys]]]:
    if not table.two_way:
        return [((TOTAL,), [(r,) for r in table.rows])]
    equations: list[tuple[Keys, list[Keys]]] = [
        ((r, TOTAL), [(r, c) for c in table.cols]) for r in table.rows
    ]
    equations += [((TOTAL, c), [(r, c) for r in table.rows]) for c in table.cols]
    equations.append(((TOTAL, TOTAL), [(r, TOTAL) for r in table.rows]))
    equations.append(((TOTAL, TOTAL), [(TOTAL, c) for c in table.cols]))
    return equations


def table_problems(table: Table) -> list[str]:
    """The first broken equation of ``table`` (one message per table is enough)."""
    if table.kind == ADDITIVE:
        for total_keys, members in _equations(table):
            problem = _equation_problem(table, total_keys, members)
            if problem:
                return [problem]
    elif table.kind == MULTIPLE:
        # Multiple answers: the cells may add up to more than the base, but none exceeds it.
        base = table.total
        if (
            base is not None
            and not table.two_way
            and any(
                v is not None and v > base for keys, v in table.cells.items() if TOTAL not in keys
            )
        ):
            return [
                _("table %(key)s: a published cell exceeds the total (%(total)s)")
                % {"key": table.key, "total": base}
            ]
    return []


def problems(bundle: Mapping[str, Any]) -> list[str]:
    """Every table's arithmetic, and one total per population (clients, contacts …)."""
    found: list[str] = []
    totals: dict[str, tuple[str, Number]] = {}
    for data in bundle["tables"]:
        table = table_from_dict(data)
        found += table_problems(table)
        total = table.total
        if table.measure != "count" or not table.population or total is None:
            continue
        seen = totals.setdefault(table.population, (table.key, total))
        if seen[1] != total:
            found.append(
                _(
                    "tables %(a)s and %(b)s count the same %(population)s but their totals "
                    "differ (%(x)s and %(y)s)"
                )
                % {
                    "a": seen[0],
                    "b": table.key,
                    "population": table.population,
                    "x": seen[1],
                    "y": total,
                }
            )
    return found
