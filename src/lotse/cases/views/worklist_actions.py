"""The case working list's saved filters and bulk actions (issue #17 §3).

Saved filters are the client list's (``clients.SavedFilter`` of kind "cases"): a filter is
applied through its own address, so another user's filter is a 404, and its stored values go
through the list's form again (a value that no longer fits, or was tampered with, is left out
with a note, never a 500).

Bulk actions start from the selected cases. Closing goes to the bulk close page with the case
ids; a transfer and letters concern files, so they get the cases' file ids; a new counsellor
is confirmed and run here, each case in its own transaction.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lotse.accounts.models import User
from lotse.accounts.roles import CLIENT_ROLES
from lotse.accounts.typing import AuthenticatedRequest
from lotse.audit.services.reads import log_list_read
from lotse.clients.forms.worklist import SavedFilterForm
from lotse.clients.models import FilterKind, SavedFilter, visible_client_q, writable_client_q
from lotse.clients.services import worklist as filter_services
from lotse.clients.views.worklist import (
    bulk_ids,
    bulk_result,
    chosen_colleague,
    plan_row,
    reassign_confirmation,
    refused_row,
    require_writer,
    saved_filters,
    version_rows,
)
from lotse.common.access import role_required

from ..forms.worklist import CaseListForm
from ..models import Case
from ..services.reassign import ALREADY, ReassignRow, bulk_reassign_cases, reassign_refusal

# Bulk actions of the case list → the page that confirms them ("" = the counsellor, here).
BULK_PAGES = {
    "reassign": "",
    "close": "case_bulk_close",
    "transfer": "client_transfer",
    "letter": "letters_mass",
}


def saved_filters_context(user: User, values: list[tuple[str, str]]) -> dict[str, Any]:
    """What ``cases/fragments/case_saved_filters.html`` shows: the user's filters of the case
    list and the values the "save" form would store."""
    return {"saved_filters": saved_filters(user, FilterKind.CASES), "save_values": values}


def _saved_block(
    request: AuthenticatedRequest, values: list[tuple[str, str]], status: str, *, ok: bool
) -> HttpResponse:
    """The saved filters again, with what happened (an HTMX answer: no message for later)."""
    context = saved_filters_context(request.user, values)
    return render(
        request,
        "cases/fragments/case_saved_filters.html",
        {**context, "status": status, "status_ok": ok},
    )


def _answer(
    request: AuthenticatedRequest, values: list[tuple[str, str]], status: str, *, ok: bool
) -> HttpResponse:
    if request.htmx:
        return _saved_block(request, values, status, ok=ok)
    (messages.success if ok else messages.error)(request, status)
    return redirect(reverse("case_list") + ("?" + urlencode(values) if values else ""))


@role_required(*CLIENT_ROLES)
@require_POST
def case_filter_save(request: AuthenticatedRequest) -> HttpResponse:
    """Store the list's valid filters (and sort) under a name; wrong values are not stored."""
    form = CaseListForm(request.POST, user=request.user)
    form.is_valid()
    values = form.valid_values()
    name = SavedFilterForm(request.POST)
    if not values:
        return _answer(request, values, _("Choose at least one filter before saving it."), ok=False)
    if not name.is_valid():
        status = _("Please give the filter a name (at most 80 characters).")
        return _answer(request, values, status, ok=False)
    filter_services.save_filter(
        user=request.user,
        name=name.cleaned_data["name"],
        chosen=dict(values),
        kind=FilterKind.CASES,
    )
    return _answer(request, values, _("The filter has been saved."), ok=True)


@role_required(*CLIENT_ROLES)
@require_GET
def case_filter_apply(request: AuthenticatedRequest, filter_id: int) -> HttpResponse:
    """The list with a saved filter: its values checked again like typed ones."""
    saved = get_object_or_404(SavedFilter, pk=filter_id, user=request.user, kind=FilterKind.CASES)
    stored = QueryDict(saved.query)
    form = CaseListForm(stored, user=request.user)
    form.is_valid()
    values = form.valid_values()
    if len(values) < len([k for k in stored if stored.get(k)]):
        messages.warning(
            request,
            _(
                "Some values of the saved filter no longer fit (for example a colleague who "
                "has left the team) and were left out. Save the filter again to keep it so."
            ),
        )
    return redirect(reverse("case_list") + ("?" + urlencode(values) if values else ""))


@role_required(*CLIENT_ROLES)
@require_POST
def case_filter_delete(request: AuthenticatedRequest, filter_id: int) -> HttpResponse:
    # Another user's filter, or one of the client list: 404, as if it did not exist.
    if not filter_services.delete_filter(
        user=request.user, filter_id=filter_id, kind=FilterKind.CASES
    ):
        raise Http404
    # The list's current filters come along (the save form's values), to go back to them.
    form = CaseListForm(request.POST, user=request.user)
    form.is_valid()
    return _answer(request, form.valid_values(), _("The filter has been deleted."), ok=True)


def _file_ids(user: User, case_ids: list[int]) -> list[int]:
    """The files of the visible selected cases, in the order of the selection, once each."""
    of_case = dict(
        Case.objects.filter(visible_client_q(user), pk__in=case_ids).values_list("pk", "client_id")
    )
    files: list[int] = []
    for pk in case_ids:
        if pk in of_case and of_case[pk] not in files:
            files.append(of_case[pk])
    return files


@role_required(*CLIENT_ROLES)
@require_POST
def case_bulk(request: AuthenticatedRequest) -> HttpResponse:
    """Selected cases + an action → the confirmation page (nothing changes yet)."""
    require_writer(request)
    ids = bulk_ids(request.POST.getlist("ids"))
    action = str(request.POST.get("action", ""))
    if not ids or action not in BULK_PAGES:
        messages.error(request, _("Select at least one case and an action."))
        return redirect("case_list")
    if action == "close":
        return redirect(
            reverse("case_bulk_close") + "?" + urlencode({"cases": ",".join(map(str, ids))})
        )
    if BULK_PAGES[action]:
        files = _file_ids(request.user, ids)
        query = urlencode({"ids": ",".join(map(str, files))}) if files else ""
        return redirect(reverse(BULK_PAGES[action]) + ("?" + query if query else ""))
    to = chosen_colleague(request)
    if to is None:
        messages.error(request, _("Choose the colleague who takes over the cases."))
        return redirect("case_list")
    return _reassign_confirmation(request, ids, to)


def _reassign_confirmation(request: AuthenticatedRequest, ids: list[int], to: User) -> HttpResponse:
    user = request.user
    found = {
        case.pk: case
        for case in Case.objects.filter(visible_client_q(user), pk__in=ids).select_related(
            "client__team", "counsellor"
        )
    }
    writable = set(
        Case.objects.filter(writable_client_q(user), pk__in=ids).values_list("pk", flat=True)
    )
    plan: list[dict[str, Any]] = []
    for pk in ids:
        case = found.get(pk)
        if case is None or pk not in writable:
            plan.append(refused_row(pk))
            continue
        counsellor = case.counsellor.get_full_name() or case.counsellor.get_username()
        detail = f"{case.get_service_display()}: {counsellor}"
        value = f"{case.pk}:{case.version}"
        why = reassign_refusal(case, to)
        if why is None and case.counsellor_id == to.pk:
            plan.append(plan_row(pk, case.client, ok=False, skip=True, why=ALREADY, value=value))
            continue
        plan.append(
            plan_row(pk, case.client, ok=why is None, why=why or "", value=value, detail=detail)
        )
    log_list_read(request, clients=sorted({case.client_id for case in found.values()}))
    return reassign_confirmation(
        request,
        plan,
        to,
        heading=_("Change counsellor"),
        intro=_(
            "Please check what will happen. %(name)s becomes the counsellor of the cases "
            'marked "will be changed". Nothing has been changed yet.'
        ),
        action_url=reverse("case_bulk_reassign"),
        detail_label=_("Case and counsellor so far"),
        back_url=reverse("case_list"),
    )


@role_required(*CLIENT_ROLES)
@require_POST
def case_bulk_reassign(request: AuthenticatedRequest) -> HttpResponse:
    """Each case in its own transaction; the result page lists every row's outcome."""
    require_writer(request)
    to = chosen_colleague(request)
    rows = [ReassignRow(pk, version) for pk, version in version_rows(request.POST.getlist("row"))]
    if to is None or not rows:
        messages.error(request, _("Select at least one case and an action."))
        return redirect("case_list")
    outcomes = bulk_reassign_cases(user=request.user, rows=rows, to=to)
    return bulk_result(
        request, outcomes, to=to, heading=_("Change counsellor"), back_url=reverse("case_list")
    )
