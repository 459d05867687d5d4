"""First contact, eligibility, consent and the waiting list."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lotse.accounts.models import Membership
from lotse.accounts.roles import CLIENT_ROLES, Role
from lotse.accounts.typing import AuthenticatedRequest
from lotse.audit.services import log_action
from lotse.audit.services.reads import log_list_read
from lotse.common.access import role_required
from lotse.common.errors import DomainError
from lotse.documents.letterhead import letterhead_context
from lotse.documents.rendering import consent_form_pdf
from lotse.documents.rendering import privacy_notice_pdf as render_notice

from ..forms.intake import ConsentForm, ConsentWithdrawForm, EligibilityCheckForm, IntakeForm
from ..models import Client, Consent, Intake, IntakeOutcome, visible_client_q
from ..selectors import (
    client_for_request,
    client_overview,
    consent_current,
    consent_partner_choices,
    first_contact_on,
)
from ..services import consent_record, consent_withdraw
from ..services.intake import eligibility_assess, intake_record, waiting_list_leave


@login_required
def intake_create(request: AuthenticatedRequest, client_id: int) -> HttpResponse:
    client = client_for_request(request, client_id, write=True)
    initial = {"service": client.team.service.kind, "date": timezone.localdate()}
    form = IntakeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not data["same_day_confirmed"] and first_contact_on(client, data["date"]):
            form.flag_same_day()
            return render(
                request,
                "clients/intake_form.html",
                {"client": client, "form": form, "active_tab": "overview"},
            )
        try:
            intake = intake_record(
                client=client,
                counsellor=request.user,
                service=data["service"],
                date=data["date"],
                access_channel=data["access_channel"],
                referring_institution=data["referring_institution"],
                concern=data["concern"],
                problem_areas=list(data["problem_areas"]),
                support_needs=data["support_needs"],
                expectations=data["expectations"],
                livelihood=data["livelihood"],
                crisis=data["crisis"],
                outcome=data["outcome"],
                referral_target=data["referral_target"],
            )
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(
                request,
                _("The first contact has been recorded: %(outcome)s.")
                % {"outcome": intake.get_outcome_display()},
            )
            return redirect("client_detail", client_id=client.pk)
    return render(
        request,
        "clients/intake_form.html",
        {"client": client, "form": form, "active_tab": "overview"},
    )


@login_required
@require_POST
def eligibility_check(request: AuthenticatedRequest, client_id: int) -> HttpResponse:
    client = client_for_request(request, client_id, write=True)
    form = EligibilityCheckForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            eligibility_assess(
                client=client,
                on=form.cleaned_data["on"],
                crisis=form.cleaned_data["crisis"],
                decided_by=request.user,
            )
        except DomainError as exc:
            error = str(exc.message)
    else:
        error = _("Please enter a valid assessment date.")
    if not request.htmx:
        if error:
            messages.error(request, error)
        return redirect("client_detail", client_id=client.pk)
    context = {"client": client, "can_edit": True, "error": error, **client_overview(client)}
    return render(request, "clients/fragments/eligibility_panel.html", context)


@login_required
def consent_create(request: AuthenticatedRequest, client_id: int) -> HttpResponse:
    client = client_for_request(request, client_id, write=True)
    initial = {
        "informed_on": timezone.localdate(),
        "information_language": client.document_language,
        "scope_storage": True,
    }
    form = ConsentForm(
        request.POST or None, initial=initial, partners=consent_partner_choices(client)
    )
    if request.method == "POST" and form.is_valid():
        try:
            consent_record(client=client, recorded_by=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("The consent has been recorded."))
            return redirect("client_detail", client_id=client.pk)
    return render(
        request,
        "clients/consent_form.html",
        {"client": client, "form": form, "active_tab": "overview"},
    )


@login_required
def consent_withdraw_view(
    request: AuthenticatedRequest, client_id: int, consent_id: int
) -> HttpResponse:
    client = client_for_request(request, client_id, write=True)
    consent = get_object_or_404(Consent, client=client, pk=consent_id)
    form = ConsentWithdrawForm(request.POST or None, initial={"withdrawn_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            consent_withdraw(
                consent=consent,
                withdrawn_on=form.cleaned_data["withdrawn_on"],
                recorded_by=request.user,
            )
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(
                request, _("The withdrawal has been recorded. No data will be passed on.")
            )
            return redirect("client_detail", client_id=client.pk)
    return render(
        request,
        "clients/consent_withdraw.html",
        {"client": client, "consent": consent, "form": form, "active_tab": "overview"},
    )


def _document_language(request: AuthenticatedRequest, client: Client) -> str:
    language = request.GET.get("lang") or client.document_language
    if language not in dict(settings.DOCUMENT_LANGUAGES):
        raise Http404
    return language


def _document_context(request: AuthenticatedRequest, client: Client) -> dict[str, Any]:
    centre = client.team.service.centre
    consent = consent_current(client)
    dpo = (
        Membership.objects.filter(
            role=Role.DATA_PROTECTION_OFFICER, team__service__centre__provider=centre.provider
        )
        .select_related("user")
        .first()
    )
    return {
        "centre": letterhead_context(centre),
        "client": {
            "display_name": client.display_name,
            "file_number": client.file_number,
            "birth_date": client.birth_date,
        },
        "counsellor_name": request.user.full_name,
        "date": timezone.localdate(),
        "scope": {
            "storage": consent.scope_storage if consent else False,
            "share_with_partners": consent.scope_share_with_partners if consent else False,
            "contact_phone": consent.scope_contact_phone if consent else False,
            "contact_email": consent.scope_contact_email if consent else False,
        },
        "partners": consent.partner_list if consent else [],
        "retention_years": settings.LOTSE_RETENTION_YEARS,
        "dpo_contact": (
            f"{dpo.user.full_name}, {centre.provider.name}, {dpo.user.email}"
            if dpo
            else centre.provider.name
        ),
    }


def _pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@login_required
def consent_pdf(request: AuthenticatedRequest, client_id: int) -> HttpResponse:
    client = client_for_request(request, client_id)
    language = _document_language(request, client)
    pdf = consent_form_pdf(_document_context(request, client), language)
    log_action(
        action="document.printed", obj=client, data={"document": "consent", "lang": language}
    )
    return _pdf_response(pdf, f"einwilligung-{client.file_number}-{language}.pdf")


@login_required
def privacy_notice_pdf(request: AuthenticatedRequest, client_id: int) -> HttpResponse:
    client = client_for_request(request, client_id)
    language = _document_language(request, client)
    pdf = render_notice(_document_context(request, client), language)
    log_action(
        action="document.printed", obj=client, data={"document": "privacy", "lang": language}
    )
    return _pdf_response(pdf, f"datenschutz-{client.file_number}-{language}.pdf")


@role_required(*CLIENT_ROLES)
def waiting_list(request: AuthenticatedRequest) -> HttpResponse:
    entries = list(
        Intake.objects.filter(
            visible_client_q(request.user),
            outcome=IntakeOutcome.WAITING_LIST,
            waiting_until__isnull=True,
        )
        .select_related("client", "client__team")
        # §D2: priority first (integration-course obligation), then the longest wait.
        .order_by("-priority", "date", "created_at")
    )
    log_list_read(request, clients=[entry.client_id for entry in entries])
    return render(
        request, "clients/waiting_list.html", {"entries": entries, "today": timezone.localdate()}
    )


@login_required
@require_POST
def waiting_list_done(
    request: AuthenticatedRequest, client_id: int, intake_id: int
) -> HttpResponse:
    client = client_for_request(request, client_id, write=True)
    intake = get_object_or_404(Intake, client=client, pk=intake_id)
    try:
        waiting_list_leave(intake=intake, on=timezone.localdate())
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The person has left the waiting list."))
    return redirect("waiting_list")
