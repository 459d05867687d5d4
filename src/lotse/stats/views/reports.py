"""Reports: the page to choose them, and the downloads (re-authenticated and audited)."""

from __future__ import annotations

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from lotse.accounts.typing import AuthenticatedRequest
from lotse.common.access import role_required

from ..cache import cached_statistics
from ..forms import Choice, choose
from ..reports.data import ReportData, report_data
from ..reports.funder import LAYOUTS, WrongService, check_unit, funder_xlsx, layouts_for
from ..reports.pdf import annual_pdf, municipal_pdf
from ..reports.xlsx import annual_xlsx
from ..scope import is_team_lead
from ..services import report_exported
from .common import STATISTICS_VIEW_ROLES

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@role_required(*STATISTICS_VIEW_ROLES)
def reports(request: AuthenticatedRequest) -> HttpResponse:
    choice = choose(request.user, request.GET)
    query = request.GET.urlencode()
    return render(
        request,
        "stats/reports.html",
        {
            "form": choice.form,
            "unit": choice.unit,
            "requested": choice.requested,
            "period": choice.period,
            "query": query,
            "notes": choice.notes,
            "refused": choice.refused,
            "funder_layouts": layouts_for(choice.unit),
        },
    )


def _refused(request: AuthenticatedRequest, choice: Choice) -> HttpResponse | None:
    """Back to the reports page when these figures may not be published (period, size)."""
    if not choice.refused:
        return None
    messages.error(request, choice.refused)
    return redirect(reverse("stats_reports") + "?" + request.GET.urlencode())


def _data(request: AuthenticatedRequest, choice: Choice) -> ReportData:
    statistics = cached_statistics(
        list(choice.unit.team_ids), choice.period, unit_label=choice.unit.label
    )
    return report_data(choice.unit, statistics, team_lead=is_team_lead(request.user))


def _download(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _name(choice: Choice, stem: str, suffix: str) -> str:
    return f"{stem}_{choice.unit.key}_{choice.period.start}_{choice.period.end}.{suffix}"


@role_required(*STATISTICS_VIEW_ROLES)
@reauthentication_required
def annual_report_xlsx(request: AuthenticatedRequest) -> HttpResponse:
    choice = choose(request.user, request.GET)
    if refused := _refused(request, choice):
        return refused
    content = annual_xlsx(_data(request, choice))
    report_exported(
        report="annual_xlsx",
        unit=choice.unit.label,
        start=choice.period.start,
        end=choice.period.end,
    )
    return _download(content, XLSX, _name(choice, "annual-report", "xlsx"))


@role_required(*STATISTICS_VIEW_ROLES)
@reauthentication_required
def annual_report_pdf(request: AuthenticatedRequest) -> HttpResponse:
    choice = choose(request.user, request.GET)
    if refused := _refused(request, choice):
        return refused
    content = annual_pdf(_data(request, choice))
    report_exported(
        report="annual_pdf",
        unit=choice.unit.label,
        start=choice.period.start,
        end=choice.period.end,
    )
    return _download(content, "application/pdf", _name(choice, "annual-report", "pdf"))


@role_required(*STATISTICS_VIEW_ROLES)
@reauthentication_required
def municipal_report_pdf(request: AuthenticatedRequest) -> HttpResponse:
    choice = choose(request.user, request.GET)
    if refused := _refused(request, choice):
        return refused
    content = municipal_pdf(_data(request, choice))
    report_exported(
        report="municipal_pdf",
        unit=choice.unit.label,
        start=choice.period.start,
        end=choice.period.end,
    )
    return _download(content, "application/pdf", _name(choice, "activity-report", "pdf"))


@role_required(*STATISTICS_VIEW_ROLES)
@reauthentication_required
def funder_report_xlsx(request: AuthenticatedRequest) -> HttpResponse:
    """The published tables in the layout of a funder's form (``?form=mbe`` or ``jmd``)."""
    layout = LAYOUTS.get(request.GET.get("form", ""))
    if layout is None:
        raise Http404
    choice = choose(request.user, request.GET)
    if refused := _refused(request, choice):
        return refused
    try:
        check_unit(layout, choice.unit)
    except WrongService as error:
        messages.error(request, str(error))
        return redirect(reverse("stats_reports") + "?" + request.GET.urlencode())
    content = funder_xlsx(_data(request, choice), layout)
    report_exported(
        report=f"funder_{layout.key}",
        unit=choice.unit.label,
        start=choice.period.start,
        end=choice.period.end,
    )
    return _download(content, XLSX, _name(choice, f"form-{layout.key}", "xlsx"))
