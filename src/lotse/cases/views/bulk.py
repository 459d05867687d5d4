"""Bulk close from the working list (issue #17 §3): the confirmation page and the run.

The client list's bulk form sends the selected file ids here (``?ids=…``, like mass letters),
the case list's the selected case ids (``?cases=…``). The page shows each file's open case
(or "no open case", or why the user may not change it) with the reason to choose; the run
closes each case in its own transaction through ``case_close``, the same for both lists.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lotse.accounts.models import User
from lotse.accounts.roles import CLIENT_ROLES
from lotse.accounts.typing import AuthenticatedRequest
from lotse.audit.services.reads import log_list_read
from lotse.clients.models import Client, writable_client_q
from lotse.clients.views.worklist import (
    BULK_CAP,
    bulk_ids,
    bulk_result,
    plan_row,
    refused_row,
    require_writer,
)
from lotse.common.access import role_required

from ..forms.bulk import BulkCloseForm
from ..models import Case
from ..phases import PHASE_LABELS, Phase
from ..services.bulk_close import CASE_CLOSED, NO_OPEN_CASE, CloseRow, bulk_close
from .common import today


def _detail(case: Case) -> str:
    opened = case.opened_on.strftime("%d.%m.%Y")
    return (
        f"{case.get_service_display()}: {PHASE_LABELS[Phase(case.phase)]} "
        f"({_('opened on')} {opened})"
    )


def _plan_for_files(user: User, ids: list[int]) -> tuple[list[dict[str, Any]], list[int]]:
    """Client list: each selected file's oldest open case (or "no open case")."""
    found = {
        c.pk: c for c in Client.objects.writable_by(user).filter(pk__in=ids).select_related("team")
    }
    # One query for every open case of the files (the oldest first, as the run picks it).
    cases: dict[int, Case] = {}
    for item in Case.objects.filter(client_id__in=list(found)).open().order_by("opened_on", "pk"):
        cases.setdefault(item.client_id, item)
    plan: list[dict[str, Any]] = []
    for pk in ids:
        client = found.get(pk)
        if client is None:
            plan.append(refused_row(pk))
            continue
        case = cases.get(pk)
        if case is None:
            value = CloseRow(pk, client.version).encode()
            plan.append(plan_row(pk, client, ok=False, skip=True, why=NO_OPEN_CASE, value=value))
            continue
        value = CloseRow(pk, client.version, case.pk, case.version).encode()
        plan.append(plan_row(pk, client, ok=True, value=value, detail=_detail(case)))
    return plan, list(found)


def _plan_for_cases(user: User, ids: list[int]) -> tuple[list[dict[str, Any]], list[int]]:
    """Case list: exactly the selected cases; a closed one is listed and stays as it is."""
    found = {
        case.pk: case
        for case in Case.objects.filter(writable_client_q(user), pk__in=ids).select_related(
            "client__team"
        )
    }
    plan: list[dict[str, Any]] = []
    for pk in ids:
        case = found.get(pk)
        if case is None:
            plan.append(refused_row(pk))
            continue
        client = case.client
        if case.is_closed:
            plan.append(
                plan_row(client.pk, client, ok=False, why=CASE_CLOSED, detail=_detail(case))
            )
            continue
        value = CloseRow(client.pk, client.version, case.pk, case.version).encode()
        plan.append(plan_row(client.pk, client, ok=True, value=value, detail=_detail(case)))
    return plan, sorted({case.client_id for case in found.values()})


@role_required(*CLIENT_ROLES)
@require_GET
def case_bulk_close(request: AuthenticatedRequest) -> HttpResponse:
    """``?ids=`` file ids from the client list, or ``?cases=`` case ids from the case list."""
    require_writer(request)
    case_ids = bulk_ids(request.GET.getlist("cases"))
    ids = bulk_ids(request.GET.getlist("ids"))
    from_cases = bool(case_ids)
    if not case_ids and not ids:
        messages.error(request, _("Select at least one file and an action."))
        return redirect("client_list")
    if from_cases:
        plan, files = _plan_for_cases(request.user, case_ids)
    else:
        plan, files = _plan_for_files(request.user, ids)
    log_list_read(request, clients=files)
    return render(
        request,
        "clients/bulk_confirm.html",
        {
            "plan": plan,
            "heading": _("Close the open case with a reason"),
            "intro": _(
                "Please check what will happen. The open case of each file marked "
                "\u201cwill be closed\u201d is closed today with the reason you choose. Files "
                "without an open case are listed and stay as they are. Nothing has been "
                "changed yet."
            ),
            "action_url": reverse("case_bulk_close_run"),
            "hidden": [("back", "cases")] if from_cases else [],
            "back_url": _back(from_cases),
            "choices_template": "cases/fragments/bulk_close_choices.html",
            "form": BulkCloseForm(),
            "detail_label": _("Open case"),
            "will": _("will be closed"),
            "submit_label": _("Close now"),
        },
    )


def _back(from_cases: bool) -> str:
    return reverse("case_list" if from_cases else "client_list")


@role_required(*CLIENT_ROLES)
@require_POST
def case_bulk_close_run(request: AuthenticatedRequest) -> HttpResponse:
    require_writer(request)
    form = BulkCloseForm(request.POST)
    rows = [
        row
        for value in request.POST.getlist("row")[:BULK_CAP]
        if (row := CloseRow.decode(str(value))) is not None
    ]
    from_cases = request.POST.get("back") == "cases"
    if not form.is_valid() or not rows:
        messages.error(request, _("Choose the reason for closing and at least one file."))
        return redirect(_back(from_cases))
    data = form.cleaned_data
    outcomes = bulk_close(
        user=request.user,
        rows=rows,
        reason=data["reason"],
        livelihood=data["livelihood"],
        note=data["note"],
        on=today(),
    )
    return bulk_result(
        request,
        outcomes,
        heading=_("Close the open case with a reason"),
        back_url=_back(from_cases),
    )
