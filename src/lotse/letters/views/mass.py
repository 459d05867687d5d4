"""Mass letters: choose clients → check who is skipped → a run in the background → its result.

The run page polls its progress bar (HTMX, every 2 s) while the task writes; then it lists
who got a letter (with a link to the letter in the client's documents) and who was skipped
and why, and offers the combined PDF or ZIP. A run is only ever its creator's (others 404).
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lotse.accounts.roles import CLIENT_ROLES
from lotse.accounts.typing import AuthenticatedRequest
from lotse.audit.services import log_action
from lotse.audit.services.reads import log_list_read
from lotse.common.access import role_required
from lotse.common.errors import DomainError
from lotse.network.models import Partner

from .. import services
from ..forms import MassLetterForm
from ..models import LetterTemplate, SkipReason
from ..selectors import (
    centre_ids,
    chosen_clients,
    run_clients,
    run_for,
    runs_for,
    selectable_clients,
)
from ..tasks import write_mass_letters
from .common import attachment


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
    skipped, with the reason. POST step "create": the run is queued; on to its page."""
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
        if request.POST.get("step") == "create":
            try:
                run = services.mass_run_create(
                    user=user,
                    template=template,
                    clients=chosen,
                    output=form.cleaned_data["output"],
                    language=form.cleaned_data["language"],
                    partner=partner,
                )
            except DomainError as error:
                context["error"] = str(error.message)
            else:
                try:
                    write_mass_letters.enqueue(run.pk)
                except Exception:
                    # The immediate backend (tests, LOTSE_TASKS_IMMEDIATE) writes the letters
                    # right here; a failure is kept on the run, which is tried again.
                    messages.error(request, _("The mass letter stopped. It is tried again."))
                return redirect("letters_mass_run", run_id=run.pk)
        produced, skipped = services.mass_plan(chosen, template, partner)
        context.update({"produced": produced, "skipped": skipped, "template": template})
        return render(request, "letters/mass_confirm.html", context)
    context["max_letters"] = services.MAX_MASS_LETTERS
    context["query"] = query
    context["runs"] = runs_for(user)
    return render(request, "letters/mass_select.html", context)


def _result(request: AuthenticatedRequest, run: object) -> dict[str, object]:
    """The run's produced and skipped clients with names, read from the files now."""
    clients = run_clients(request.user, run)  # type: ignore[arg-type]
    produced = [
        {**item, "client": clients.get(item["client_id"])}
        for item in run.produced_items  # type: ignore[attr-defined]
    ]
    skipped = [
        {
            **item,
            "client": clients.get(item["client_id"]),
            "reason": SkipReason(item["reason_code"]).label,
        }
        for item in run.skipped  # type: ignore[attr-defined]
    ]
    shown = [item["client"].pk for item in [*produced, *skipped] if item["client"] is not None]
    log_list_read(request, clients=shown)
    return {"produced": produced, "skipped": skipped}


@role_required(*CLIENT_ROLES)
def mass_run(request: AuthenticatedRequest, run_id: int) -> HttpResponse:
    run = run_for(request.user, run_id)
    context: dict[str, object] = {"run": run}
    if not run.active:
        context.update(_result(request, run))
    return render(request, "letters/mass_run.html", context)


@role_required(*CLIENT_ROLES)
def mass_progress(request: AuthenticatedRequest, run_id: int) -> HttpResponse:
    run = run_for(request.user, run_id)
    if not request.htmx:  # the bar alone is no page: the run's page holds it
        return redirect("letters_mass_run", run_id=run.pk)
    response = render(request, "letters/mass_progress.html", {"run": run})
    if not run.active:
        response["HX-Refresh"] = "true"  # finished: the whole page with the result list
    return response


@role_required(*CLIENT_ROLES)
def mass_download(request: AuthenticatedRequest, run_id: int) -> HttpResponse:
    run = run_for(request.user, run_id)
    try:
        content = services.mass_output(run)
    except DomainError as error:
        messages.warning(request, str(error.message))
        return redirect("letters_mass_run", run_id=run.pk)
    log_action(
        action="letter.mass_downloaded",
        obj=run,
        data={"format": run.output, "clients": [i["client_id"] for i in run.produced_items]},
    )
    return attachment(content, run.result_type, run.result_name)


@require_POST
@role_required(*CLIENT_ROLES)
def mass_output_delete(request: AuthenticatedRequest, run_id: int) -> HttpResponse:
    run = run_for(request.user, run_id)
    services.mass_output_delete(run)
    messages.success(
        request, _("The combined file was deleted. The letters stay in the client files.")
    )
    return redirect("letters_mass_run", run_id=run.pk)
