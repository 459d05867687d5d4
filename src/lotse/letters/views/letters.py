"""Writing letters: "Brief schreiben" on the client file, and mass letters for selected clients."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from lotse.accounts.roles import CLIENT_ROLES
from lotse.accounts.typing import AuthenticatedRequest
from lotse.audit.services.reads import log_list_read
from lotse.clients.selectors import client_for_request
from lotse.common.access import role_required
from lotse.common.errors import DomainError
from lotse.network.models import Partner

from .. import services
from ..forms import LetterForm, MassLetterForm
from ..models import LetterTemplate
from ..selectors import (
    centre_ids,
    chosen_clients,
    partners_of_centre,
    selectable_clients,
    templates_of_centre,
)
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


def _ids(values: list[str]) -> list[int]:
    ids = []
    for value in values:
        for part in value.split(","):
            if part.strip().isdigit() and len(part.strip()) < 12:
                ids.append(int(part.strip()))
    return ids


@role_required(*CLIENT_ROLES)
def mass_letter(request: AuthenticatedRequest) -> HttpResponse:
    """GET: choose clients and template. POST step "check": who gets a letter and who is
    skipped, with the reason. POST step "create": the PDF or ZIP (each letter also stored)."""
    user = request.user
    centres = centre_ids(user, writable=True)
    templates = LetterTemplate.objects.filter(centre_id__in=centres).order_by("name")
    partners = Partner.objects.filter(centre_id__in=centres, active=True).order_by("name")
    query = request.GET.get("q", "")[:40]
    listed = list(selectable_clients(user, query))
    posted = chosen_clients(user, _ids(request.POST.getlist("clients"))) if request.POST else []
    preselected = chosen_clients(user, _ids(request.GET.getlist("ids")))
    candidates = {c.pk: c for c in [*preselected, *listed, *posted]}
    data = None
    if request.method == "POST":
        # Ids the user may not write to are left out, never revealed (a file of another team
        # is not "skipped": for this user it does not exist).
        data = request.POST.copy()
        data.setlist("clients", [str(c.pk) for c in posted])
    form = MassLetterForm(
        data,
        templates=templates,
        partners=partners,
        client_ids=list(candidates),
        initial={"clients": [c.pk for c in preselected], "output": "pdf"},
    )
    context: dict[str, object] = {"form": form, "clients": list(candidates.values())}
    log_list_read(request, clients=list(candidates))
    if request.method == "POST" and form.is_valid():
        template = form.cleaned_data["template"]
        partner = form.cleaned_data["partner"]
        chosen = [candidates[pk] for pk in form.cleaned_data["clients"] if pk in candidates]
        produced, skipped = services.mass_plan(chosen, template, partner)
        context.update({"produced": produced, "skipped": skipped, "template": template})
        if request.POST.get("step") == "create":
            try:
                result = services.mass_letters(
                    chosen, template, user, output=form.cleaned_data["output"], partner=partner
                )
            except DomainError as error:
                context["error"] = str(error.message)
            else:
                return attachment(result.content, result.content_type, result.filename)
        return render(request, "letters/mass_confirm.html", context)
    context["max_letters"] = services.MAX_MASS_LETTERS
    context["query"] = query
    return render(request, "letters/mass_select.html", context)
