"""The dashboard's cache: published statistics (aggregates only) for ten minutes.

A year of a large provider takes a second or two to count; the dashboard is opened again and
again with the same filters. The cache holds *published* tables only — nothing that is not
shown anyway — keyed by teams, period, k, language and a stamp of the newest records, so a
new contact, first contact, case step or household member starts a fresh count.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Max, Sum
from django.utils.translation import get_language

from lotse.cases.models import Closure, GoalStatusChange, PhaseChange
from lotse.clients.models import CounsellingContact, HouseholdMember, Intake

from .materialised import is_kept
from .models import PeriodAggregate
from .published import Statistics, statistics_for
from .selectors.base import Period
from .suppression import min_cell

TIMEOUT = 600
STAMPED = (CounsellingContact, Intake, HouseholdMember, PhaseChange, Closure, GoalStatusChange)


def data_stamp(team_ids: list[int], period: Period) -> str:
    """What the counts depend on: for a kept period the generations and times of its rows
    (every change of a counted record moves them, edits and deletions included), otherwise
    the newest records."""
    if is_kept(period):
        state = PeriodAggregate.objects.filter(
            team_id__in=team_ids, starts_on=period.start, ends_on=period.end
        ).aggregate(
            n=Count("pk"), g=Sum("generation"), b=Sum("built_generation"), t=Max("computed_at")
        )
        return "kept:" + ".".join(str(v) for v in state.values())
    parts: list[Any] = [model.objects.aggregate(m=Max("pk"))["m"] for model in STAMPED]
    return ".".join(str(p or 0) for p in parts)


def cache_key(team_ids: list[int], period: Period, k: int) -> str:
    raw = "|".join(
        [
            ",".join(str(t) for t in sorted(team_ids)),
            period.start.isoformat(),
            period.end.isoformat(),
            str(k),
            get_language() or "de",
            data_stamp(team_ids, period),
        ]
    )
    return "lotse-stats:1:" + hashlib.sha256(raw.encode()).hexdigest()


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
    key = cache_key(team_ids, period, k)
    if not refresh:
        found = cache.get(key)
        if isinstance(found, Statistics) and not (fresh and found.pending):
            found.unit_label = unit_label
            return found
    statistics = statistics_for(team_ids, period, unit_label=unit_label, k=k, fresh=fresh)
    # Counting may have created or refreshed kept rows: keyed by the state it left behind.
    cache.set(cache_key(team_ids, period, k), statistics, TIMEOUT)
    return statistics
