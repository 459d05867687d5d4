"""Statistics bundles: the anonymised, versioned JSON a unit sends to the next level.

A bundle holds published tables only (suppressed cells are ``null``), the unit's pseudonymous
id and level, the period and the centres it covers. docs/statistics-bundle.md describes the
format; ``schema/bundle-v1.schema.json`` is its JSON Schema.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from lotse.common.jsonlimits import JSONLimitError, loads_limited

from .catalogue import EXPORTED, FIGURES
from .consistency import problems as consistency_problems
from .periods import RULE, period_kind
from .published import Statistics
from .selectors.base import Period
from .suppression import TOTAL
from .tables import Table, table_from_dict, table_to_dict
from .validator import errors as schema_errors

FORMAT = "lotse-statistics-bundle"
VERSION = 1
LEVELS = ("centre", "provider", "region", "federal")
METHOD = "primary-and-complementary-v1"


class BundleError(ValueError):
    """A bundle that cannot be read, exported or merged; the message says why, in words."""


def to_bundle(
    statistics: Statistics, *, unit_id: str, level: str, sources: Sequence[str]
) -> dict[str, Any]:
    """The published statistics as a bundle: only the exportable tables, codes only."""
    if level not in LEVELS:
        raise BundleError(_("Unknown level %(level)s.") % {"level": level})
    tables = [t for t in statistics.tables if t.key in EXPORTED or t.spec is None]
    return {
        "format": FORMAT,
        "version": VERSION,
        "unit": {"id": unit_id, "level": level},
        "period": {
            "from": statistics.period.start.isoformat(),
            "to": statistics.period.end.isoformat(),
        },
        "suppression": {"min_cell": statistics.k, "zeros": "published", "method": METHOD},
        "sources": sorted(set(sources)),
        "posts": None if statistics.posts is None else float(statistics.posts),
        "created": datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
        "generator": "Lotse",
        "tables": [table_to_dict(t) for t in tables],
    }


def check(bundle: Any, *, name: str = "") -> list[str]:
    """Schema errors and the rules a schema cannot express; empty when the bundle is sound."""
    prefix = f"{name}: " if name else ""
    found = schema_errors(bundle)
    if found:
        return [prefix + e for e in found]
    problems = []
    try:
        start = date.fromisoformat(bundle["period"]["from"])
        end = date.fromisoformat(bundle["period"]["to"])
        if end < start:
            problems.append(_("the period ends before it starts"))
        elif period_kind(start, end) is None:
            problems.append(
                _("the period %(from)s to %(to)s may not be published: %(rule)s")
                % {**bundle["period"], "rule": RULE}
            )
    except ValueError:
        problems.append(_("the period is not a valid date range"))
    k = bundle["suppression"]["min_cell"]
    keys = [t["key"] for t in bundle["tables"]]
    if len(keys) != len(set(keys)):
        problems.append(_("a table appears twice"))
    for table in bundle["tables"]:
        problems += _check_table(table, k)
    if not problems:
        # Arithmetic last: it assumes cells that name known rows and columns.
        problems += consistency_problems(bundle)
    return [prefix + p for p in problems]


def _check_table(table: Mapping[str, Any], k: int) -> list[str]:
    problems = []
    dims = table["dimensions"]
    axes = [set(table["rows"]), set(table["columns"])]
    if len(dims) == 1 and table["columns"]:
        problems.append(_("table %(key)s has columns but one dimension") % {"key": table["key"]})
    for cell in table["cells"]:
        keys, value = cell["keys"], cell["value"]
        if len(keys) != len(dims):
            problems.append(_("table %(key)s: a cell has the wrong number of keys") % table)
            break
        if any(key != TOTAL and key not in axes[i] for i, key in enumerate(keys)):
            problems.append(_("table %(key)s: a cell names an unknown row or column") % table)
            break
        if table["measure"] == "count" and value is not None:
            if value != int(value):
                problems.append(_("table %(key)s: a count is not a whole number") % table)
                break
            if 0 < value < k:
                problems.append(
                    _("table %(key)s: a count below %(k)s is published — not suppressed")
                    % {"key": table["key"], "k": k}
                )
                break
    return problems


def load(path: Path) -> dict[str, Any]:
    """Read and check a bundle file; BundleError with every problem otherwise."""
    try:
        bundle = loads_limited(Path(path).read_bytes())
    except (OSError, JSONLimitError) as error:
        raise BundleError(
            _("%(name)s is not a readable JSON file (%(error)s).")
            % {"name": Path(path).name, "error": error}
        ) from None
    return loads(bundle, name=Path(path).name)


def loads(bundle: Any, *, name: str = "") -> dict[str, Any]:
    if isinstance(bundle, dict) and bundle.get("version") not in (None, VERSION):
        raise BundleError(
            _("%(name)s has format version %(version)s; this Lotse reads version %(ours)s.")
            % {"name": name or _("The bundle"), "version": bundle.get("version"), "ours": VERSION}
        )
    problems = check(bundle, name=name)
    if problems:
        raise BundleError(_("Not a valid statistics bundle:") + "\n- " + "\n- ".join(problems))
    return bundle  # type: ignore[no-any-return]


def dump(bundle: Mapping[str, Any]) -> str:
    return json.dumps(bundle, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


def statistics_from_bundle(bundle: Mapping[str, Any]) -> Statistics:
    """A bundle as the dashboard shows it: the same ``Statistics`` as local figures."""
    period = Period(
        date.fromisoformat(bundle["period"]["from"]), date.fromisoformat(bundle["period"]["to"])
    )
    created = datetime.fromisoformat(bundle["created"].replace("Z", "+00:00"))
    posts = bundle.get("posts")
    return Statistics(
        period=period,
        tables=[table_from_dict(t) for t in bundle["tables"]],
        k=bundle["suppression"]["min_cell"],
        unit_label=bundle["unit"]["id"],
        unit_id=bundle["unit"]["id"],
        level=bundle["unit"]["level"],
        posts=None if posts is None else Decimal(str(posts)),
        created=created,
        sources=tuple(bundle["sources"]),
    )


def table_totals(bundle: Mapping[str, Any]) -> dict[str, float | None]:
    """Each table's total (None when suppressed); for figures tables nothing."""
    totals: dict[str, float | None] = {}
    for data in bundle["tables"]:
        table: Table = table_from_dict(data)
        if table.kind != FIGURES:
            totals[table.key] = table.total
    return totals
