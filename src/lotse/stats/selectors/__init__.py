"""Statistics from the database: every table of the funder report for a set of teams and a
period, in a handful of aggregate queries, published through one suppression run.

Nothing here returns a client row: only counts leave the database, and only published
(suppressed) tables leave this module through ``statistics_for``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import get_language

from lotse.clients.models import Topic

from ..suppression import Equation, min_cell
from ..tables import Table, publish
from .activity import (
    contact_passes,
    contact_tables,
    counsellor_names,
    intake_tables,
    topic_counts,
    waiting_tables,
)
from .base import Period, hierarchy_links, teams_info
from .casework import case_tables
from .organisation import network_table, posts, volunteer_table
from .people import (
    client_rows,
    client_tables,
    family_age_table,
    family_table,
    new_continuing_table,
)
from .runner import run


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

    def table(self, key: str) -> Table | None:
        return next((t for t in self.tables if t.key == key), None)


@dataclass
class RawStatistics:
    tables: list[Table]
    links: list[Equation]
    lookups: dict[str, dict[str, str]]
    posts: Decimal


def raw_statistics(team_ids: list[int], period: Period) -> RawStatistics:
    """All tables, unsuppressed — for ``publish`` only, never shown as they are."""
    teams = teams_info(team_ids)
    ids = sorted(teams)
    # The four passes over a year of contacts first, so that they share the threads well.
    jobs: dict[str, Callable[[], Any]] = {
        "topics": lambda: topic_counts(ids, period),
        "contacts": lambda: contact_passes(ids, period),
        "clients": lambda: client_rows(ids, period),
        "rest": lambda: [
            *intake_tables(ids, period),
            *case_tables(ids, period),
            family_table(ids, period, teams),
            family_age_table(ids, period),
            new_continuing_table(ids, period),
            *waiting_tables(ids, period),
            network_table(period, teams),
            volunteer_table(ids, period),
        ],
        "posts": lambda: posts(ids),
        "topic_labels": topic_labels,
    }
    done = run(jobs)
    clients, clients_total = client_tables(done["clients"], teams)
    contacts = contact_tables(
        done["contacts"],
        done["topics"],
        period=period,
        teams=teams,
        clients_total=clients_total,
    )
    tables = [*clients, *contacts, *done["rest"]]
    links = []
    for population in ("clients", "contacts"):
        per_team = f"{population}_by_team"
        links += hierarchy_links(f"{population}_by_service", per_team, teams, "service")
        links += hierarchy_links(f"{population}_by_centre", per_team, teams, "centre_id")
    lookups = {
        "team": {str(t.pk): t.name for t in teams.values()},
        "centre": {t.centre_id: t.centre_name for t in teams.values()},
        "counsellor": counsellor_names(list(done["contacts"].per_counsellor)),
        "topic": done["topic_labels"],
    }
    return RawStatistics(tables, links, lookups, done["posts"])


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
    team_ids: list[int], period: Period, *, unit_label: str = "", k: int | None = None
) -> Statistics:
    """The published statistics of ``team_ids`` for ``period``."""
    k = min_cell() if k is None else k
    raw = raw_statistics(team_ids, period)
    return Statistics(
        period=period,
        tables=publish(raw.tables, k=k, links=raw.links),
        k=k,
        unit_label=unit_label,
        lookups=raw.lookups,
        posts=raw.posts,
    )


__all__ = ["RawStatistics", "Statistics", "raw_statistics", "statistics_for"]
