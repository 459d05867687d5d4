"""Cost plans and funding (DOMAIN §D13) as plain numbers: the funding gap, computed.

A year of a funding period has costs (eligible under the federal guideline or not) and
funding lines (grants by funder, own funds), each planned, applied for or granted:
- *secured* = granted grants + own funds;
- *gap* = all costs − secured (what is not financed yet);
- *requested* = grants applied for (e.g. the municipality's share the letter asks for);
- *remaining gap* = gap − requested (what stays open even if every application succeeds).
The federal grant's share of the eligible costs is shown next to the share the guideline
promises (about 90 %, seed 001).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

FEDERAL = "federal"
OWN = "own"
GRANTED = "granted"
APPLIED = "applied"
PLANNED = "planned"
CENT = Decimal("0.01")


@dataclass(frozen=True)
class CostLine:
    category: str
    amount: Decimal
    eligible: bool = True


@dataclass(frozen=True)
class FundingLine:
    funder: str
    amount: Decimal
    status: str = GRANTED


@dataclass(frozen=True)
class FundingSummary:
    year: int
    eligible_costs: Decimal
    other_costs: Decimal
    costs_by_category: dict[str, Decimal] = field(default_factory=dict)
    grants_by_funder: dict[str, Decimal] = field(default_factory=dict)
    own_funds: Decimal = Decimal(0)
    secured: Decimal = Decimal(0)
    requested: Decimal = Decimal(0)
    planned: Decimal = Decimal(0)
    federal_grant: Decimal = Decimal(0)
    federal_share_rule: Decimal = Decimal(90)

    @property
    def total_costs(self) -> Decimal:
        return self.eligible_costs + self.other_costs

    @property
    def gap(self) -> Decimal:
        return max(self.total_costs - self.secured, Decimal(0))

    @property
    def remaining_gap(self) -> Decimal:
        return max(self.gap - self.requested, Decimal(0))

    @property
    def federal_share(self) -> Decimal | None:
        """The federal grant in per cent of the eligible costs (None without eligible costs)."""
        if not self.eligible_costs:
            return None
        return (self.federal_grant * 100 / self.eligible_costs).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )

    @property
    def federal_grant_by_rule(self) -> Decimal:
        return (self.eligible_costs * self.federal_share_rule / 100).quantize(
            CENT, rounding=ROUND_HALF_UP
        )

    @property
    def eligible_not_covered(self) -> Decimal:
        """Eligible costs the federal grant leaves open (about 10 % in seed 001)."""
        return max(self.eligible_costs - self.federal_grant, Decimal(0))


def summarise(
    year: int,
    costs: Iterable[CostLine],
    funding: Iterable[FundingLine],
    *,
    federal_share_rule: Decimal = Decimal(90),
) -> FundingSummary:
    eligible = other = Decimal(0)
    by_category: dict[str, Decimal] = {}
    for cost in costs:
        by_category[cost.category] = by_category.get(cost.category, Decimal(0)) + cost.amount
        if cost.eligible:
            eligible += cost.amount
        else:
            other += cost.amount
    grants: dict[str, Decimal] = {}
    own = secured = requested = planned = federal = Decimal(0)
    for line in funding:
        if line.funder == OWN:
            own += line.amount
            secured += line.amount
            continue
        grants[line.funder] = grants.get(line.funder, Decimal(0)) + line.amount
        if line.funder == FEDERAL and line.status in {GRANTED, APPLIED}:
            federal += line.amount
        if line.status == GRANTED:
            secured += line.amount
        elif line.status == APPLIED:
            requested += line.amount
        else:
            planned += line.amount
    return FundingSummary(
        year=year,
        eligible_costs=eligible,
        other_costs=other,
        costs_by_category=by_category,
        grants_by_funder=grants,
        own_funds=own,
        secured=secured,
        requested=requested,
        planned=planned,
        federal_grant=federal,
        federal_share_rule=federal_share_rule,
    )
