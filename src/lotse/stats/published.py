"""Published statistics: every table of the funder report for a set of teams and a period,
from the kept or freshly gathered counts (``lotse.stats.partials``, ``lotse.stats.materialised``),
through one suppression run.

Nothing here returns a client row: only counts leave the database, and only published
(suppressed) tables leave this module through ``statistics_for``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import get_language

from lotse.clients.models import Topic

from .materialised import is_kept, kept_partial
from .partials import Partial, assemble, gather
from .selectors.activity import counsellor_names
from .selectors.base import Period, hierarchy_links, teams_info
from .suppression import Equation, min_cell
from .tables import Table, publish


@dataclass
class Statistics:
    """Published tables of one unit and period, as the dashboard, reports and export use them."""

    period: Period
    tables: list[Table]
    k: int
    unit_label: str = ""
    unit_id: str = ""
    level: str = ""
    lookups: dict[str, dict[str, str]] = field(default_factory=dict)
    posts: Decimal | None = None
    created: datetime = field(default_factory=timezone.now)
    sources: tuple[str, ...] = ()
    # When the counts were taken, and whether newer entries are still being counted (kept
    # statistics of a calendar period on the dashboard; see lotse.stats.materialised).
    counted_at: datetime | None = None
    pending: bool = False

    def table(self, key: str) -> Table | None:
        return next((t for t in self.tables if t.key == key), None)


@dataclass
class RawStatistics:
    tables: list[Table]
    links: list[Equation]
    lookups: dict[str, dict[str, str]]
    posts: Decimal


def raw_statistics(
    team_ids: list[int], period: Period, *, partial: Partial | None = None
) -> RawStatistics:
    """All tables, unsuppressed — for ``publish`` only, never shown as they are.

    ``partial`` is the teams' summed raw counts when they were kept (see
    ``lotse.stats.materialised``); without it they are counted from the raw rows.
    """
    teams = teams_info(team_ids)
    ids = sorted(teams)
    if partial is None:
        partial = gather(ids, period)
    tables, team_posts = assemble(partial, period, teams)
    links = []
    for population in ("clients", "contacts"):
        per_team = f"{population}_by_team"
        links += hierarchy_links(f"{population}_by_service", per_team, teams, "service")
        links += hierarchy_links(f"{population}_by_centre", per_team, teams, "centre_id")
    counsellors = [keys[0] for keys in partial.sections.get("clients_per_counsellor", {})]
    lookups = {
        "team": {str(t.pk): t.name for t in teams.values()},
        "centre": {t.centre_id: t.centre_name for t in teams.values()},
        "counsellor": counsellor_names(counsellors),
        "topic": topic_labels(),
    }
    lookups["problem_area"] = lookups["topic"]
    return RawStatistics(tables, links, lookups, team_posts)


def topic_labels() -> dict[str, str]:
    """Topic codes with the label of their newest catalogue, in the UI language."""
    labels: dict[str, str] = {}
    rows = Topic.objects.order_by("catalogue__effective_from", "position").values_list(
        "code", "label_de", "label_en"
    )
    english = (get_language() or "de").startswith("en")
    for code, label_de, label_en in rows:
        labels[code] = label_en if english else label_de
    return labels


def statistics_for(
    team_ids: list[int],
    period: Period,
    *,
    unit_label: str = "",
    k: int | None = None,
    fresh: bool = True,
) -> Statistics:
    """The published statistics of ``team_ids`` for ``period``.

    A calendar period comes from the kept counts; ``fresh`` (reports, exports, bundles)
    counts stale ones again first, otherwise (the dashboard) a worker may still be at it.
    """
    k = min_cell() if k is None else k
    kept = kept_partial(team_ids, period, fresh=fresh) if team_ids and is_kept(period) else None
    raw = raw_statistics(team_ids, period, partial=kept.partial if kept else None)
    return Statistics(
        period=period,
        tables=publish(raw.tables, k=k, links=raw.links),
        k=k,
        unit_label=unit_label,
        lookups=raw.lookups,
        posts=raw.posts,
        counted_at=kept.as_of if kept else timezone.now(),
        pending=kept.pending if kept else False,
    )


__all__ = ["RawStatistics", "Statistics", "raw_statistics", "statistics_for"]
