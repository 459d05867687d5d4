"""Setting and clearing flags on the client file; answered with the flag block for HTMX."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from lotse.clients.models import Client
from lotse.clients.selectors import client_for_request
from lotse.common.errors import DomainError

from .. import services
from ..display import cleared_by_text, flag_css, set_by_text
from ..forms import FlagForm
from ..selectors import client_flags, flag_for_request
from .common import can_write, is_htmx


def flags_context(
    request: HttpRequest, client: Client, *, form: FlagForm | None = None, error: str = ""
) -> dict[str, Any]:
    flags = list(client_flags(client))
    active = [f for f in flags if f.cleared_at is None]
    return {
        "client": client,
        "active_flags": [{"flag": f, "css": flag_css(f), "text": set_by_text(f)} for f in active],
        "cleared_flags": [
            {"flag": f, "text": f"{set_by_text(f)}, {cleared_by_text(f)}"}
            for f in flags
            if f.cleared_at is not None
        ],
        "can_write": can_write(request, client),
        "flag_form": form or FlagForm(active_kinds={f.kind for f in active}),
        "flag_error": error,
    }


def _answer(
    request: HttpRequest, client: Client, *, form: FlagForm | None = None, error: str = ""
) -> HttpResponse:
    if not is_htmx(request):
        if error:
            messages.error(request, error)
        return redirect("client_detail", client_id=client.pk)
    return render(
        request,
        "office/fragments/flags.html",
        flags_context(request, client, form=form, error=error),
    )


@login_required
def flags_block(request: HttpRequest, client_id: int) -> HttpResponse:
    """The file's flags with their history, swapped in place (HTMX); a plain GET is sent on
    to the file, where the same block sits under the name."""
    client = client_for_request(request, client_id)
    if not is_htmx(request):
        return redirect("client_detail", client_id=client.pk)
    context = flags_context(request, client)
    context["show_history"] = True
    return render(request, "office/fragments/flags.html", context)


@login_required
@require_POST
def flag_set(request: HttpRequest, client_id: int) -> HttpResponse:
    client = client_for_request(request, client_id, write=True)
    active = set(
        client_flags(client).filter(cleared_at__isnull=True).values_list("kind", flat=True)
    )
    form = FlagForm(request.POST, active_kinds=active)
    if not form.is_valid():
        return _answer(request, client, form=form, error=str(_first_error(form)))
    try:
        services.flag_set(
            client=client,
            kind=form.cleaned_data["kind"],
            note=form.cleaned_data["note"],
            by=request.user,
        )
    except DomainError as error:
        return _answer(request, client, error=str(error.message))
    return _answer(request, client)


@login_required
@require_POST
def flag_clear(request: HttpRequest, client_id: int, flag_id: int) -> HttpResponse:
    client, flag = flag_for_request(request, client_id, flag_id, write=True)
    try:
        services.flag_clear(flag=flag, by=request.user)
    except DomainError as error:
        return _answer(request, client, error=str(error.message))
    return _answer(request, client)


def _first_error(form: FlagForm) -> str:
    for errors in form.errors.values():
        return str(errors[0])
    return ""
