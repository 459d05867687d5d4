"""Transfers of files to another team or centre (issue #17 §3): ask, decide, withdraw.

Asking works like the other bulk actions of the working list: selected files → choice of the
receiving team and the handover note → confirmation page → one request per file, each row in
its own transaction. The receiving team's leads decide on ``transfers_incoming``; they see
only what ``selectors.transfer`` loads, never the file itself before they accept.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lotse.accounts.models import Membership, User
from lotse.accounts.roles import CLIENT_ROLES
from lotse.accounts.typing import AuthenticatedRequest
from lotse.audit.services.reads import log_list_read
from lotse.common.access import role_required
from lotse.common.errors import DomainError

from ..forms.transfer import TransferForm
from ..models import Client, TeamTransfer
from ..selectors.transfer import PAGE_CAP, pending_for_lead, pending_for_lead_to_decide
from ..services import transfer as services
from .worklist import bulk_ids, bulk_result, plan_row, refused_row, require_writer, version_rows


def _files(request: AuthenticatedRequest, ids: list[int]) -> dict[int, Client]:
    return {
        c.pk: c
        for c in Client.objects.writable_by(request.user)
        .filter(pk__in=ids)
        .select_related("team__service__centre__provider", "responsible")
    }


@role_required(*CLIENT_ROLES)
def client_transfer(request: AuthenticatedRequest) -> HttpResponse:
    """GET ``?ids=…``: the receiving team and the note; POST: the confirmation page."""
    require_writer(request)
    source = request.POST if request.method == "POST" else request.GET
    ids = bulk_ids(source.getlist("ids"))
    if not ids:
        messages.error(request, _("Select at least one file and an action."))
        return redirect("client_list")
    found = _files(request, ids)
    form = TransferForm(request.POST if request.method == "POST" else None)
    if request.method != "POST" or not form.is_valid():
        log_list_read(request, clients=list(found))
        return render(
            request,
            "clients/transfer_form.html",
            {"form": form, "ids": ids, "files": [found[pk] for pk in ids if pk in found]},
        )
    to_team = form.cleaned_data["to_team"]
    plan: list[dict[str, Any]] = []
    for pk in ids:
        client = found.get(pk)
        if client is None:
            plan.append(refused_row(pk))
            continue
        why = services.transfer_refusal(client, to_team)
        plan.append(
            plan_row(
                pk,
                client,
                ok=why is None,
                why=why or "",
                value=f"{pk}:{client.version}",
                detail=client.responsible.get_full_name() if client.responsible else "",
            )
        )
    log_list_read(request, clients=list(found))
    return render(
        request,
        "clients/bulk_confirm.html",
        {
            "plan": plan,
            "heading": _("Transfer to another team or centre"),
            "intro": _(
                "Please check what will happen. For each file marked \u201cwill be requested\u201d "
                "the lead of %(team)s is asked to take it over. The file stays with its team "
                "until then. Nothing has been requested yet."
            )
            % {"team": to_team.name},
            "action_url": reverse("client_transfer_confirm"),
            "hidden": [("to_team", to_team.pk)],
            "choices_template": "clients/fragments/transfer_choices.html",
            "to_team": to_team,
            "note": form.cleaned_data["note"],
            "detail_label": _("Responsible so far"),
            "will": _("will be requested"),
            "submit_label": _("Request the transfer"),
        },
    )


@role_required(*CLIENT_ROLES)
@require_POST
def client_transfer_confirm(request: AuthenticatedRequest) -> HttpResponse:
    """One request per confirmed row, each in its own transaction; every row's outcome."""
    require_writer(request)
    form = TransferForm(request.POST)
    rows = version_rows(request.POST.getlist("row"))
    if not form.is_valid() or not rows:
        messages.error(request, _("Select at least one file and an action."))
        return redirect("client_list")
    outcomes = services.bulk_transfer(
        user=request.user,
        rows=rows,
        to_team=form.cleaned_data["to_team"],
        note=form.cleaned_data["note"],
    )
    return bulk_result(request, outcomes, heading=_("Transfer to another team or centre"))


def _receiving_colleagues(team_ids: set[int]) -> dict[int, list[User]]:
    """Per receiving team: who may become responsible (writers with a client role)."""
    members = (
        Membership.objects.filter(
            team_id__in=team_ids, role__in=CLIENT_ROLES, read_only=False, user__is_active=True
        )
        .select_related("user")
        .order_by("user__full_name", "user_id")
    )
    people: dict[int, list[User]] = {team: [] for team in team_ids}
    for membership in members:
        people[membership.team_id].append(membership.user)
    return people


@role_required(*CLIENT_ROLES)
@require_GET
def transfers_incoming(request: AuthenticatedRequest) -> HttpResponse:
    """The pending transfers to the teams the user leads (empty for everyone else)."""
    transfers = pending_for_lead(request.user, limit=PAGE_CAP)
    people = _receiving_colleagues({t.to_team_id for t in transfers})
    rows = [{"transfer": t, "people": people.get(t.to_team_id, [])} for t in transfers]
    log_list_read(request, clients=[t.client_id for t in transfers])
    return render(request, "clients/transfers_incoming.html", {"rows": rows})


def _receiving_side(request: AuthenticatedRequest, transfer_id: int) -> bool:
    teams = Membership.objects.with_client_role(request.user).values("team_id")
    return TeamTransfer.objects.filter(pk=transfer_id, to_team_id__in=teams).exists()


@role_required(*CLIENT_ROLES)
@require_POST
def transfer_decide(request: AuthenticatedRequest, transfer_id: int) -> HttpResponse:
    """A lead of the receiving team accepts (choosing who becomes responsible) or declines.

    A transfer to a team the user does not belong to: 404; to the user's team without being
    its lead: 403.
    """
    transfer = pending_for_lead_to_decide(request.user, transfer_id)
    if transfer is None:
        if not _receiving_side(request, transfer_id):
            raise Http404
        if not services.is_lead_of(
            request.user,
            TeamTransfer.objects.values_list("to_team_id", flat=True).get(pk=transfer_id),
        ):
            raise PermissionDenied
        messages.error(request, _("This transfer has been decided or withdrawn in the meantime."))
        return redirect("transfers_incoming")
    decision = request.POST.get("decision", "")
    version = str(request.POST.get("version", ""))
    expected = int(version) if version.isdigit() and len(version) < 12 else 0
    try:
        if decision == "accept":
            chosen = str(request.POST.get("responsible", ""))
            person = None
            if chosen.isdigit() and len(chosen) < 12:
                person = User.objects.filter(pk=int(chosen)).first()
            services.transfer_accept(
                transfer=transfer, by=request.user, expected_version=expected, responsible=person
            )
            messages.success(request, _("The file now belongs to your team."))
            return redirect("client_detail", client_id=transfer.client_id)
        if decision == "decline":
            services.transfer_decline(transfer=transfer, by=request.user, expected_version=expected)
            messages.success(request, _("The transfer has been declined."))
        else:
            messages.error(request, _("Please accept or decline the transfer."))
    except DomainError as error:
        messages.error(request, str(error.message))
    return redirect("transfers_incoming")


@role_required(*CLIENT_ROLES)
@require_POST
def transfer_withdraw(request: AuthenticatedRequest, transfer_id: int) -> HttpResponse:
    """The sending team takes a pending request back (404 for a file the user cannot see)."""
    client_id = (
        TeamTransfer.objects.filter(
            pk=transfer_id, client__in=Client.objects.visible_to(request.user)
        )
        .values_list("client_id", flat=True)
        .first()
    )
    if client_id is None:
        raise Http404
    if not Client.objects.writable_by(request.user).filter(pk=client_id).exists():
        raise PermissionDenied
    transfer = TeamTransfer.objects.get(pk=transfer_id)
    version = str(request.POST.get("version", ""))
    try:
        services.transfer_withdraw(
            transfer=transfer,
            by=request.user,
            expected_version=int(version) if version.isdigit() and len(version) < 12 else 0,
        )
        messages.success(request, _("The transfer has been withdrawn."))
    except DomainError as error:
        messages.error(request, str(error.message))
    return redirect("client_detail", client_id=client_id)
