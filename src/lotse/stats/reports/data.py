"""What the reports show, gathered once: published tables by section, staff, funding."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils import timezone

from lotse.common.languages import language_name

from ..catalogue import SECTIONS
from ..funding import CostLine, FundingLine, FundingSummary, summarise
from ..models import FundingPeriod
from ..presentation import TableView, key_figures, views_for
from ..published import Statistics
from ..scope import Unit
from ..selectors.base import Period
from ..selectors.organisation import Staff, staff

# Teams and counsellors stay inside the organisation: never in a report to a funder.
INTERNAL_SECTIONS = frozenset({"team"})


@dataclass
class ReportData:
    unit: Unit
    period: Period
    statistics: Statistics
    sections: list[tuple[str, str, list[TableView]]]
    staff: Staff
    funding: list[tuple[FundingPeriod, FundingSummary]] = field(default_factory=list)
    created: date = field(default_factory=timezone.localdate)

    @property
    def key_figures(self) -> list[tuple[str, str]]:
        return [(label, text) for label, text, _hidden in key_figures(self.statistics)]

    @property
    def staff_languages(self) -> list[tuple[str, int]]:
        return [(language_name(code), n) for code, n in self.staff.languages.items()]

    @property
    def posts(self) -> Decimal:
        return self.staff.posts


def funding_for(unit: Unit, year: int) -> list[tuple[FundingPeriod, FundingSummary]]:
    """Funding periods of the unit's centres covering ``year`` with that year's summary."""
    periods = (
        FundingPeriod.objects.filter(
            centre__services__teams__in=unit.team_ids,
            starts_on__year__lte=year,
            ends_on__year__gte=year,
        )
        .distinct()
        .prefetch_related("costs", "funding")
    )
    return [(period, summary_of(period, year)) for period in periods]


def summary_of(period: FundingPeriod, year: int) -> FundingSummary:
    costs = [
        CostLine(c.category, c.amount, c.eligible) for c in period.costs.all() if c.year == year
    ]
    funding = [
        FundingLine(f.funder_kind, f.amount, f.status)
        for f in period.funding.all()
        if f.year == year
    ]
    return summarise(year, costs, funding, federal_share_rule=period.federal_share_percent)


def report_data(
    unit: Unit, statistics: Statistics, *, team_lead: bool = False, charts: bool = True
) -> ReportData:
    views = views_for(statistics, team_lead=False, chart=charts)
    sections = []
    for key, title in SECTIONS.items():
        if key in INTERNAL_SECTIONS:
            continue
        tables = [v for v in views if v.section == key]
        if tables:
            sections.append((key, str(title), tables))
    return ReportData(
        unit=unit,
        period=statistics.period,
        statistics=statistics,
        sections=sections,
        staff=staff(list(unit.team_ids)),
        funding=funding_for(unit, statistics.period.end.year),
    )
