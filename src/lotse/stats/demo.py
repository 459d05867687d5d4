"""Demo funding period for ``lotse demo``: the seed letter's figures (001) moved to today.

Eligible costs about 99,000 € a year, the federal grant 90 % of them, material costs the
guideline does not cover, own funds, and 10,000 € a year applied for at the municipality.
Does nothing when the demo centre already has a funding period.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils import timezone

from lotse.common.registry import demo_step

from .models import CostItem, FundingPeriod, FundingRecord

if TYPE_CHECKING:
    from lotse.demo.data import DemoContext

COSTS = [
    ("personnel", "Beratungsfachkräfte (1,5 Stellen)", Decimal("88500.00"), True),
    ("material", "Sachkosten (Miete anteilig, Telefon, Material)", Decimal("10500.00"), True),
    ("material", "Dolmetschkosten, Informationsmaterial", Decimal("6500.00"), False),
]


@demo_step("stats", order=90)
def demo_funding(context: DemoContext) -> dict[str, int]:
    if FundingPeriod.objects.filter(centre=context.centre).exists():
        return {"funding_periods_created": 0}
    start = timezone.localdate().year
    period = FundingPeriod.objects.create(
        centre=context.centre,
        service="mbe",
        title=f"MBE Musterstadt {start}–{start + 3}",
        starts_on=date(start, 1, 1),
        ends_on=date(start + 3, 12, 31),
        recipient="Stadt Musterstadt\nIntegrationsangelegenheiten / Sozialamt\n"
        "Rathausplatz 1\n12345 Musterstadt",
        salutation="Sehr geehrte Damen und Herren,",
        signatory="Geschäftsführung, AWO Kreisverband Musterstadt e.V.",
    )
    for year in period.years():
        for category, label, amount, eligible in COSTS:
            CostItem.objects.create(
                period=period,
                year=year,
                category=category,
                label=label,
                amount=amount,
                eligible=eligible,
            )
        eligible_total = sum(a for _c, _l, a, e in COSTS if e)
        federal = (eligible_total * Decimal("0.9")).quantize(Decimal("0.01"))
        FundingRecord.objects.create(
            period=period,
            year=year,
            funder_kind="federal",
            funder_name="Bundesamt für Migration und Flüchtlinge",
            amount=federal,
            status="granted",
        )
        FundingRecord.objects.create(
            period=period, year=year, funder_kind="own", amount=Decimal("2000.00"), status="granted"
        )
        FundingRecord.objects.create(
            period=period,
            year=year,
            funder_kind="municipality",
            funder_name="Stadt Musterstadt",
            amount=Decimal("10000.00"),
            status="applied",
        )
    return {"funding_periods_created": 1}
