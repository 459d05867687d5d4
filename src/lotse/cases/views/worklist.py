"""The case working list (issue #17 §3): filters, sort, pages and the export of exactly the
filtered list; saved filters and bulk actions are in ``worklist_actions``. Only the cases of
files the user may read (``Case.objects.visible_to``)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from lotse.accounts.roles import CLIENT_ROLES
from lotse.accounts.typing import AuthenticatedRequest
from lotse.audit.services import log_action
from lotse.audit.services.reads import log_list_read
from lotse.common.access import role_required
from lotse.common.views.table_export import FORMATS, table_response

from ..forms.worklist import FILTER_FIELDS, CaseListForm
from ..models import Case
from ..phases import PHASE_LABELS, Phase
from ..selectors.worklist import DEFAULT_SORT, case_page, filtered_cases, ordered_cases
from .common import today
from .worklist_actions import saved_filters_context

EXPORT_CAP = 10_000
SORT_COLUMNS = ("file_number", "phase", "opened", "next_review")


def _query(form: CaseListForm, *, drop: tuple[str, ...] = ()) -> str:
    """The valid filters (and sort) as typed, for links that keep them."""
    return urlencode(form.valid_values(drop=drop))


def _chosen(form: CaseListForm) -> dict[str, str]:
    return {k: str(form.data.get(k, "")) for k in FILTER_FIELDS if form.data.get(k, "")}


def _sort_links(form: CaseListForm, sort: str, base: str) -> list[dict[str, Any]]:
    """One link per sortable column: ascending, or descending if it is sorted ascending now."""
    rest = _query(form, drop=("sort",))
    links = []
    for key in SORT_COLUMNS:
        current = "asc" if sort == key else "desc" if sort == f"-{key}" else ""
        target = f"-{key}" if current == "asc" else key
        query = urlencode([("sort", target)]) + (f"&{rest}" if rest else "")
        links.append({"key": key, "url": f"{base}?{query}", "current": current})
    return links


def _form(request: AuthenticatedRequest) -> CaseListForm:
    form = CaseListForm(request.GET, user=request.user)
    form.is_valid()  # errors are shown; the valid filters still apply
    return form


@role_required(*CLIENT_ROLES)
@require_GET
def case_list(request: AuthenticatedRequest) -> HttpResponse:
    form = _form(request)
    sort = form.chosen_sort()
    cases = filtered_cases(user=request.user, filters=form.filters(), today=today())
    page = case_page(
        cases=cases,
        sort=sort,
        number=form.page_number(),
        teams=request.user.client_team_ids(),
    )
    log_list_read(request, clients=[case.client_id for case in page])
    base = reverse("case_list")
    query = _query(form, drop=("sort",))
    sorted_query = _query(form)
    context = {
        "form": form,
        "page": page,
        "today": today(),
        "sort": sort,
        "sort_links": {link["key"]: link for link in _sort_links(form, sort, base)},
        "page_query": sorted_query,
        "export_query": sorted_query,
        "filter_query": query,
        "phase_labels": {p.value: PHASE_LABELS[p] for p in Phase},
        "filtered": bool(_chosen(form)),
        # Bulk actions (issue #17 §3): for writers only; the colleagues are the counsellor
        # filter's choices (no query of their own).
        "can_bulk": bool(request.user.client_team_ids(writable=True)),
        "bulk_people": form.people,
        **saved_filters_context(request.user, form.valid_values()),
    }
    template = "cases/fragments/case_rows.html" if request.htmx else "cases/case_list.html"
    return render(request, template, context)


def _export_table(cases: list[Case]) -> tuple[list[str], list[list[object]]]:
    headers = [
        _("File number"),
        _("Name"),
        _("Service"),
        _("Phase"),
        _("Opened"),
        _("Counsellor"),
        _("Next review"),
    ]
    rows: list[list[object]] = []
    for case in cases:
        review = getattr(case, "next_review", None)
        rows.append(
            [
                case.client.file_number,
                case.client.display_name,
                case.get_service_display(),
                str(PHASE_LABELS[Phase(case.phase)]),
                case.opened_on.strftime("%d.%m.%Y"),
                case.counsellor.get_full_name() or case.counsellor.get_username(),
                review.strftime("%d.%m.%Y") if review else "",
            ]
        )
    return headers, rows


@role_required(*CLIENT_ROLES)
@reauthentication_required
@require_GET
def case_export(request: AuthenticatedRequest, fmt: str) -> HttpResponse:
    """Exactly the filtered list in its order, every matching case (up to EXPORT_CAP)."""
    if fmt not in FORMATS:
        raise Http404
    form = _form(request)
    back = reverse("case_list") + ("?" + request.GET.urlencode() if request.GET else "")
    if form.errors:
        # An export must be exactly the list asked for: with a wrong filter, none at all.
        messages.error(request, _("Please correct the filter before exporting."))
        return redirect(back)
    cases = filtered_cases(user=request.user, filters=form.filters(), today=today())
    rows = list(ordered_cases(cases, form.chosen_sort())[: EXPORT_CAP + 1])
    if len(rows) > EXPORT_CAP:
        messages.error(
            request,
            _("More than %(n)s cases match. Please narrow the filter before exporting.")
            % {"n": number_format(EXPORT_CAP, force_grouping=True)},
        )
        return redirect(back)
    log_action(
        action="cases.exported_list",
        data={
            "format": fmt,
            "filters": urlencode(sorted(_chosen(form).items())),
            "sort": form.chosen_sort() if form.chosen_sort() != DEFAULT_SORT else "",
            "ids": [case.pk for case in rows],
            "clients": [case.client_id for case in rows],
        },
    )
    headers, table = _export_table(rows)
    return table_response(
        fmt=fmt, headers=headers, rows=table, sheet_title=_("Cases"), filename="faelle"
    )
