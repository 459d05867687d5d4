"""What every statistics selector works with: the period, the teams in scope and their place
in the organisation (service, centre), and small helpers for counts."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from lotse.organisation.models import Team

from ..suppression import Equation
from ..tables import Keys, Number


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("The period ends before it starts.")

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31))

    def months(self) -> list[str]:
        months, year, month = [], self.start.year, self.start.month
        while (year, month) <= (self.end.year, self.end.month):
            months.append(f"{year:04d}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return months


@dataclass(frozen=True)
class TeamInfo:
    pk: int
    name: str
    service: str
    centre_id: str
    centre_name: str


def teams_info(team_ids: Iterable[int]) -> dict[int, TeamInfo]:
    rows = Team.objects.filter(pk__in=list(team_ids)).values(
        "pk", "name", "service__kind", "service__centre__statistics_id", "service__centre__name"
    )
    return {
        row["pk"]: TeamInfo(
            pk=row["pk"],
            name=row["name"],
            service=row["service__kind"],
            centre_id=row["service__centre__statistics_id"],
            centre_name=row["service__centre__name"],
        )
        for row in rows
    }


def years_before(day: date, years: int) -> date:
    """The same calendar day ``years`` earlier (28 February for a 29 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


class Counter(defaultdict[Keys, Number]):
    """Counts keyed by tuples of codes."""

    def __init__(self) -> None:
        super().__init__(int)

    def add(self, keys: Keys, value: Number) -> None:
        self[keys] += value


def hierarchy_links(
    table: str, per_team: str, teams: Mapping[int, TeamInfo], attribute: str
) -> list[Equation]:
    """``table``'s cell for a service (or centre) is the sum of ``per_team``'s cells of its
    teams: an equation for the joint suppression."""
    groups: dict[str, list[Hashable]] = defaultdict(list)
    for team in teams.values():
        groups[getattr(team, attribute)].append((per_team, (str(team.pk),)))
    return [
        Equation(total=(table, (code,)), members=tuple(members))
        for code, members in sorted(groups.items())
    ]
