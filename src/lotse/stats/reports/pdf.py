"""PDF reports with WeasyPrint (``lotse.documents.rendering.render_pdf``): charts as SVG images.

Staff documents: rendered in the UI language (German or English); the grant letter goes to a
German municipality and is always German.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import get_language

from lotse.common.languages import language_name
from lotse.documents.rendering import render_pdf
from lotse.organisation.models import ServiceKind

from ..models import FunderKind, FundingPeriod, FundingStatus
from ..periods import published_period
from ..presentation import fmt
from ..published import statistics_for
from ..selectors.organisation import Staff, staff
from .data import ReportData, summary_of

MUNICIPAL_TABLES = (
    "clients_by_service",
    "clients_by_region",
    "clients_by_residence",
    "contacts_by_topic",
    "contacts_by_language",
    "network_indicators",
)


def ui_language() -> str:
    return "en" if (get_language() or "de").startswith("en") else "de"


def staff_rows(team: Staff) -> list[dict[str, Any]]:
    return [
        {
            "name": m.name,
            "fte": number_format(m.fte, decimal_pos=2),
            "languages": ", ".join(language_name(c) for c in m.languages),
        }
        for m in team.members
    ]


def annual_pdf(data: ReportData) -> bytes:
    return render_pdf(
        template="stats/reports/annual.html",
        context={
            "data": data,
            "staff_rows": staff_rows(data.staff),
            "k_minus_one": data.statistics.k - 1,
        },
        language=ui_language(),
    )


def municipal_pdf(data: ReportData) -> bytes:
    wanted = [v for _k, _t, views in data.sections for v in views if v.key in MUNICIPAL_TABLES]
    wanted.sort(key=lambda v: MUNICIPAL_TABLES.index(v.key))
    return render_pdf(
        template="stats/reports/municipal.html",
        context={"data": data, "views": wanted, "k_minus_one": data.statistics.k - 1},
        language=ui_language(),
    )


def grant_letter_context(period: FundingPeriod, *, today: date | None = None) -> dict[str, Any]:
    """Everything the letter says, from the data: staff, languages, clients served last year,
    costs and the federal share of the first year still to come, the amount requested."""
    today = today or timezone.localdate()
    years = period.years()
    year = next((y for y in years if y >= today.year), years[-1])
    summary = summary_of(period, year)
    team_ids = list(
        period.centre.services.filter(kind=period.service).values_list("teams__pk", flat=True)
    )
    team_ids = [pk for pk in team_ids if pk is not None]
    team = staff(team_ids)
    served_year = min(today.year, year) - 1
    # Figures that leave the team: a calendar year (periods.published_period), suppressed.
    served = published_period(date(served_year, 1, 1), date(served_year, 12, 31))
    statistics = statistics_for(team_ids, served) if team_ids else None

    def total(key: str) -> str:
        table = statistics.table(key) if statistics else None
        return fmt(table.total) if table is not None else "0"

    requested = [
        f
        for f in period.funding.all()
        if f.funder_kind == FunderKind.MUNICIPALITY and f.status == FundingStatus.APPLIED
    ]
    request_years = sorted({f.year for f in requested}) or [year]
    per_year = (
        sum((f.amount for f in requested), Decimal(0)) / len(request_years)
        if requested
        else summary.remaining_gap
    )
    languages = sorted({language_name(c) for m in team.members for c in m.languages})
    service_label = str(dict(ServiceKind.choices).get(period.service, period.service))
    return {
        "period": period,
        "centre": period.centre,
        "provider": period.centre.provider,
        "today": today,
        "subject": f"{service_label} – {period.title}",
        "service_label": service_label,
        "staff": team,
        "staff_rows": staff_rows(team),
        "posts": number_format(team.posts, decimal_pos=1),
        "languages": ", ".join(languages),
        "served_year": served_year,
        "clients": total("clients_by_service"),
        "contacts": total("contacts_by_service"),
        "family": total("family_members_by_service"),
        "federal_funder": str(FunderKind.FEDERAL.label),
        "summary": summary,
        "requested_per_year": per_year.quantize(Decimal("0.01")),
        "first_year": request_years[0],
        "last_year": request_years[-1],
    }


def grant_letter_pdf(period: FundingPeriod, *, today: date | None = None) -> bytes:
    return render_pdf(
        template="stats/reports/grant_letter.html",
        context=grant_letter_context(period, today=today),
        language="de",
    )


__all__ = ["annual_pdf", "grant_letter_pdf", "municipal_pdf"]
