"""Sample objects of the statistics app for the access matrix: team A's centre / provider."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from lotse.stats.models import CostItem, FundingPeriod, FundingRecord, ImportedBundle
from lotse_testing import Org

BUNDLE = {
    "format": "lotse-statistics-bundle",
    "version": 1,
    "unit": {"id": "c-other", "level": "centre"},
    "period": {"from": "2025-01-01", "to": "2025-12-31"},
    "suppression": {"min_cell": 5, "zeros": "published", "method": "primary-and-complementary-v1"},
    "sources": ["c-other"],
    "posts": 1.5,
    "created": "2026-01-10T09:00:00Z",
    "generator": "Lotse",
    "tables": [
        {
            "key": "clients_by_service",
            "dimensions": ["service"],
            "kind": "additive",
            "unit": "clients",
            "measure": "count",
            "mask_from": None,
            "population": "clients",
            "rows": ["mbe", "jmd"],
            "columns": [],
            "cells": [
                {"keys": ["mbe"], "value": None},
                {"keys": ["jmd"], "value": None},
                {"keys": ["_total"], "value": 40},
            ],
        }
    ],
}


def funding_a(org: Org) -> int:
    period = FundingPeriod.objects.create(
        centre=org.centre,
        service="mbe",
        title="MBE 2026–2029",
        starts_on=date(2026, 1, 1),
        ends_on=date(2029, 12, 31),
        recipient="Stadt Musterstadt\nSozialamt\nRathausplatz 1\n12345 Musterstadt",
        salutation="Sehr geehrte Damen und Herren,",
        signatory="Erika Beispiel, Geschäftsführerin",
    )
    for year in period.years():
        CostItem.objects.create(
            period=period, year=year, category="personnel", amount=Decimal("90000")
        )
        CostItem.objects.create(
            period=period, year=year, category="material", amount=Decimal("9000")
        )
        CostItem.objects.create(
            period=period, year=year, category="material", amount=Decimal("6000"), eligible=False
        )
        FundingRecord.objects.create(
            period=period,
            year=year,
            funder_kind="federal",
            amount=Decimal("89100"),
            status="granted",
        )
        FundingRecord.objects.create(
            period=period, year=year, funder_kind="own", amount=Decimal("5900"), status="granted"
        )
        FundingRecord.objects.create(
            period=period,
            year=year,
            funder_kind="municipality",
            funder_name="Stadt Musterstadt",
            amount=Decimal("10000"),
            status="applied",
        )
    return period.pk


def bundle_a(org: Org) -> int:
    return ImportedBundle.objects.create(
        provider=org.provider,
        name="c-other.json",
        unit_id="c-other",
        level="centre",
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        content=BUNDLE,
        sha256="0" * 64,
        uploaded_by=org.users["statistics"],
    ).pk
