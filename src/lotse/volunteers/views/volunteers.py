"""Volunteer pages: list, registration, profile, status, documents, districts."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lotse.accounts.typing import AuthenticatedRequest
from lotse.audit.services.reads import log_list_read
from lotse.clients.models import visible_client_q
from lotse.common.errors import ConflictError, DomainError
from lotse.common.query import query_page
from lotse.common.views.conflicts import rebased_on
from lotse.common.views.private_search import (
    recalled_search,
    search_terms,
    stash_search,
    with_search,
)

from .. import services
from ..forms import (
    DistrictForm,
    DocumentForm,
    ProfileForm,
    StatusForm,
    VolunteerFilterForm,
    VolunteerForm,
)
from ..models import Partnership, TrainingModule, Volunteer
from ..rules import is_young
from ..selectors.volunteers import (
    document_states,
    managed_volunteer,
    progress_of,
    volunteer_for_request,
    volunteer_rows,
)
from ..shown import partner_people
from ..states import OPEN_PARTNERSHIP_STATES
from .common import districts_of, manager_required, report_form_errors, teams_of

VOLUNTEER_SEARCH_FIELDS = ("q", "status", "language", "young")


@manager_required
@require_http_methods(["GET", "POST"])
def volunteer_list(request: AuthenticatedRequest) -> HttpResponse:
    """The filter is POSTed and shown at ``?search=<token>``: a name never sits in a URL."""
    if request.method == "POST":
        form = VolunteerFilterForm(request.POST)
        if form.is_valid():
            terms = search_terms(request.POST, VOLUNTEER_SEARCH_FIELDS)
            token = stash_search(request, "volunteers", terms) if terms else ""
            return redirect(with_search(reverse("volunteer_list"), token))
    else:
        _token, recalled = recalled_search(request, "volunteers")
        form = VolunteerFilterForm(recalled)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    rows = volunteer_rows(
        request.user,
        status=filters.get("status") or "",
        language=(filters.get("language") or "").strip().lower(),
        query=filters.get("q") or "",
        young_only=bool(filters.get("young")),
    )
    page = Paginator(rows, 25).get_page(query_page(request))
    log_list_read(request, volunteers=[row.volunteer.pk for row in page])
    return render(request, "volunteers/volunteer_list.html", {"form": form, "page": page})


def _profile_languages(volunteer: Volunteer) -> dict[str, str]:
    return {row.language: row.level for row in volunteer.languages.all()}  # type: ignore[attr-defined]


@manager_required
def volunteer_create(request: AuthenticatedRequest) -> HttpResponse:
    teams = teams_of(request)
    form = VolunteerForm(request.POST or None, teams=teams)
    profile = ProfileForm(request.POST or None, districts=districts_of(request))
    if request.method == "POST" and form.is_valid() and profile.is_valid():
        try:
            volunteer = services.volunteer_create(
                team=form.cleaned_data["team"],
                created_by=request.user,
                values={**form.values(), **profile.profile_values()},
                languages=profile.languages(),
                districts=profile.cleaned_data.get("districts") or [],
            )
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("The volunteer has been registered."))
            return redirect("volunteer_detail", volunteer_id=volunteer.pk)
    return render(
        request,
        "volunteers/volunteer_form.html",
        {"form": form, "profile": profile, "creating": True},
    )


@manager_required
def volunteer_edit(request: AuthenticatedRequest, volunteer_id: int) -> HttpResponse:
    volunteer = managed_volunteer(request, volunteer_id)
    initial = {name: getattr(volunteer, name) for name in VolunteerForm.Meta.fields}
    initial["version"] = volunteer.version
    form = VolunteerForm(request.POST or None, initial=initial)
    profile = ProfileForm(
        request.POST or None,
        districts=districts_of(request),
        languages=_profile_languages(volunteer),
        initial={
            "slots": volunteer.slots,
            "interests": volunteer.interests,
            "districts": list(volunteer.districts.all()),
        },
    )
    status = 200
    if request.method == "POST" and form.is_valid() and profile.is_valid():
        try:
            services.volunteer_update(
                volunteer=volunteer,
                expected_version=form.cleaned_data["version"] or 0,
                values={**form.values(), **profile.profile_values()},
                languages=profile.languages(),
                districts=profile.cleaned_data.get("districts") or [],
            )
        except ConflictError as error:
            volunteer.refresh_from_db()
            # Typed values stay; the form now builds on the saved version.
            form = VolunteerForm(rebased_on(request.POST, volunteer.version), initial=initial)
            form.add_error(None, str(error.message))
            status = 409
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect("volunteer_detail", volunteer_id=volunteer.pk)
    return render(
        request,
        "volunteers/volunteer_form.html",
        {"form": form, "profile": profile, "volunteer": volunteer},
        status=status,
    )


def _managed_detail(request: AuthenticatedRequest, volunteer: Volunteer) -> HttpResponse:
    today = timezone.localdate()
    partnerships = list(volunteer.partnerships.select_related("partner").order_by("-proposed_on"))  # type: ignore[attr-defined]
    log_list_read(request, **partner_people(p.partner for p in partnerships))
    progress = progress_of(volunteer)
    titles = {m.code: m.title for m in TrainingModule.objects.all()}
    return render(
        request,
        "volunteers/volunteer_detail.html",
        {
            "volunteer": volunteer,
            "young": is_young(volunteer.birth_year, today),
            "progress": progress,
            "progress_rows": [(titles.get(m.code, m.code), m) for m in progress.modules],
            "documents": document_states(volunteer, today),
            "document_history": volunteer.documents.all(),  # type: ignore[attr-defined]
            "partnerships": partnerships,
            "status_form": StatusForm(
                current=volunteer.status, initial={"version": volunteer.version, "on": today}
            ),
            "document_form": DocumentForm(),
        },
    )


@login_required
def volunteer_detail(request: AuthenticatedRequest, volunteer_id: int) -> HttpResponse:
    """Coordinators see the whole record; a counsellor only the pairing with their client."""
    volunteer = volunteer_for_request(request, volunteer_id)
    if Volunteer.objects.managed_by(request.user).filter(pk=volunteer.pk).exists():
        return _managed_detail(request, volunteer)

    pairings = Partnership.objects.filter(
        visible_client_q(request.user, via="partner__client"),
        volunteer=volunteer,
        status__in=OPEN_PARTNERSHIP_STATES,
    ).select_related("partner__client")
    return render(
        request,
        "volunteers/volunteer_paired.html",
        {"volunteer": volunteer, "pairings": pairings, "languages": volunteer.languages.all()},  # type: ignore[attr-defined]
    )


@manager_required
@require_POST
def volunteer_status(request: AuthenticatedRequest, volunteer_id: int) -> HttpResponse:
    volunteer = managed_volunteer(request, volunteer_id)
    form = StatusForm(request.POST, current=volunteer.status)
    if not form.is_valid():
        report_form_errors(request, form)
        return redirect("volunteer_detail", volunteer_id=volunteer.pk)
    try:
        services.volunteer_change_status(
            volunteer=volunteer,
            target=form.cleaned_data["target"],
            expected_version=form.cleaned_data["version"],
            on=form.cleaned_data["on"],
            reason=form.cleaned_data.get("reason") or "",
        )
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The status has been changed."))
    return redirect("volunteer_detail", volunteer_id=volunteer.pk)


@manager_required
def volunteer_document_add(request: AuthenticatedRequest, volunteer_id: int) -> HttpResponse:
    volunteer = managed_volunteer(request, volunteer_id)
    form = DocumentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.volunteer_document_add(
                volunteer=volunteer, seen_by=request.user, **form.cleaned_data
            )
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("The document has been recorded."))
            return redirect("volunteer_detail", volunteer_id=volunteer.pk)
    return render(request, "volunteers/document_form.html", {"form": form, "volunteer": volunteer})


@manager_required
def volunteer_districts(request: AuthenticatedRequest) -> HttpResponse:
    teams = list(teams_of(request))
    form = DistrictForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and teams:
        try:
            services.district_create(centre=teams[0].service.centre, name=form.cleaned_data["name"])
        except DomainError as error:
            form.add_error("name", str(error.message))
        else:
            messages.success(request, _("The district has been added."))
            return redirect("volunteer_districts")
    return render(
        request,
        "volunteers/districts.html",
        {"form": form, "districts": districts_of(request)},
    )
