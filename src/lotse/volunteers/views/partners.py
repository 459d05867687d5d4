"""Partners: lightweight records, referrals from a client file, ranked suggestions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lotse.accounts.models import Membership
from lotse.accounts.roles import Role
from lotse.accounts.typing import AuthenticatedRequest
from lotse.audit.services.reads import log_list_read
from lotse.clients.selectors import client_for_request
from lotse.common.errors import ConflictError, DomainError
from lotse.common.query import query_page
from lotse.common.views.conflicts import rebased_on
from lotse.organisation.models import Team

from .. import services
from ..forms import ConfirmForm, ProfileForm, ReferForm, TandemPartnerForm
from ..matching_text import component_rows
from ..models import District, Partnership, TandemPartner, Volunteer
from ..selectors.suggestions import suggestions_for
from ..selectors.volunteers import managed_partner
from ..shown import partner_people
from ..states import OPEN_PARTNERSHIP_STATES, PartnershipStatus
from .common import districts_of, manager_required, report_form_errors, teams_of


@manager_required
def partner_list(request: AuthenticatedRequest) -> HttpResponse:
    partners = list(
        TandemPartner.objects.managed_by(request.user)
        .select_related("district")
        .order_by("-created_at")
    )
    # The open partnership's status, else the latest one's (ended), else waiting.
    latest: dict[int, str] = {}
    for partner_id, status in (
        Partnership.objects.filter(partner__in=partners)
        .order_by("proposed_on", "pk")
        .values_list("partner_id", "status")
    ):
        if latest.get(partner_id) not in OPEN_PARTNERSHIP_STATES:
            latest[partner_id] = status
    labels = dict(PartnershipStatus.choices)
    rows = [
        (p, labels.get(latest.get(p.pk, ""), ""), latest.get(p.pk) in OPEN_PARTNERSHIP_STATES)
        for p in partners
    ]
    page = Paginator(rows, 25).get_page(query_page(request))
    log_list_read(request, **partner_people(row[0] for row in page))
    return render(request, "volunteers/partner_list.html", {"page": page})


@manager_required
def partner_create(request: AuthenticatedRequest) -> HttpResponse:
    form = TandemPartnerForm(
        request.POST or None, districts=districts_of(request), teams=teams_of(request)
    )
    profile = ProfileForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and profile.is_valid():
        try:
            partner = services.partner_create(
                team=form.cleaned_data["team"],
                values={**form.values(), **profile.profile_values()},
                languages=profile.languages(),
                created_by=request.user,
            )
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("The partner has been recorded."))
            return redirect("partner_detail", partner_id=partner.pk)
    return render(
        request,
        "volunteers/partner_form.html",
        {"form": form, "profile": profile, "creating": True},
    )


@manager_required
def partner_detail(request: AuthenticatedRequest, partner_id: int) -> HttpResponse:
    partner = managed_partner(request, partner_id)
    partnerships = list(partner.partnerships.select_related("volunteer").order_by("-proposed_on"))  # type: ignore[attr-defined]
    # The partner (and their client file, if referred) and the volunteers of their tandems.
    log_list_read(
        request,
        **partner_people([partner]),
        volunteers=[p.volunteer_id for p in partnerships],
    )
    return render(
        request,
        "volunteers/partner_detail.html",
        {
            "partner": partner,
            "languages": partner.languages.all(),  # type: ignore[attr-defined]
            "partnerships": partnerships,
            "has_open": any(p.is_open for p in partnerships),
        },
    )


@manager_required
def partner_edit(request: AuthenticatedRequest, partner_id: int) -> HttpResponse:
    partner = managed_partner(request, partner_id)
    initial = {name: getattr(partner, name) for name in TandemPartnerForm.Meta.fields}
    initial.update(version=partner.version, consent_withdrawn_on=partner.consent_withdrawn_on)
    districts = District.objects.filter(centre_id=partner.team.service.centre_id)
    form = TandemPartnerForm(
        request.POST or None, initial=initial, districts=districts, editing=True
    )
    profile = ProfileForm(
        request.POST or None,
        languages={row.language: row.level for row in partner.languages.all()},  # type: ignore[attr-defined]
        initial={"slots": partner.slots, "interests": partner.interests},
    )
    status = 200
    if request.method == "POST" and form.is_valid() and profile.is_valid():
        try:
            services.partner_update(
                partner=partner,
                expected_version=form.cleaned_data["version"] or 0,
                values={**form.values(), **profile.profile_values()},
                languages=profile.languages(),
            )
        except ConflictError as error:
            partner.refresh_from_db()
            form = TandemPartnerForm(
                rebased_on(request.POST, partner.version),
                initial=initial,
                districts=districts,
                editing=True,
            )
            form.add_error(None, str(error.message))
            status = 409
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect("partner_detail", partner_id=partner.pk)
    return render(
        request,
        "volunteers/partner_form.html",
        {"form": form, "profile": profile, "partner": partner},
        status=status,
    )


def _programme_teams(centre_id: int) -> list[Team]:
    """Teams of the centre in which someone coordinates volunteers."""
    return list(
        Team.objects.filter(
            service__centre_id=centre_id,
            pk__in=Membership.objects.filter(role=Role.VOLUNTEER_COORDINATOR).values("team_id"),
        )
    )


@login_required
def partner_refer(request: AuthenticatedRequest, client_id: int) -> HttpResponse:
    """A counsellor refers a client: only what matching needs leaves the file."""
    client = client_for_request(request, client_id, write=True)
    centre_id = client.team.service.centre_id
    teams = Team.objects.filter(pk__in=[t.pk for t in _programme_teams(centre_id)])
    districts = District.objects.filter(centre_id=centre_id)
    initial = {"first_name": client.first_name, "gender": client.gender}
    form = ReferForm(request.POST or None, initial=initial, districts=districts, teams=teams)
    languages = {row.language: row.level for row in client.languages.all()}  # type: ignore[attr-defined]
    profile = ProfileForm(request.POST or None, languages=languages)
    if request.method == "POST" and form.is_valid() and profile.is_valid():
        try:
            services.partner_refer(
                client=client,
                team=form.cleaned_data["team"],
                values={**form.values(), **profile.profile_values()},
                languages=profile.languages(),
                referred_by=request.user,
            )
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(
                request, _("The client has been referred to the volunteer coordination.")
            )
            return redirect("partnership_client_tab", client_id=client.pk)
    return render(
        request,
        "volunteers/partner_refer.html",
        {
            "client": client,
            "form": form,
            "profile": profile,
            "active_tab": "partnership",
            "no_team": not teams,
        },
    )


@login_required
def partnership_client_tab(request: AuthenticatedRequest, client_id: int) -> HttpResponse:
    """The client file's tab: the referral and the volunteer paired with the client."""
    client = client_for_request(request, client_id)
    partners = TandemPartner.objects.of_client(client).select_related("team")
    partnerships = list(
        Partnership.objects.filter(partner__in=partners)
        .select_related("volunteer", "partner")
        .order_by("-proposed_on")
    )
    log_list_read(request, volunteers=[p.volunteer_id for p in partnerships])
    return render(
        request,
        "volunteers/client_tab.html",
        {
            "client": client,
            "active_tab": "partnership",
            "partners": partners,
            "partnerships": partnerships,
            "can_refer": not any(p.has_consent for p in partners),
        },
    )


@manager_required
def matching_suggestions(request: AuthenticatedRequest, partner_id: int) -> HttpResponse:
    partner = managed_partner(request, partner_id)
    suggestions = suggestions_for(partner, limit=10)
    rows = [
        {
            "rank": rank,
            "volunteer": s.volunteer,
            "match": s.match,
            "components": component_rows(s.match.components),
        }
        for rank, s in enumerate(suggestions, start=1)
    ]
    open_partnership = Partnership.objects.open().filter(partner=partner).first()
    log_list_read(request, volunteers=[s.volunteer.pk for s in suggestions])
    return render(
        request,
        "volunteers/suggestions.html",
        {"partner": partner, "rows": rows, "open_partnership": open_partnership},
    )


@manager_required
@require_POST
def matching_confirm(request: AuthenticatedRequest, partner_id: int) -> HttpResponse:
    partner = managed_partner(request, partner_id)
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        report_form_errors(request, form)
        return redirect("matching_suggestions", partner_id=partner.pk)
    volunteer = (
        Volunteer.objects.managed_by(request.user).filter(pk=form.cleaned_data["volunteer"]).first()
    )
    if volunteer is None:
        messages.error(request, _("This volunteer cannot be chosen."))
        return redirect("matching_suggestions", partner_id=partner.pk)
    try:
        partnership = services.partnership_propose(
            partner=partner, volunteer=volunteer, confirmed_by=request.user
        )
    except DomainError as error:
        messages.error(request, str(error.message))
        return redirect("matching_suggestions", partner_id=partner.pk)
    messages.success(request, _("The partnership has been proposed to both."))
    return redirect("partnership_detail", partnership_id=partnership.pk)
