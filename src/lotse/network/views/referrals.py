"""Referrals in the client file (tab "Vermittlungen"), the letter, and overdue outcomes."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from lotse.accounts.roles import CLIENT_ROLES
from lotse.accounts.typing import AuthenticatedRequest
from lotse.audit.services import log_action
from lotse.audit.services.reads import log_list_read
from lotse.clients.models import Client
from lotse.clients.selectors import client_for_request, consent_current
from lotse.clients.services import sharing_partner_ids
from lotse.common.access import role_required
from lotse.common.errors import DomainError
from lotse.common.query import query_page
from lotse.common.views.conflicts import save_keeping_entries
from lotse.common.views.paging import page_size

from .. import selectors, services
from ..choices import ReferralDirection
from ..forms import IncomingReferralForm, OutcomeForm, ReferralForm
from ..letters import letter_context, referral_letter_pdf
from ..models import Partner, Referral


def _can_edit(request: AuthenticatedRequest, client: Client) -> bool:
    return Client.objects.writable_by(request.user).filter(pk=client.pk).exists()


def _sharing_partners(client: Client, partners: QuerySet[Partner]) -> list[Partner]:
    allowed = sharing_partner_ids(client)
    return [p for p in partners if p.pk in allowed]


@login_required
def referral_list(request: AuthenticatedRequest, client_id: int) -> HttpResponse:
    client = client_for_request(request, client_id)
    consent = consent_current(client)
    referrals = Referral.objects.filter(client=client).select_related("partner")
    partners = selectors.partners_for_client(client).order_by("name")
    return render(
        request,
        "network/referral_list.html",
        {
            "client": client,
            "active_tab": "referrals",
            "referrals": referrals,
            "consent": consent,
            "sharing_partners": _sharing_partners(client, partners),
            "can_edit": _can_edit(request, client),
            "today": timezone.localdate(),
            "document_languages": settings.DOCUMENT_LANGUAGES,
        },
    )


@login_required
def referral_create(request: AuthenticatedRequest, client_id: int) -> HttpResponse:
    client = client_for_request(request, client_id, write=True)
    partners = selectors.partners_for_client(client).order_by("name")
    form = ReferralForm(request.POST or None, partners=partners)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.referral_create(
                client=client,
                partner=data["partner"],
                created_by=request.user,
                direction=ReferralDirection.OUTGOING,
                purpose=data["purpose"],
                referred_on=data["referred_on"],
                expected_feedback_on=data["expected_feedback_on"],
                data_items=data["data_items"],
                without_personal_data=data["without_personal_data"],
            )
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("The referral has been recorded."))
            return redirect("referral_list", client_id=client.pk)
    consent = consent_current(client)
    return render(
        request,
        "network/referral_form.html",
        {
            "client": client,
            "active_tab": "referrals",
            "form": form,
            "consent": consent,
            "sharing_partners": _sharing_partners(client, partners),
        },
    )


@login_required
def referral_incoming(request: AuthenticatedRequest, client_id: int) -> HttpResponse:
    client = client_for_request(request, client_id, write=True)
    partners = selectors.partners_for_client(client).order_by("name")
    form = IncomingReferralForm(request.POST or None, partners=partners)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.referral_create(
                client=client,
                partner=data["partner"],
                created_by=request.user,
                direction=ReferralDirection.INCOMING,
                purpose=data["purpose"],
                referred_on=data["referred_on"],
            )
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("The referral has been recorded."))
            return redirect("referral_list", client_id=client.pk)
    return render(
        request,
        "network/referral_form.html",
        {"client": client, "active_tab": "referrals", "form": form, "incoming": True},
    )


@login_required
def referral_outcome(
    request: AuthenticatedRequest, client_id: int, referral_id: int
) -> HttpResponse:
    client = client_for_request(request, client_id, write=True)
    referral = selectors.referral_of_client(client, referral_id)
    initial = {
        "version": referral.version,
        "outcome": referral.outcome,
        "outcome_on": referral.outcome_on or timezone.localdate(),
        "note": referral.outcome_note,
    }
    form = OutcomeForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        attempt = save_keeping_entries(
            form,
            lambda: services.referral_record_outcome(
                referral=referral,
                expected_version=data["version"] or 0,
                outcome=data["outcome"],
                outcome_on=data["outcome_on"],
                note=data["note"],
            ),
            record=referral,
        )
        if attempt.saved:
            messages.success(request, _("The outcome has been saved."))
            return redirect("referral_list", client_id=client.pk)
        status = attempt.status
    return render(
        request,
        "network/referral_outcome.html",
        {"client": client, "active_tab": "referrals", "referral": referral, "form": form},
        status=status,
    )


@login_required
def referral_letter(
    request: AuthenticatedRequest, client_id: int, referral_id: int
) -> HttpResponse:
    """The letter for the client, in their document language (``?language=`` per print)."""
    client = client_for_request(request, client_id)
    referral = selectors.referral_of_client(client, referral_id)
    if not referral.is_outgoing:
        raise Http404
    languages = {code for code, _name in settings.DOCUMENT_LANGUAGES}
    language = request.GET.get("language", "")
    if language not in languages:
        language = client.document_language if client.document_language in languages else "de"
    context = letter_context(
        referral=referral,
        client=client,
        counsellor_name=request.user.full_name,
        on=timezone.localdate(),
    )
    pdf = referral_letter_pdf(context=context, language=language)
    log_action(action="referral.letter_printed", obj=referral, data={"language": language})
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="referral-{client.file_number}-{referral.pk}-{language}.pdf"'
    )
    return response


@role_required(*CLIENT_ROLES)
def referral_overdue(request: AuthenticatedRequest) -> HttpResponse:
    referrals = selectors.overdue_referrals(request.user, timezone.localdate())
    page = Paginator(referrals, page_size(request)).get_page(query_page(request))
    log_list_read(request, clients=[referral.client_id for referral in page])
    return render(request, "network/referral_overdue.html", {"page": page})
