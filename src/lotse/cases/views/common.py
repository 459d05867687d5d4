"""Helpers shared by the case views: write permission, domain errors, conflicts."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from lotse.accounts.typing import AuthenticatedRequest
from lotse.clients.models import Client
from lotse.common.errors import ConflictError, DomainError
from lotse.common.views.conflicts import rebased_on

from ..models import Case


def can_write(request: AuthenticatedRequest, case_or_client: Case | Client) -> bool:
    client_id = case_or_client.client_id if isinstance(case_or_client, Case) else case_or_client.pk
    return Client.objects.writable_by(request.user).filter(pk=client_id).exists()


def today() -> Any:
    return timezone.localdate()


def back_to_case(case: Case) -> HttpResponse:
    return redirect("case_overview", client_id=case.client_id)


def refused(request: AuthenticatedRequest, error: DomainError, case: Case) -> HttpResponse:
    """A small action was refused: say why on the case page."""
    messages.error(request, str(error.message))
    return back_to_case(case)


def form_page(
    request: AuthenticatedRequest,
    template: str,
    context: dict[str, Any],
    *,
    error: DomainError | None = None,
    current_version: int | None = None,
) -> HttpResponse:
    """Render a full form again with what was typed; a conflict answers 409.

    After a conflict the form carries the version now saved, so that saving again is a
    deliberate choice made with the other person's change in view.
    """
    status = 200
    if error is not None:
        form = context.get("form")
        if form is not None:
            form.add_error(None, str(error.message))
        if isinstance(error, ConflictError):
            status = 409
            context["conflict"] = True
            if form is not None and current_version is not None:
                form.data = rebased_on(form.data, current_version)
    return render(request, template, context, status=status)
