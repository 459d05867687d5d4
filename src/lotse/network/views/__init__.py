"""Partner directory, contact persons and cooperation agreements (§D7)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lotse.accounts.typing import AuthenticatedRequest
from lotse.common.errors import DomainError
from lotse.common.query import query_page
from lotse.common.views.conflicts import save_keeping_entries
from lotse.common.views.paging import page_size

from .. import selectors, services, uploads
from ..access import can_write_network, network_centres, network_required
from ..forms import AgreementForm, ContactPersonForm, PartnerFilterForm, PartnerForm
from ..models import ContactPerson, CooperationAgreement, Partner


@network_required()
def partner_list(request: AuthenticatedRequest) -> HttpResponse:
    form = PartnerFilterForm(request.GET or None)
    today = timezone.localdate()
    current = Q(agreements__valid_from__lte=today) & (
        Q(agreements__valid_until__isnull=True) | Q(agreements__valid_until__gte=today)
    )
    partners = (
        Partner.objects.visible_to(request.user)
        .select_related("centre")
        .annotate(current_agreements=Count("agreements", filter=current, distinct=True))
        .order_by("-active", "name")
    )
    if form.is_valid():
        if form.cleaned_data["q"]:
            partners = partners.filter(name__icontains=form.cleaned_data["q"])
        if form.cleaned_data["category"]:
            partners = partners.filter(category=form.cleaned_data["category"])
    page = Paginator(partners, page_size(request)).get_page(query_page(request))
    template = (
        "network/fragments/partner_rows.html" if request.htmx else "network/partner_list.html"
    )
    return render(
        request,
        template,
        {"form": form, "page": page, "can_write": can_write_network(request.user)},
    )


@network_required(write=True)
def partner_create(request: AuthenticatedRequest) -> HttpResponse:
    centres = network_centres(request.user, write=True).order_by("name")
    form = PartnerForm(request.POST or None, centres=centres)
    if request.method == "POST" and form.is_valid():
        try:
            partner = services.partner_create(
                centre=form.cleaned_data["centre"], data=form.cleaned_data
            )
        except DomainError as error:
            form.add_error("name", str(error.message))
        else:
            messages.success(request, _("The partner has been saved."))
            return redirect("network_partner_detail", partner_id=partner.pk)
    return render(request, "network/partner_form.html", {"form": form, "creating": True})


@network_required()
def partner_detail(request: AuthenticatedRequest, partner_id: int) -> HttpResponse:
    partner = selectors.partner_for_request(request, partner_id)
    can_write = Partner.objects.writable_by(request.user).filter(pk=partner.pk).exists()
    return render(
        request,
        "network/partner_detail.html",
        {
            "partner": partner,
            "can_write": can_write,
            "contacts": partner.contacts.all(),
            "contact_form": ContactPersonForm(),
            "agreements": partner.agreements.all(),
            "courses": partner.courses.order_by("-start_on")[:10],  # type: ignore[attr-defined]
            "today": timezone.localdate(),
        },
    )


@network_required(write=True)
def partner_edit(request: AuthenticatedRequest, partner_id: int) -> HttpResponse:
    partner = selectors.partner_for_request(request, partner_id, write=True)
    form = PartnerForm(request.POST or None, instance=partner, initial={"version": partner.version})
    status = 200
    if request.method == "POST" and form.is_valid():
        attempt = save_keeping_entries(
            form,
            lambda: services.partner_update(
                partner=partner,
                expected_version=form.cleaned_data["version"] or 0,
                data=form.cleaned_data,
            ),
            record=partner,
            error_field="name",
        )
        if attempt.saved:
            messages.success(request, _("The changes have been saved."))
            return redirect("network_partner_detail", partner_id=partner.pk)
        status = attempt.status
    return render(
        request, "network/partner_form.html", {"form": form, "partner": partner}, status=status
    )


def _contacts_response(
    request: AuthenticatedRequest, partner: Partner, form: ContactPersonForm
) -> HttpResponse:
    if not request.htmx:
        return redirect("network_partner_detail", partner_id=partner.pk)
    return render(
        request,
        "network/fragments/contacts.html",
        {
            "partner": partner,
            "contacts": partner.contacts.all(),
            "contact_form": form,
            "can_write": True,
        },
    )


@require_POST
@network_required(write=True)
def partner_contact_add(request: AuthenticatedRequest, partner_id: int) -> HttpResponse:
    partner = selectors.partner_for_request(request, partner_id, write=True)
    form = ContactPersonForm(request.POST)
    if form.is_valid():
        services.contact_person_add(partner=partner, data=form.cleaned_data)
        form = ContactPersonForm()
        if not request.htmx:
            messages.success(request, _("The contact person has been added."))
    elif not request.htmx:
        messages.error(request, _("Please enter at least the name of the contact person."))
    return _contacts_response(request, partner, form)


@require_POST
@network_required(write=True)
def partner_contact_delete(request: AuthenticatedRequest, contact_id: int) -> HttpResponse:
    contact = get_object_or_404(
        ContactPerson.objects.filter(partner__in=Partner.objects.writable_by(request.user)),
        pk=contact_id,
    )
    partner = contact.partner
    services.contact_person_remove(contact=contact)
    return _contacts_response(request, partner, ContactPersonForm())


# --- cooperation agreements ----------------------------------------------------------------


@network_required()
def agreement_list(request: AuthenticatedRequest) -> HttpResponse:
    agreements = (
        CooperationAgreement.objects.filter(partner__in=Partner.objects.visible_to(request.user))
        .select_related("partner")
        .order_by("partner__name", "-valid_from")
    )
    page = Paginator(agreements, page_size(request)).get_page(query_page(request))
    return render(
        request,
        "network/agreement_list.html",
        {"page": page, "today": timezone.localdate()},
    )


def _agreement_form_page(
    request: AuthenticatedRequest,
    partner: Partner,
    agreement: CooperationAgreement | None,
) -> HttpResponse:
    initial = {"version": agreement.version} if agreement else {}
    form = AgreementForm(
        request.POST or None, request.FILES or None, instance=agreement, initial=initial
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        document = form.cleaned_data.get("document") or None
        attempt = save_keeping_entries(
            form,
            lambda: (
                services.agreement_create(
                    partner=partner, data=form.cleaned_data, document=document
                )
                if agreement is None
                else services.agreement_update(
                    agreement=agreement,
                    expected_version=form.cleaned_data["version"] or 0,
                    data=form.cleaned_data,
                    document=document,
                )
            ),
            record=agreement,
        )
        if attempt.saved:
            messages.success(request, _("The cooperation agreement has been saved."))
            return redirect("network_partner_detail", partner_id=partner.pk)
        status = attempt.status
    return render(
        request,
        "network/agreement_form.html",
        {"form": form, "partner": partner, "agreement": agreement},
        status=status,
    )


@network_required(write=True)
def agreement_create(request: AuthenticatedRequest, partner_id: int) -> HttpResponse:
    partner = selectors.partner_for_request(request, partner_id, write=True)
    return _agreement_form_page(request, partner, None)


@network_required(write=True)
def agreement_edit(request: AuthenticatedRequest, agreement_id: int) -> HttpResponse:
    agreement = selectors.agreement_for_request(request, agreement_id, write=True)
    return _agreement_form_page(request, agreement.partner, agreement)


@network_required()
def agreement_document(request: AuthenticatedRequest, agreement_id: int) -> HttpResponse:
    """The signed document, only for staff of the partner's centre."""
    agreement = selectors.agreement_for_request(request, agreement_id)
    if not agreement.document_file:
        raise Http404
    try:
        data = uploads.stored_path(agreement.document_file).read_bytes()
    except FileNotFoundError as error:
        raise Http404 from error
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=agreement.document_name or "agreement.pdf"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response
