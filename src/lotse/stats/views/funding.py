"""Funding periods, their cost and funding lines, and the grant-application letter."""

from __future__ import annotations

from typing import Any

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from lotse.accounts.typing import AuthenticatedRequest
from lotse.common.access import role_required
from lotse.common.errors import ConflictError, DomainError
from lotse.common.query import parse_int

from ..forms import (
    CostLines,
    FundingLines,
    FundingPeriodForm,
    centre_choices,
    filled,
    funding_filter,
    funding_pairs,
)
from ..models import FundingPeriod
from ..reports.data import summary_of
from ..reports.pdf import grant_letter_pdf
from ..scope import units_for
from ..services import (
    funding_lines_replace,
    funding_period_create,
    funding_period_update,
    report_exported,
)
from .common import STATISTICS_VIEW_ROLES


def _centres(request: AuthenticatedRequest) -> QuerySet[Any]:
    return centre_choices(units_for(request.user))


def _pairs(request: AuthenticatedRequest) -> set[tuple[int, str]]:
    return funding_pairs(units_for(request.user))


def _periods(request: AuthenticatedRequest) -> QuerySet[FundingPeriod]:
    scope = funding_filter(units_for(request.user))
    return FundingPeriod.objects.filter(scope).select_related("centre")


def _period(request: AuthenticatedRequest, period_id: int) -> FundingPeriod:
    period = _periods(request).filter(pk=period_id).first()
    if period is None:
        raise Http404
    return period


@role_required(*STATISTICS_VIEW_ROLES)
def funding_list(request: AuthenticatedRequest) -> HttpResponse:
    return render(request, "stats/funding_list.html", {"periods": _periods(request)})


@role_required(*STATISTICS_VIEW_ROLES)
def funding_create(request: AuthenticatedRequest) -> HttpResponse:
    form = FundingPeriodForm(request.POST or None, centres=_centres(request), pairs=_pairs(request))
    if request.method == "POST" and form.is_valid():
        try:
            period = funding_period_create(data=form.cleaned_data)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Funding period saved."))
            return redirect("stats_funding_detail", period_id=period.pk)
    return render(request, "stats/funding_form.html", {"form": form})


@role_required(*STATISTICS_VIEW_ROLES)
def funding_detail(request: AuthenticatedRequest, period_id: int) -> HttpResponse:
    period = _period(request, period_id)
    summaries = [summary_of(period, year) for year in period.years()]
    return render(request, "stats/funding_detail.html", {"period": period, "summaries": summaries})


@role_required(*STATISTICS_VIEW_ROLES)
def funding_edit(request: AuthenticatedRequest, period_id: int) -> HttpResponse:
    period = _period(request, period_id)
    form = FundingPeriodForm(
        request.POST or None, instance=period, centres=_centres(request), pairs=_pairs(request)
    )
    version = parse_int(request.POST.get("version")) or period.version
    if request.method == "POST" and form.is_valid():
        try:
            funding_period_update(
                period=_period(request, period_id),
                data=form.cleaned_data,
                expected_version=version,
            )
        except (ConflictError, DomainError) as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Funding period saved."))
            return redirect("stats_funding_detail", period_id=period.pk)
    return render(
        request, "stats/funding_form.html", {"form": form, "period": period, "version": version}
    )


def _initial(period: FundingPeriod) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    costs = [
        {
            "year": c.year,
            "category": c.category,
            "label": c.label,
            "amount": c.amount,
            "eligible": c.eligible,
        }
        for c in period.costs.all()
    ]
    funding = [
        {
            "year": f.year,
            "funder_kind": f.funder_kind,
            "funder_name": f.funder_name,
            "amount": f.amount,
            "status": f.status,
        }
        for f in period.funding.all()
    ]
    return costs, funding


@role_required(*STATISTICS_VIEW_ROLES)
def funding_lines(request: AuthenticatedRequest, period_id: int) -> HttpResponse:
    period = _period(request, period_id)
    costs_initial, funding_initial = _initial(period)
    data = request.POST if request.method == "POST" else None
    costs = CostLines(data, initial=costs_initial, prefix="costs")
    funding = FundingLines(data, initial=funding_initial, prefix="funding")
    version = parse_int(request.POST.get("version")) or period.version
    if data is not None and costs.is_valid() and funding.is_valid():
        try:
            funding_lines_replace(
                period=period,
                costs=filled(costs),
                funding=filled(funding),
                expected_version=version,
            )
        except (ConflictError, DomainError) as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Costs and funding saved."))
            return redirect("stats_funding_detail", period_id=period.pk)
    return render(
        request,
        "stats/funding_lines.html",
        {"period": period, "costs": costs, "funding": funding, "version": version},
    )


@role_required(*STATISTICS_VIEW_ROLES)
@reauthentication_required
def grant_letter(request: AuthenticatedRequest, period_id: int) -> HttpResponse:
    period = _period(request, period_id)
    content = grant_letter_pdf(period)
    report_exported(
        report="grant_letter",
        unit=period.centre.name,
        start=period.starts_on,
        end=period.ends_on,
        obj=period,
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="grant-letter-{period.pk}.pdf"'
    return response
