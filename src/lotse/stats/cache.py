"""The dashboard's cache: published statistics (aggregates only) for ten minutes, in each
process's memory (the "derived" cache: filling it on a GET writes nothing to the database).

A year of a large provider takes a second or two to count; the dashboard is opened again and
again with the same filters. The cache holds *published* tables only — nothing that is not
shown anyway — keyed by teams, period, k, language and a stamp of what was counted: for a
kept period the kept rows as counted (a new entry marks them stale and the page says its
figures are still being counted until the worker has counted them), otherwise the newest
records, so a new contact, first contact, case step or household member starts a fresh count.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from typing import Any

from django.core.cache import caches
from django.db.models import Count, Max, Sum
from django.utils.translation import get_language

from lotse.cases.models import Closure, GoalStatusChange, PhaseChange
from lotse.clients.models import CounsellingContact, HouseholdMember, Intake
from lotse.organisation.models import Team

from .folding import Place, place_of
from .materialised import is_kept, kept_partial
from .models import PeriodAggregate
from .published import Statistics, statistics_for
from .selectors.base import Period
from .suppression import min_cell

TIMEOUT = 600
STAMPED = (CounsellingContact, Intake, HouseholdMember, PhaseChange, Closure, GoalStatusChange)


def data_stamp(team_ids: list[int], period: Period) -> tuple[str, bool]:
    """What the counts depend on, and whether newer entries wait to be counted.

    For a kept period: the rows' built generations and count times — what the kept counts
    *are* — so a new contact, which only marks its rows stale, leaves the published figures
    in the cache (shown as still being counted) until the worker has counted it; then the
    built generation moves and the next view publishes afresh. Otherwise the newest records.
    """
    if is_kept(period):
        state = PeriodAggregate.objects.filter(
            team_id__in=team_ids, starts_on=period.start, ends_on=period.end
        ).aggregate(
            n=Count("pk"), g=Sum("generation"), b=Sum("built_generation"), t=Max("computed_at")
        )
        # Only when every team has its row: a team not kept yet would change unseen.
        if state["n"] == len(set(team_ids)):
            stamp = "kept:" + ".".join(str(state[name]) for name in ("n", "b", "t"))
            return stamp, state["g"] != state["b"]
    parts: list[Any] = [model.objects.aggregate(m=Max("pk"))["m"] for model in STAMPED]
    return ".".join(str(p or 0) for p in parts), False


def cache_key(team_ids: list[int], period: Period, k: int, stamp: str) -> str:
    raw = "|".join(
        [
            ",".join(str(t) for t in sorted(team_ids)),
            period.start.isoformat(),
            period.end.isoformat(),
            str(k),
            get_language() or "de",
            stamp,
        ]
    )
    return "lotse-stats:2:" + hashlib.sha256(raw.encode()).hexdigest()


def cached_statistics(
    team_ids: list[int],
    period: Period,
    *,
    unit_label: str = "",
    refresh: bool = False,
    fresh: bool = True,
) -> Statistics:
    """The published statistics, from the cache when nothing they count changed.

    ``fresh`` (reports) never takes figures that still wait for newer entries; the dashboard
    passes False and shows when its figures were counted.
    """
    k = min_cell()
    stamp, waiting = data_stamp(team_ids, period)
    if not refresh:
        found = caches["derived"].get(cache_key(team_ids, period, k, stamp))
        if isinstance(found, Statistics) and not (fresh and (found.pending or waiting)):
            found.unit_label = unit_label
            found.pending = found.pending or waiting
            return found
    statistics = statistics_for(team_ids, period, unit_label=unit_label, k=k, fresh=fresh)
    # Counting may have created or refreshed kept rows: keyed by the state it left behind.
    stamp, _waiting = data_stamp(team_ids, period)
    caches["derived"].set(cache_key(team_ids, period, k, stamp), statistics, TIMEOUT)
    return statistics


def cached_place(team_ids: tuple[int, ...], period: Period) -> Place:
    """The client counts of every team of the providers of ``team_ids`` that the folding rule
    decides by, for the dashboard: for a calendar period those of the kept counts, keyed like
    the figures it shows (the kept rows as counted), so the fold matches those figures and is
    not counted again on every view (a pass over the period's clients took 260 ms at 100,000
    clients on SQLite, 1 s on PostgreSQL). Reports and exports count afresh (``place_of``)."""
    providers = Team.objects.filter(pk__in=team_ids).values("service__centre__provider_id")
    everyone = sorted(
        Team.objects.filter(service__centre__provider_id__in=providers).values_list("pk", flat=True)
    )

    def key() -> str:
        stamp, _waiting = data_stamp(everyone, period)
        parts = [",".join(map(str, sorted(team_ids))), ",".join(map(str, everyone)), stamp]
        raw = "|".join([*parts, period.start.isoformat(), period.end.isoformat()])
        return "lotse-fold:1:" + hashlib.sha256(raw.encode()).hexdigest()

    found = caches["derived"].get(key())
    if isinstance(found, Place):
        return found
    place = place_of(team_ids, period, counts=kept_per_team) if is_kept(period) else None
    place = place or place_of(team_ids, period)
    # Counting may have kept rows of teams that had none: keyed by the state it left behind.
    caches["derived"].set(key(), place, TIMEOUT)
    return place


def kept_per_team(team_ids: list[int], period: Period) -> dict[int, int]:
    """The clients of each team as the kept counts hold them (those the dashboard shows):
    the client rows of a partial are keyed by team first."""
    per_team: dict[int, int] = defaultdict(int)
    clients = kept_partial(team_ids, period, fresh=False).partial.sections.get("clients", {})
    for keys, n in clients.items():
        per_team[int(keys[0])] += int(n)
    return dict(per_team)
