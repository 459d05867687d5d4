"""Counselling contacts in the client file, the follow-up action and the timeline tab."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lotse.accounts.typing import AuthenticatedRequest
from lotse.common.errors import ConflictError, DomainError
from lotse.common.query import query_choice, query_id, query_page, safe_next
from lotse.common.views.conflicts import rebased_on

from ..forms.contacts import ContactCreateForm, ContactEditForm, ContactEntryForm
from ..models import Client, CounsellingContact
from ..selectors import client_for_request
from ..selectors import contacts as selectors_contacts
from ..selectors.contacts import contact_row, contacts_of, follow_up_state
from ..services.contacts import contact_create, contact_update, follow_up_mark_done

PER_PAGE_CHOICES = (25, 50, 100)
TIMELINE_PER_PAGE = 50


def _can_write(request: AuthenticatedRequest, client: Client) -> bool:
    return Client.objects.writable_by(request.user).filter(pk=client.pk).exists()


def _per_page(request: AuthenticatedRequest) -> int:
    return query_choice(request, "per_page", PER_PAGE_CHOICES)


def _page_of(contacts: Any, contact_id: int | None, per_page: int) -> int | None:
    """The page on which a contact linked from elsewhere (?contact=id) appears."""
    if contact_id is None:
        return None
    target = contacts.filter(pk=contact_id).first()
    if target is None:
        return None
    newer = contacts.filter(
        Q(date__gt=target.date)
        | Q(date=target.date, created_at__gt=target.created_at)
        | Q(date=target.date, created_at=target.created_at, pk__gt=target.pk)
    ).count()
    return newer // per_page + 1


def _area_context(
    request: AuthenticatedRequest,
    client: Client,
    *,
    form: ContactEntryForm | None,
    can_write: bool,
    saved: CounsellingContact | None = None,
) -> dict[str, Any]:
    today = timezone.localdate()
    contacts = contacts_of(client)
    per_page = _per_page(request)
    number = query_page(request) or _page_of(contacts, query_id(request, "contact"), per_page)
    page = Paginator(contacts, per_page).get_page(number)
    return {
        "client": client,
        "active_tab": "contacts",
        "form": form,
        "can_write": can_write,
        "page": page,
        "rows": [contact_row(contact, today) for contact in page],
        "per_page": per_page,
        "per_page_choices": PER_PAGE_CHOICES,
        "saved": saved,
        "today": today,
    }


@login_required
@require_GET
def client_contacts(request: AuthenticatedRequest, client_id: int) -> HttpResponse:
    client = client_for_request(request, client_id)
    can_write = _can_write(request, client)
    form = ContactCreateForm() if can_write else None
    context = _area_context(request, client, form=form, can_write=can_write)
    template = (
        "clients/contacts/fragments/contacts_area.html"
        if request.htmx
        else "clients/contacts/contact_list.html"
    )
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def client_contact_create(request: AuthenticatedRequest, client_id: int) -> HttpResponse:
    """The inline form posts here (HTMX: the area re-renders); without JS it redirects."""
    client = client_for_request(request, client_id, write=True)
    form = ContactCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            contact = contact_create(
                client=client,
                counsellor=request.user,
                date=data["date"],
                duration_minutes=data["duration_minutes"],
                form=data["form"],
                kind=data["kind"],
                language=data["language"],
                interpreter=data["interpreter"],
                topics=data["topics"],
                notes=data["notes"],
                next_steps=data["next_steps"],
                follow_up_on=data["follow_up_on"],
            )
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            if request.htmx:
                context = _area_context(
                    request, client, form=ContactCreateForm(), can_write=True, saved=contact
                )
                return render(request, "clients/contacts/fragments/contacts_area.html", context)
            messages.success(request, _("The contact has been saved."))
            return redirect(_contact_url(client, contact))
    if request.htmx:
        context = _area_context(request, client, form=form, can_write=True)
        return render(request, "clients/contacts/fragments/contacts_area.html", context)
    return render(
        request,
        "clients/contacts/contact_form.html",
        {"client": client, "active_tab": "contacts", "form": form, "creating": True},
    )


def _contact_url(client: Client, contact: CounsellingContact) -> str:
    base = reverse("client_contacts", args=[client.pk])
    return f"{base}?contact={contact.pk}#contact-{contact.pk}"


@login_required
@require_http_methods(["GET", "POST"])
def client_contact_edit(
    request: AuthenticatedRequest, client_id: int, contact_id: int
) -> HttpResponse:
    client = client_for_request(request, client_id, write=True)
    contact = get_object_or_404(client.contacts.all(), pk=contact_id)
    form = ContactEditForm(
        request.POST or None,
        initial=ContactEditForm.initial_for(contact),
        stored_language=contact.language,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            contact_update(
                contact=contact,
                expected_version=data["version"],
                date=data["date"],
                duration_minutes=data["duration_minutes"],
                form=data["form"],
                kind=data["kind"],
                language=data["language"],
                interpreter=data["interpreter"],
                topics=data["topics"],
                notes=data["notes"],
                next_steps=data["next_steps"],
                follow_up_on=data["follow_up_on"],
                follow_up_done=data["follow_up_done"],
            )
        except ConflictError as error:
            saved = contacts_of(client).get(pk=contact.pk)
            # The typed values stay, now based on the saved version: saving again is a
            # deliberate choice made with both versions in view.
            return render(
                request,
                "clients/contacts/contact_conflict.html",
                {
                    "client": client,
                    "active_tab": "contacts",
                    "contact": saved,
                    "row": contact_row(saved, timezone.localdate()),
                    "form": ContactEditForm(
                        rebased_on(request.POST, saved.version), stored_language=saved.language
                    ),
                    "message": error.message,
                },
                status=409,
            )
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect(_contact_url(client, contact))
    return render(
        request,
        "clients/contacts/contact_form.html",
        {"client": client, "active_tab": "contacts", "form": form, "contact": contact},
    )


@login_required
@require_POST
def client_contact_follow_up_done(
    request: AuthenticatedRequest, client_id: int, contact_id: int
) -> HttpResponse:
    """Tick off a follow-up. HTMX swaps just the row (contact list or dashboard panel)."""
    client = client_for_request(request, client_id, write=True)
    contact = get_object_or_404(client.contacts.all(), pk=contact_id)
    error = None
    try:
        contact = follow_up_mark_done(contact=contact)
    except DomainError as refused:
        error = str(refused.message)
    today = timezone.localdate()
    if request.htmx:
        if request.POST.get("source") == "dashboard":
            item = {
                "contact": contact,
                "client": client,
                "state": follow_up_state(contact, today),
                "can_write": True,
            }
            return render(
                request,
                "clients/panels/follow_up_row.html",
                {"item": item, "error": error, "today": today},
            )
        return render(
            request,
            "clients/contacts/fragments/contact_row.html",
            {
                "row": contact_row(contacts_of(client).get(pk=contact.pk), today),
                "client": client,
                "can_write": True,
                "error": error,
            },
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("The follow-up has been marked as done."))
    return redirect(safe_next(request, _contact_url(client, contact)))


@login_required
@require_GET
def client_timeline(request: AuthenticatedRequest, client_id: int) -> HttpResponse:
    client = client_for_request(request, client_id)
    entries = selectors_contacts.client_timeline(client, request.user)
    page = Paginator(entries, TIMELINE_PER_PAGE).get_page(query_page(request))
    return render(
        request,
        "clients/timeline/timeline.html",
        {"client": client, "active_tab": "timeline", "page": page},
    )
