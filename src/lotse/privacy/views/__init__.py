"""Data-protection pages: retention, erasure, legal hold (DPO) and subject access (counsellors)."""

from __future__ import annotations

import json
from urllib.parse import urlencode

from allauth.account.decorators import reauthentication_required
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lotse.accounts.roles import AUDIT_ROLES, Role
from lotse.accounts.typing import AuthenticatedRequest
from lotse.audit.services import log_action
from lotse.clients.models import Client
from lotse.clients.selectors import client_for_request
from lotse.common.access import reauthentication_redirect, role_required
from lotse.common.errors import DomainError
from lotse.common.query import safe_next

from .. import services
from ..forms import ConfirmForm, FileNumberForm, LegalHoldForm
from ..subject_access import subject_access_data, subject_access_pdf


@role_required(*AUDIT_ROLES)
def retention_overview(request: AuthenticatedRequest) -> HttpResponse:
    reports = services.retention_run(today=timezone.localdate(), dry_run=True)
    return render(
        request,
        "privacy/retention.html",
        {"reports": reports, "years": settings.LOTSE_RETENTION_YEARS},
    )


@role_required(*AUDIT_ROLES)
@reauthentication_required
@require_POST
def retention_execute(request: AuthenticatedRequest) -> HttpResponse:
    reports = services.retention_run(today=timezone.localdate(), dry_run=False)
    done = sum(len(r.done) for r in reports)
    messages.success(request, _("Retention run finished: %(n)d records handled.") % {"n": done})
    return redirect("privacy_retention")


def _file_summary(client: Client) -> dict[str, object]:
    """Counts only: the data-protection officer decides without reading case content."""
    counts = Client.objects.filter(pk=client.pk).aggregate(
        contacts=Count("contacts", distinct=True),
        intakes=Count("intakes", distinct=True),
        consents=Count("consents", distinct=True),
    )
    return {"client": client, "counts": counts}


@role_required(*AUDIT_ROLES)
@reauthentication_required
def erasure(request: AuthenticatedRequest) -> HttpResponse:
    lookup = FileNumberForm(request.GET or None)
    context: dict[str, object] = {"lookup": lookup}
    client = None
    if lookup.is_valid():
        client = Client.objects.filter(
            file_number=lookup.cleaned_data["file_number"].strip(), merged_into__isnull=True
        ).first()
        if client is None:
            lookup.add_error("file_number", _("No file with this number."))
        else:
            context.update(_file_summary(client))
            context["confirm"] = ConfirmForm()
            context["hold"] = LegalHoldForm()
            log_action(action="erasure.prepared", obj=client)
    return render(request, "privacy/erasure.html", context)


def _client_by_number(request: AuthenticatedRequest) -> Client | None:
    return Client.objects.filter(
        file_number=request.POST.get("file_number", "").strip(), merged_into__isnull=True
    ).first()


@role_required(*AUDIT_ROLES)
@reauthentication_required
@require_POST
def erasure_execute(request: AuthenticatedRequest) -> HttpResponse:
    client = _client_by_number(request)
    form = ConfirmForm(request.POST)
    if client is None or not form.is_valid():
        messages.error(request, _("Please confirm the erasure of an existing file."))
        return redirect("privacy_erasure")
    try:
        services.client_erase(client=client)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(
            request,
            _("File %(number)s has been anonymised; its audit entries are redacted.")
            % {"number": client.file_number},
        )
    return redirect(
        f"{reverse('privacy_erasure')}?{urlencode({'file_number': client.file_number})}"
    )


@role_required(*AUDIT_ROLES, Role.TEAM_LEAD)
@require_POST
def legal_hold(request: AuthenticatedRequest) -> HttpResponse:
    client = _client_by_number(request)
    if client is None:
        messages.error(request, _("No file with this number."))
        return redirect("dashboard")
    if request.user.has_role(Role.TEAM_LEAD) and not request.user.has_role(*AUDIT_ROLES):
        # Team leads decide for their own teams only.
        client = client_for_request(request, client.pk, write=True)
    try:
        if request.POST.get("action") == "clear":
            services.legal_hold_clear(client=client)
            messages.success(request, _("The legal hold has been lifted."))
        else:
            form = LegalHoldForm(request.POST)
            services.legal_hold_set(
                client=client, reason=form.data.get("reason", "") if form.is_bound else ""
            )
            messages.success(request, _("The file is now under legal hold."))
    except DomainError as error:
        messages.error(request, str(error.message))
    return redirect(safe_next(request, "dashboard"))


@login_required
def subject_access(request: AuthenticatedRequest, client_id: int) -> HttpResponse:
    client = client_for_request(request, client_id, write=True)
    if (confirm := reauthentication_redirect(request)) is not None:
        return confirm
    return render(
        request,
        "privacy/subject_access_page.html",
        {
            "client": client,
            "active_tab": "overview",
            "document_languages": settings.DOCUMENT_LANGUAGES,
        },
    )


@login_required
def subject_access_json(request: AuthenticatedRequest, client_id: int) -> HttpResponse:
    client = client_for_request(request, client_id, write=True)
    if (confirm := reauthentication_redirect(request)) is not None:
        return confirm
    data = subject_access_data(client)
    log_action(action="client.exported", obj=client, data={"format": "json"})
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="auskunft-{client.file_number}.json"'
    return response


@login_required
def subject_access_pdf_view(request: AuthenticatedRequest, client_id: int) -> HttpResponse:
    client = client_for_request(request, client_id, write=True)
    if (confirm := reauthentication_redirect(request)) is not None:
        return confirm
    language = request.GET.get("lang") or client.document_language
    if language not in dict(settings.DOCUMENT_LANGUAGES):
        language = client.document_language
    pdf = subject_access_pdf(
        client,
        language=language,
        centre=client.team.service.centre,
        counsellor_name=request.user.full_name,
    )
    log_action(action="client.exported", obj=client, data={"format": "pdf", "lang": language})
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="auskunft-{client.file_number}.pdf"'
    return response


@login_required
@require_POST
def file_close(request: AuthenticatedRequest, client_id: int) -> HttpResponse:
    client = client_for_request(request, client_id, write=True)
    try:
        if client.closed_on:
            services.client_reopen(client=client)
            messages.success(request, _("The file has been reopened."))
        else:
            services.client_close(client=client, on=timezone.localdate())
            messages.success(request, _("The file has been closed."))
    except DomainError as error:
        messages.error(request, str(error.message))
    return redirect("client_detail", client_id=client.pk)
