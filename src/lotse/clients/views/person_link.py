"""Person links on the client file (DOMAIN §D16): ask, decide, withdraw, undo.

Only team leads act here, each on a file of a team they lead (``client_for_request`` first, so
someone who may not see the file gets 404 as everywhere). The requester is told nothing about
the other file; the decider sees the requesting service, the requester and whether name and
date of birth match.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lotse.accounts.typing import AuthenticatedRequest
from lotse.common.errors import DomainError

from ..forms.person_link import (
    PersonLinkDecisionForm,
    PersonLinkRequestForm,
    PersonLinkWithdrawForm,
)
from ..models import Client, PersonLinkRequest
from ..selectors import client_for_request
from ..selectors.person_link import led_team_ids, pending_of_file
from ..services.person_link import (
    link_request_create,
    link_request_decide,
    link_request_withdraw,
    unlink_file,
)


def _led_client(request: AuthenticatedRequest, client_id: int) -> Client:
    """The file, if the user leads its team: 404 if it is not theirs to see, 403 if not a lead."""
    client = client_for_request(request, client_id, write=True)
    if client.team_id not in led_team_ids(request.user):
        raise PermissionDenied
    return client


def panel_context(
    request: AuthenticatedRequest, client: Client, **extra: object
) -> dict[str, object] | None:
    """The person-link panel of the overview; None when there is nothing to show."""
    is_lead = client.team_id in led_team_ids(request.user)
    if not is_lead and client.person_key is None:
        return None
    received, sent = pending_of_file(client) if is_lead else ([], [])
    context: dict[str, object] = {
        "client": client,
        "link_is_lead": is_lead,
        "link_received": received,
        "link_sent": sent,
        "link_form": PersonLinkRequestForm(),
    }
    context.update(extra)
    return context


def _answer(
    request: AuthenticatedRequest, client: Client, message: str, *, error: bool, **extra: object
) -> HttpResponse:
    if not request.htmx:
        (messages.error if error else messages.success)(request, message)
        return redirect("client_detail", client_id=client.pk)
    client.refresh_from_db()
    context = panel_context(request, client, link_message=message, link_error=error, **extra)
    return render(request, "clients/fragments/person_link.html", context or {"client": client})


@login_required
@require_POST
def person_link_request(request: AuthenticatedRequest, client_id: int) -> HttpResponse:
    client = _led_client(request, client_id)
    form = PersonLinkRequestForm(request.POST)
    if form.is_valid():
        try:
            link_request_create(
                client=client, file_number=form.cleaned_data["file_number"], by=request.user
            )
        except DomainError as error:
            form.add_error("file_number", str(error.message))
        else:
            return _answer(request, client, _("Request made."), error=False)
    errors = " ".join(str(e) for field in form.errors.values() for e in field)
    return _answer(request, client, errors, error=True, link_form=form)


@login_required
@require_POST
def person_link_decide(
    request: AuthenticatedRequest, client_id: int, request_id: int
) -> HttpResponse:
    client = _led_client(request, client_id)
    link_request = get_object_or_404(
        PersonLinkRequest.objects.select_related("from_client", "to_client__team"),
        pk=request_id,
        to_client=client,
    )
    form = PersonLinkDecisionForm(request.POST)
    if not form.is_valid():
        return _answer(request, client, _("Please choose “Link” or “Decline”."), error=True)
    accept = form.cleaned_data["decision"] == "accept"
    try:
        link_request_decide(
            request=link_request,
            accept=accept,
            expected_version=form.cleaned_data["version"],
            by=request.user,
        )
    except DomainError as error:
        return _answer(request, client, str(error.message), error=True)
    message = _("The files have been linked.") if accept else _("The request has been declined.")
    return _answer(request, client, message, error=False)


@login_required
@require_POST
def person_link_withdraw(
    request: AuthenticatedRequest, client_id: int, request_id: int
) -> HttpResponse:
    client = _led_client(request, client_id)
    link_request = get_object_or_404(
        PersonLinkRequest.objects.select_related("from_client"), pk=request_id, from_client=client
    )
    form = PersonLinkWithdrawForm(request.POST)
    if not form.is_valid():
        return _answer(request, client, _("The request could not be withdrawn."), error=True)
    try:
        link_request_withdraw(
            request=link_request, expected_version=form.cleaned_data["version"], by=request.user
        )
    except DomainError as error:
        return _answer(request, client, str(error.message), error=True)
    return _answer(request, client, _("The request has been withdrawn."), error=False)


@login_required
@require_POST
def person_link_unlink(request: AuthenticatedRequest, client_id: int) -> HttpResponse:
    client = _led_client(request, client_id)
    try:
        unlink_file(client=client, by=request.user)
    except DomainError as error:
        return _answer(request, client, str(error.message), error=True)
    return _answer(request, client, _("The link has been undone."), error=False)
