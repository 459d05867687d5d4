"""Merging bundles into a bundle of the next level (centre → provider → region → federal).

Published bundles do not carry the suppressed counts, so merging sums what is published: a
merged cell is the sum of the contributing cells, and ``null`` as soon as one of them is
``null``. Suppression then runs again on the sums (it never un-suppresses: an unknown cell
stays unknown). Because every merged value is a sum of published values, a merged bundle
reveals nothing its inputs did not already reveal. The price is precision: a cell suppressed
in a single centre hides that cell in the region and in the federal total
(docs/statistics-bundle.md measures it).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.utils.translation import gettext as _

from .bundle import FORMAT, LEVELS, METHOD, VERSION, BundleError, loads
from .catalogue import ADDITIVE
from .periods import overlaps_partly
from .selectors.base import Period
from .signing import verify
from .suppression import TOTAL
from .tables import Keys, Number, Table, publish, table_from_dict, table_to_dict
from .trust import trusted_keys


@dataclass
class Merged:
    bundle: dict[str, Any]
    warnings: list[str] = field(default_factory=list)


def merge(
    bundles: Sequence[dict[str, Any]],
    *,
    names: Sequence[str] | None = None,
    unit_id: str | None = None,
    level: str | None = None,
    trusted: Mapping[str, Ed25519PublicKey] | None = None,
) -> Merged:
    """Sum ``bundles`` (already read) into one bundle of the next level (unsigned: the caller
    signs it); BundleError when they cannot be merged — unsigned, tampered or signed by an
    unknown key (``trusted``, default: ``trust.trusted_keys()``), invalid, not adding up, a
    unit twice or with overlapping periods, different periods or rules."""
    names = list(names or [f"#{i + 1}" for i in range(len(bundles))])
    if len(bundles) < 2:
        raise BundleError(_("Merging needs at least two bundles."))
    if trusted is None:
        trusted = trusted_keys()
    for bundle, name in zip(bundles, names, strict=True):
        if isinstance(bundle, Mapping):
            verify(bundle, trusted, name=name)
    checked = [loads(b, name=n) for b, n in zip(bundles, names, strict=True)]
    _check_compatible(checked, names)
    levels = {b["unit"]["level"] for b in checked}
    if len(levels) > 1:
        raise BundleError(
            _("The bundles are of different levels (%(levels)s); merge each level first.")
            % {"levels": ", ".join(sorted(levels))}
        )
    below = levels.pop()
    target = level or _next_level(below)
    if LEVELS.index(target) <= LEVELS.index(below):
        raise BundleError(
            _("A merged bundle must be of a higher level than %(level)s.") % {"level": below}
        )
    sources = sorted(s for b in checked for s in b["sources"])
    first = checked[0]
    k = first["suppression"]["min_cell"]
    tables, warnings = _sum_tables(checked, names)
    try:
        published = publish(tables, k=k)
    except ValueError as error:
        # The inputs were checked one by one; what is left is a contradiction between them.
        raise BundleError(
            _("The bundles do not add up together (%(error)s); nothing was merged.")
            % {"error": error}
        ) from None
    posts = [b.get("posts") for b in checked]
    bundle = {
        "format": FORMAT,
        "version": VERSION,
        "unit": {"id": unit_id or derived_id(target, sources), "level": target},
        "period": dict(first["period"]),
        "suppression": {"min_cell": k, "zeros": "published", "method": METHOD},
        "sources": sources,
        "posts": None
        if any(p is None for p in posts)
        else round(sum(float(p) for p in posts if p is not None), 2),
        "created": datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
        "generator": "Lotse",
        "tables": [table_to_dict(t) for t in published],
    }
    return Merged(loads(bundle, name=_("merged bundle")), warnings)


def _period(bundle: Mapping[str, Any]) -> Period:
    return Period(
        date.fromisoformat(bundle["period"]["from"]), date.fromisoformat(bundle["period"]["to"])
    )


def _label(period: Period) -> str:
    return f"{period.start:%d.%m.%Y}–{period.end:%d.%m.%Y}"


def _next_level(level: str) -> str:
    index = LEVELS.index(level)
    if index + 1 >= len(LEVELS):
        raise BundleError(_("Federal bundles are the top level; they cannot be merged further."))
    return LEVELS[index + 1]


def derived_id(level: str, sources: list[str]) -> str:
    digest = hashlib.sha256("\n".join(sources).encode()).hexdigest()[:12]
    return f"{level}-{digest}"


def _check_compatible(bundles: list[dict[str, Any]], names: list[str]) -> None:
    seen_units: dict[str, str] = {}
    seen_sources: dict[str, str] = {}
    first_period = bundles[0]["period"]
    first_k = bundles[0]["suppression"]["min_cell"]
    seen_periods: dict[str, Period] = {}
    for bundle, name in zip(bundles, names, strict=True):
        unit = bundle["unit"]["id"]
        period = _period(bundle)
        if unit in seen_units and overlaps_partly(period, seen_periods[unit]):
            raise BundleError(
                _(
                    "%(name)s and %(other)s are both unit %(unit)s, for periods that overlap "
                    "without being the same (%(a)s and %(b)s). Subtracting one from the other "
                    "could reveal single persons: such bundles are never merged."
                )
                % {
                    "name": name,
                    "other": seen_units[unit],
                    "unit": unit,
                    "a": _label(period),
                    "b": _label(seen_periods[unit]),
                }
            )
        if unit in seen_units:
            raise BundleError(
                _("%(name)s is unit %(unit)s again (already in %(other)s): a unit counts once.")
                % {"name": name, "unit": unit, "other": seen_units[unit]}
            )
        seen_units[unit] = name
        seen_periods[unit] = period
        for source in bundle["sources"]:
            if source in seen_sources:
                raise BundleError(
                    _("%(name)s contains centre %(source)s, which %(other)s contains already.")
                    % {"name": name, "source": source, "other": seen_sources[source]}
                )
            seen_sources[source] = name
        if bundle["period"] != first_period:
            raise BundleError(
                _(
                    "%(name)s covers %(from)s to %(to)s, but %(first)s covers %(first_from)s to "
                    "%(first_to)s: only bundles of the same period can be merged."
                )
                % {
                    "name": name,
                    "from": bundle["period"]["from"],
                    "to": bundle["period"]["to"],
                    "first": names[0],
                    "first_from": first_period["from"],
                    "first_to": first_period["to"],
                }
            )
        if bundle["suppression"]["min_cell"] != first_k:
            raise BundleError(
                _("%(name)s was suppressed with k=%(k)s, %(first)s with k=%(first_k)s.")
                % {
                    "name": name,
                    "k": bundle["suppression"]["min_cell"],
                    "first": names[0],
                    "first_k": first_k,
                }
            )


def _sum_tables(bundles: list[dict[str, Any]], names: list[str]) -> tuple[list[Table], list[str]]:
    per_bundle = [{t["key"]: table_from_dict(t) for t in b["tables"]} for b in bundles]
    keys = list(per_bundle[0])
    warnings = []
    tables = []
    for key in keys:
        parts = [tables_of.get(key) for tables_of in per_bundle]
        missing = [n for n, p in zip(names, parts, strict=True) if p is None]
        if missing:
            warnings.append(
                _("Table %(key)s is missing in %(names)s and was left out.")
                % {"key": key, "names": ", ".join(missing)}
            )
            continue
        present = [p for p in parts if p is not None]
        shape = {(p.dims, p.kind, p.measure) for p in present}
        if len(shape) > 1:
            raise BundleError(
                _("Table %(key)s has a different structure in the bundles.") % {"key": key}
            )
        tables.append(_sum(present))
    return tables, warnings


def _union(lists: list[list[str]]) -> list[str]:
    return list(dict.fromkeys(code for codes in lists for code in codes))


def _sum(parts: list[Table]) -> Table:
    first = parts[0]
    rows = _union([p.rows for p in parts])
    cols = _union([p.cols for p in parts])
    row_keys = [*rows, TOTAL] if first.kind != "figures" else rows
    col_keys = ([*cols, TOTAL] if first.kind == ADDITIVE else cols) if first.two_way else []
    keys: list[Keys] = (
        [(r, c) for r in row_keys for c in col_keys] if first.two_way else [(r,) for r in row_keys]
    )
    cells: dict[Keys, Number | None] = {}
    for cell in keys:
        values = [p.cells.get(cell, 0) for p in parts]
        if any(v is None for v in values):
            cells[cell] = None
        else:
            total = sum(v for v in values if v is not None)
            # Hours keep their four decimals (see make_table): the display rounds them once.
            places = 4 if first.measure == "hours" else 1
            cells[cell] = round(total, places) if first.measure != "count" else int(total)
    return Table(
        key=first.key,
        dims=first.dims,
        kind=first.kind,
        unit=first.unit,
        measure=first.measure,
        rows=rows,
        cols=cols,
        cells=cells,
        mask_from=first.mask_from,
        population=first.population,
    )
