"""Integration agreement: drawing up, the bilingual PDF, recording the signing."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lotse.accounts.typing import AuthenticatedRequest
from lotse.audit.services import log_action
from lotse.common.errors import DomainError

from .. import services
from ..agreement_document import agreement_pdf
from ..forms import AgreementForm, SignForm
from ..models import Case, IntegrationAgreement
from ..selectors import agreement_status, case_for_request, plan_current
from .common import can_write, form_page, today

DOCUMENT_LANGUAGE_CODES = [code for code, _label in settings.DOCUMENT_LANGUAGES]


def _to_agreement(case: Case) -> HttpResponse:
    return redirect("case_agreement", case_id=case.pk)


def _agreement_of(case: Case, agreement_id: int) -> IntegrationAgreement:
    return get_object_or_404(
        IntegrationAgreement.objects.select_related("plan"), pk=agreement_id, case=case
    )


@login_required
def case_agreement(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    case = case_for_request(request, case_id)
    plan = plan_current(case)
    status = agreement_status(case, plan)
    latest = status.latest
    return render(
        request,
        "cases/agreement.html",
        {
            "client": case.client,
            "active_tab": "case",
            "case": case,
            "plan": plan,
            "status": status,
            "agreements": list(case.agreements.select_related("plan").order_by("-number")),
            "can_write": can_write(request, case) and not case.is_closed,
            "create_form": AgreementForm(),
            "sign_form": SignForm(
                initial={"signed_on": today(), "version": latest.version if latest else None}
            ),
            "languages": settings.DOCUMENT_LANGUAGES,
        },
    )


@require_POST
@login_required
def case_agreement_create(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    case = case_for_request(request, case_id, write=True)
    form = AgreementForm(request.POST)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    try:
        services.agreement_create(
            case=case,
            by=request.user,
            on=today(),
            cooperation=data.get("cooperation", ""),
            appointments=data.get("appointments", ""),
        )
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The agreement has been drawn up. Print it for signing."))
    return _to_agreement(case)


@login_required
def case_agreement_edit(
    request: AuthenticatedRequest, case_id: int, agreement_id: int
) -> HttpResponse:
    case = case_for_request(request, case_id, write=True)
    agreement = _agreement_of(case, agreement_id)
    form = AgreementForm(
        request.POST or None,
        initial={
            "cooperation": agreement.cooperation,
            "appointments": agreement.appointments,
            "version": agreement.version,
        },
    )
    context = {
        "client": case.client,
        "active_tab": "case",
        "case": case,
        "form": form,
        "agreement": agreement,
    }
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_update(
                agreement=agreement,
                cooperation=form.cleaned_data["cooperation"],
                appointments=form.cleaned_data["appointments"],
                expected_version=form.cleaned_data["version"] or 0,
            )
        except DomainError as error:
            agreement.refresh_from_db()
            return form_page(
                request,
                "cases/agreement_form.html",
                context,
                error=error,
                current_version=agreement.version,
            )
        messages.success(request, _("The agreement has been saved."))
        return _to_agreement(case)
    return render(request, "cases/agreement_form.html", context)


@login_required
def case_agreement_pdf(
    request: AuthenticatedRequest, case_id: int, agreement_id: int
) -> HttpResponse:
    """The agreement as PDF in the client's document language beside German (?language=xx)."""
    case = case_for_request(request, case_id)
    agreement = _agreement_of(case, agreement_id)
    language = request.GET.get("language") or case.client.document_language
    if language not in DOCUMENT_LANGUAGE_CODES:
        language = case.client.document_language
    agreement.case = case
    pdf = agreement_pdf(agreement, language=language)
    log_action(
        action="case.agreement_printed",
        obj=case,
        data={"agreement": agreement.number, "language": language},
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = (
        f"integrationsvereinbarung-{case.client.file_number}-{agreement.number}-{language}.pdf"
    )
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_POST
@login_required
def case_agreement_sign(
    request: AuthenticatedRequest, case_id: int, agreement_id: int
) -> HttpResponse:
    case = case_for_request(request, case_id, write=True)
    agreement = _agreement_of(case, agreement_id)
    form = SignForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please enter the date of signing as DD.MM.YYYY."))
        return _to_agreement(case)
    try:
        services.agreement_sign(
            agreement=agreement,
            signed_on=form.cleaned_data["signed_on"],
            by=request.user,
            expected_version=form.cleaned_data["version"] or 0,
        )
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The signing has been recorded."))
    return _to_agreement(case)
