"""Units too small to publish on their own are folded into the next level (DOMAIN §D16).

A team or centre with fewer than k clients in the period is shown only as part of its centre
or provider. Folding one unit alone would not help: "centre minus its other teams" gives the
small team back. So when any unit beside it has between 1 and k−1 clients, a unit folds as
well — a sibling with no client at all reveals nothing and folds nobody. Counts come from the
database (all teams of the provider), not from what the viewer may see, so that a team lead's
report and the statistics officer's cannot be subtracted either.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.translation import gettext as _

from lotse.organisation.models import Team

from .scope import Unit
from .selectors.base import Period
from .selectors.people import served_clients


@dataclass(frozen=True)
class Place:
    """Client counts of the period around a set of teams: per team, per centre, provider."""

    team: dict[int, int]
    team_centre: dict[int, int]
    centre: dict[int, int]
    centre_provider: dict[int, int]

    def siblings_small(
        self, counts: dict[int, int], group: dict[int, int], of: int, k: int
    ) -> bool:
        return any(0 < counts[m] < k for m, g in group.items() if g == group[of] and m != of)


def served_per_team(team_ids: list[int], period: Period) -> dict[int, int]:
    """The clients of the period of each team, counted from the raw rows."""
    return dict(
        served_clients(team_ids, period)
        .values("team_id")
        .annotate(n=Count("pk"))
        .values_list("team_id", "n")
    )


def place_of(
    team_ids: tuple[int, ...],
    period: Period,
    *,
    counts: Callable[[list[int], Period], Mapping[int, int]] = served_per_team,
) -> Place:
    """Client counts of every team and centre of the providers of ``team_ids``; ``counts``
    gives the clients per team (by default one query over the raw rows)."""
    providers = Team.objects.filter(pk__in=team_ids).values("service__centre__provider_id")
    teams = Team.objects.filter(service__centre__provider_id__in=providers)
    rows = list(teams.values_list("pk", "service__centre_id", "service__centre__provider_id"))
    counted = counts([pk for pk, _c, _p in rows], period)
    team = {pk: counted.get(pk, 0) for pk, _c, _p in rows}
    centre: dict[int, int] = defaultdict(int)
    for pk, centre_id, _p in rows:
        centre[centre_id] += team[pk]
    return Place(
        team=team,
        team_centre={pk: c for pk, c, _p in rows},
        centre=dict(centre),
        centre_provider={c: p for _pk, c, p in rows},
    )


@dataclass
class Folded:
    unit: Unit
    notes: list[str] = field(default_factory=list)
    too_small: bool = False  # not even the widest unit reaches k: nothing may be published


def must_fold_centre(place: Place, centre_id: int, k: int) -> bool:
    own = place.centre.get(centre_id, 0)
    return own < k or place.siblings_small(place.centre, place.centre_provider, centre_id, k)


def must_fold_team(place: Place, team_id: int, k: int) -> bool:
    own = place.team.get(team_id, 0)
    return own < k or place.siblings_small(place.team, place.team_centre, team_id, k)


def fold(
    unit: Unit, units: list[Unit], period: Period, k: int, *, place: Place | None = None
) -> Folded:
    """The unit that may be published for ``unit``: itself, or the next level up that may.
    ``place``: the counts to decide by, when the caller has them (the dashboard's cache)."""
    by_key = {u.key: u for u in units}
    place = place or place_of(unit.team_ids, period)
    result = Folded(unit)
    current = unit
    while True:
        if current.level == "team":
            small = must_fold_team(place, current.team_ids[0], k)
        elif current.level == "centre":
            small = must_fold_centre(place, int(current.key[1:]), k)
        else:
            small = sum(place.team.get(t, 0) for t in current.team_ids) < k
        if not small:
            result.unit = current
            return result
        parent = by_key.get(current.parent)
        if parent is None:
            result.unit, result.too_small = current, True
            result.notes.append(
                _(
                    "%(unit)s had fewer than %(k)s clients in this period, or a unit beside it "
                    "did; its figures are not published on their own."
                )
                % {"unit": current.label.lstrip("– "), "k": k}
            )
            return result
        result.notes.append(
            _(
                "%(unit)s had fewer than %(k)s clients in this period, or a unit beside it did; "
                "its figures are shown only as part of %(parent)s."
            )
            % {"unit": current.label.lstrip("– "), "k": k, "parent": parent.label}
        )
        current = parent
