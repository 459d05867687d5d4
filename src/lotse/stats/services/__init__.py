"""Writes of the statistics app: funding periods with their costs and funding, imported and
merged bundles, and the audited exports."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from lotse.accounts.models import User
from lotse.audit.services import log_action
from lotse.common.errors import DomainError
from lotse.common.jsonlimits import JSONLimitError, loads_limited
from lotse.common.services.versioning import claim_version
from lotse.organisation.models import Centre, Provider, Team

from ..bundle import BundleError, loads, to_bundle
from ..folding import must_fold_centre, place_of
from ..merge import derived_id, merge
from ..models import CostItem, FundingPeriod, FundingRecord, ImportedBundle
from ..periods import PeriodNotPublishable, overlaps_partly, published_period
from ..published import statistics_for
from ..selectors.base import Period
from ..signing import sign, verify
from ..suppression import min_cell
from ..trust import trusted_keys

PERIOD_FIELDS = (
    "centre",
    "service",
    "title",
    "starts_on",
    "ends_on",
    "federal_share_percent",
    "recipient",
    "salutation",
    "signatory",
)


CONFLICT = _(
    "Someone else has changed this funding period in the meantime. Your entries are "
    "still in the form; check the current state and save again."
)


def _check_dates(data: Mapping[str, Any]) -> None:
    if data["ends_on"] < data["starts_on"]:
        raise DomainError(_("The funding period cannot end before it starts."))


@transaction.atomic
def funding_period_create(*, data: Mapping[str, Any]) -> FundingPeriod:
    _check_dates(data)
    return FundingPeriod.objects.create(**{f: data[f] for f in PERIOD_FIELDS if f in data})


@transaction.atomic
def funding_period_update(
    *, period: FundingPeriod, data: Mapping[str, Any], expected_version: int
) -> FundingPeriod:
    _check_dates(data)
    period.version = claim_version(FundingPeriod, period.pk, expected_version, message=CONFLICT)
    for name in PERIOD_FIELDS:
        if name in data:
            setattr(period, name, data[name])
    period.save()
    return period


def _check_years(period: FundingPeriod, years: Iterable[int]) -> None:
    outside = sorted({y for y in years if y not in period.years()})
    if outside:
        raise DomainError(
            _("%(years)s lies outside the funding period.")
            % {"years": ", ".join(str(y) for y in outside)}
        )


@transaction.atomic
def funding_lines_replace(
    *,
    period: FundingPeriod,
    costs: Sequence[Mapping[str, Any]],
    funding: Sequence[Mapping[str, Any]],
    expected_version: int,
) -> FundingPeriod:
    """Replace the cost and funding lines of the period with the ones given (one form)."""
    _check_years(period, [c["year"] for c in costs] + [f["year"] for f in funding])
    period.version = claim_version(FundingPeriod, period.pk, expected_version, message=CONFLICT)
    period.costs.all().delete()
    period.funding.all().delete()
    CostItem.objects.bulk_create(CostItem(period=period, **line) for line in costs)
    FundingRecord.objects.bulk_create(FundingRecord(period=period, **line) for line in funding)
    log_action(
        action="funding.lines_replaced",
        obj=period,
        data={"costs": len(costs), "funding": len(funding)},
    )
    return period


# --- bundles -------------------------------------------------------------------------------


def centre_bundle(*, centre: Centre, period: Period) -> dict[str, Any]:
    """The bundle of one centre for one period, signed (not audited: see ``bundle_exported``).

    Only calendar periods are published. A centre with fewer than k clients, or beside one
    (``folding.py``), is folded into its provider: the bundle then covers every centre of the
    provider, level ``provider`` — the same bundle whichever of them asks."""
    try:
        period = published_period(period.start, period.end)
    except PeriodNotPublishable as error:
        raise BundleError(str(error)) from None
    k = min_cell()
    teams = Team.objects.filter(service__centre=centre)
    team_ids = list(teams.values_list("pk", flat=True))
    if not team_ids:
        raise BundleError(_("The centre has no teams."))
    place = place_of(tuple(team_ids), period)
    if not must_fold_centre(place, centre.pk, k):
        statistics = statistics_for(team_ids, period, unit_label=centre.name, k=k)
        bundle = to_bundle(
            statistics, unit_id=centre.statistics_id, level="centre", sources=[centre.statistics_id]
        )
        return sign(bundle)
    centres = Centre.objects.filter(provider_id=centre.provider_id)
    if sum(place.centre.values()) < k:
        raise BundleError(
            _(
                "%(centre)s had fewer than %(k)s clients in this period, and so had its provider "
                "together: nothing can be published for this period."
            )
            % {"centre": centre.statistics_id, "k": k}
        )
    sources = sorted(centres.values_list("statistics_id", flat=True))
    all_teams = list(Team.objects.filter(service__centre__in=centres).values_list("pk", flat=True))
    statistics = statistics_for(all_teams, period, unit_label=str(centre.provider), k=k)
    bundle = to_bundle(
        statistics, unit_id=derived_id("provider", sources), level="provider", sources=sources
    )
    return sign(bundle)


def bundle_exported(*, bundle: Mapping[str, Any], via: str) -> None:
    """The audit entry of an export: which unit, which period, how."""
    log_action(
        action="stats.exported",
        data={
            "kind": "bundle",
            "unit": bundle["unit"]["id"],
            "level": bundle["unit"]["level"],
            "from": bundle["period"]["from"],
            "to": bundle["period"]["to"],
            "via": via,
        },
    )


def report_exported(*, report: str, unit: str, start: date, end: date, obj: Any = None) -> None:
    log_action(
        action="stats.exported",
        obj=obj,
        data={
            "kind": report,
            "unit": unit,
            "from": start.isoformat(),
            "to": end.isoformat(),
        },
    )


@transaction.atomic
def bundle_import(*, provider: Provider, name: str, content: bytes, by: User) -> ImportedBundle:
    try:
        data = loads_limited(content)
    except JSONLimitError as error:
        raise DomainError(
            _("%(name)s cannot be imported: %(reason)s") % {"name": name, "reason": error}
        ) from None
    try:
        if isinstance(data, dict):
            verify(data, trusted_keys(), name=name)
        bundle = loads(data, name=name)
    except BundleError as error:
        raise DomainError(str(error)) from None
    _check_no_overlap(provider, bundle, name)
    return _store(provider=provider, name=name, bundle=bundle, by=by, action="stats.imported")


def _check_no_overlap(provider: Provider, bundle: Mapping[str, Any], name: str) -> None:
    """A unit's bundles held here cover the same period or disjoint ones, never nested or
    shifted ones: their difference could reveal a person (``periods.overlaps_partly``)."""
    period = Period(
        date.fromisoformat(bundle["period"]["from"]), date.fromisoformat(bundle["period"]["to"])
    )
    for other in ImportedBundle.objects.filter(provider=provider, unit_id=bundle["unit"]["id"]):
        if overlaps_partly(period, Period(other.period_start, other.period_end)):
            raise DomainError(
                _(
                    "%(name)s is unit %(unit)s for %(a)s, but %(other)s holds the same unit for "
                    "%(b)s: periods that overlap without being the same could reveal single "
                    "persons, so the bundle is refused."
                )
                % {
                    "name": name,
                    "unit": other.unit_id,
                    "a": f"{period.start:%d.%m.%Y}–{period.end:%d.%m.%Y}",
                    "other": other.name,
                    "b": f"{other.period_start:%d.%m.%Y}–{other.period_end:%d.%m.%Y}",
                }
            )


def _store(
    *, provider: Provider, name: str, bundle: Mapping[str, Any], by: User, action: str
) -> ImportedBundle:
    digest = hashlib.sha256(json.dumps(bundle, sort_keys=True).encode()).hexdigest()
    if ImportedBundle.objects.filter(provider=provider, sha256=digest).exists():
        raise DomainError(_("This bundle has been imported already."))
    stored = ImportedBundle.objects.create(
        provider=provider,
        name=name[:200],
        unit_id=bundle["unit"]["id"],
        level=bundle["unit"]["level"],
        period_start=date.fromisoformat(bundle["period"]["from"]),
        period_end=date.fromisoformat(bundle["period"]["to"]),
        sources=len(bundle["sources"]),
        content=bundle,
        sha256=digest,
        uploaded_by=by,
    )
    log_action(
        action=action,
        obj=stored,
        data={"unit": stored.unit_id, "level": stored.level, "sources": stored.sources},
    )
    return stored


@transaction.atomic
def bundles_merge(
    *, provider: Provider, bundles: list[ImportedBundle], by: User, unit_id: str = ""
) -> tuple[ImportedBundle, list[str]]:
    try:
        merged = merge(
            [b.content for b in bundles],
            names=[b.name for b in bundles],
            unit_id=unit_id or None,
        )
        signed = sign(merged.bundle)
    except BundleError as error:
        raise DomainError(str(error)) from None
    name = f"{signed['unit']['id']}.json"
    stored = _store(provider=provider, name=name, bundle=signed, by=by, action="stats.merged")
    return stored, merged.warnings
