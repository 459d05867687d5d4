"""Bulk close from the working list (issue #17 §3): the confirmation page and the run.

The list's bulk form sends the selected ids here (``?ids=…``, like mass letters). The page
shows each file's open case (or "no open case", or why the user may not change it) with the
reason to choose; the run closes each case in its own transaction through ``case_close``.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lotse.accounts.roles import CLIENT_ROLES
from lotse.accounts.typing import AuthenticatedRequest
from lotse.audit.services.reads import log_list_read
from lotse.clients.models import Client
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
from ..services.bulk_close import NO_OPEN_CASE, CloseRow, bulk_close
from .common import today


@role_required(*CLIENT_ROLES)
@require_GET
def case_bulk_close(request: AuthenticatedRequest) -> HttpResponse:
    require_writer(request)
    ids = bulk_ids(request.GET.getlist("ids"))
    if not ids:
        messages.error(request, _("Select at least one file and an action."))
        return redirect("client_list")
    found = {
        c.pk: c
        for c in Client.objects.writable_by(request.user).filter(pk__in=ids).select_related("team")
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
        opened = case.opened_on.strftime("%d.%m.%Y")
        plan.append(
            plan_row(
                pk,
                client,
                ok=True,
                value=CloseRow(pk, client.version, case.pk, case.version).encode(),
                detail=f"{case.get_service_display()}: {PHASE_LABELS[Phase(case.phase)]} "
                f"({_('opened on')} {opened})",
            )
        )
    log_list_read(request, clients=list(found))
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
            "hidden": [],
            "choices_template": "cases/fragments/bulk_close_choices.html",
            "form": BulkCloseForm(),
            "detail_label": _("Open case"),
            "will": _("will be closed"),
            "submit_label": _("Close now"),
        },
    )


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
    if not form.is_valid() or not rows:
        messages.error(request, _("Choose the reason for closing and at least one file."))
        return redirect("client_list")
    data = form.cleaned_data
    outcomes = bulk_close(
        user=request.user,
        rows=rows,
        reason=data["reason"],
        livelihood=data["livelihood"],
        note=data["note"],
        on=today(),
    )
    return bulk_result(request, outcomes, heading=_("Close the open case with a reason"))
