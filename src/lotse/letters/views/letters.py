"""Writing a letter: "Brief schreiben" on the client file (mass letters: views/mass.py)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from lotse.accounts.typing import AuthenticatedRequest
from lotse.clients.selectors import client_for_request
from lotse.common.errors import DomainError

from .. import services
from ..forms import LetterForm
from ..selectors import partners_of_centre, templates_of_centre
from ..services.templates import TEMPLATE_LANGUAGES
from .common import attachment


@login_required
def client_letter(request: AuthenticatedRequest, client_id: int) -> HttpResponse:
    client = client_for_request(request, client_id, write=True)
    centre_id = client.team.service.centre_id
    templates = templates_of_centre(centre_id).filter(versions__active=True).distinct()
    language = client.document_language if client.document_language in TEMPLATE_LANGUAGES else "de"
    form = LetterForm(
        request.POST or None,
        templates=templates,
        partners=partners_of_centre(centre_id),
        initial={"language": language, "output": "pdf"},
    )
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            letter = services.letter_create(
                client=client,
                template=form.cleaned_data["template"],
                language=form.cleaned_data["language"],
                output=form.cleaned_data["output"],
                partner=form.cleaned_data["partner"],
                by=request.user,
            )
        except DomainError as refusal:
            error = str(refusal.message)
        else:
            return attachment(letter.content, letter.content_type, letter.filename)
    return render(
        request,
        "letters/client_letter.html",
        {
            "client": client,
            "active_tab": "documents",
            "form": form,
            "error": error,
            "has_templates": templates.exists(),
        },
        status=422 if error else 200,
    )
