"""Group exchange evenings (§D10) and JMD group offers (§D11)."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, QuerySet, Sum
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lotse.accounts.typing import AuthenticatedRequest
from lotse.audit.services.reads import log_list_read
from lotse.clients.models import Client
from lotse.common.access import role_required
from lotse.common.errors import DomainError
from lotse.organisation.models import NO_CLIENT_SERVICES, Team

from .. import services
from ..access import GROUP_ROLES, team_ids_for
from ..forms import AttendanceForm, EveningForm, OfferDateForm, OfferForm, ParticipantForm
from ..models import GroupEvening, GroupOffer, Volunteer
from ..selectors.dashboard import next_evening
from ..selectors.volunteers import managed_evening
from ..states import VolunteerStatus
from .common import manager_required, report_form_errors, teams_of

jmd_required = role_required(*GROUP_ROLES)


@manager_required
def group_evening_list(request: AuthenticatedRequest) -> HttpResponse:
    today = timezone.localdate()
    evenings = (
        GroupEvening.objects.managed_by(request.user)
        .annotate(present=Count("attendances"))
        .order_by("-date")[:30]
    )
    upcoming, suggestion = next_evening(user=request.user, today=today)
    return render(
        request,
        "volunteers/evening_list.html",
        {"evenings": evenings, "upcoming": upcoming, "suggestion": suggestion, "today": today},
    )


@manager_required
def group_evening_create(request: AuthenticatedRequest) -> HttpResponse:
    _upcoming, suggestion = next_evening(user=request.user, today=timezone.localdate())
    initial = {"date": suggestion.suggested} if suggestion else {}
    form = EveningForm(request.POST or None, teams=teams_of(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        evening = services.evening_create(
            team=data["team"],
            date=data["date"],
            topic=data["topic"],
            location=data["location"],
            created_by=request.user,
        )
        messages.success(request, _("The group evening has been scheduled."))
        return redirect("group_evening_detail", evening_id=evening.pk)
    return render(request, "volunteers/evening_form.html", {"form": form, "suggestion": suggestion})


@manager_required
def group_evening_detail(request: AuthenticatedRequest, evening_id: int) -> HttpResponse:
    evening = managed_evening(request, evening_id)
    candidates = Volunteer.objects.filter(team_id=evening.team_id).exclude(
        status__in=[VolunteerStatus.LEFT, VolunteerStatus.APPLICANT]
    )
    present = list(evening.attendances.values_list("volunteer_id", flat=True))  # type: ignore[attr-defined]
    form = AttendanceForm(
        request.POST or None, volunteers=candidates, initial={"volunteers": present}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.evening_attendance_set(
                evening=evening, volunteers=form.cleaned_data["volunteers"]
            )
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("The attendance has been saved."))
            return redirect("group_evening_detail", evening_id=evening.pk)
    # The attendance checkboxes name every volunteer of the team.
    log_list_read(request, volunteers=candidates.values_list("pk", flat=True))
    return render(request, "volunteers/evening_detail.html", {"evening": evening, "form": form})


def _group_teams(request: AuthenticatedRequest) -> QuerySet[Team]:
    return Team.objects.filter(pk__in=team_ids_for(request.user, GROUP_ROLES)).exclude(
        service__kind__in=NO_CLIENT_SERVICES
    )


def _offer(request: AuthenticatedRequest, offer_id: int) -> GroupOffer:
    offer = (
        GroupOffer.objects.visible_to(request.user)
        .select_related("team")
        .filter(pk=offer_id)
        .first()
    )
    if offer is None:
        raise Http404
    return offer


@jmd_required
def jmd_offer_list(request: AuthenticatedRequest) -> HttpResponse:
    offers = (
        GroupOffer.objects.visible_to(request.user)
        .select_related("team")
        .annotate(
            date_count=Count("dates", distinct=True),
            linked=Count("participants", distinct=True),
        )
    )
    totals = {
        o.pk: o.total
        for o in GroupOffer.objects.filter(pk__in=offers.values("pk")).annotate(
            total=Sum("dates__participants")
        )
    }
    return render(
        request,
        "volunteers/jmd_offer_list.html",
        {
            "offers": [(o, totals.get(o.pk) or 0) for o in offers],
            "in_jmd": _group_teams(request).exists(),
        },
    )


@jmd_required
def jmd_offer_create(request: AuthenticatedRequest) -> HttpResponse:
    teams = _group_teams(request)
    form = OfferForm(request.POST or None, teams=teams)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            offer = services.offer_create(
                team=data["team"],
                kind=data["kind"],
                title=data["title"],
                topics=data["topics"],
                description=data["description"],
                created_by=request.user,
            )
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("The group offer has been created."))
            return redirect("jmd_offer_detail", offer_id=offer.pk)
    return render(
        request,
        "volunteers/jmd_offer_form.html",
        {"form": form, "in_jmd": teams.exists()},
    )


def _clients_for(request: AuthenticatedRequest, offer: GroupOffer) -> QuerySet[Client]:
    return (
        Client.objects.visible_to(request.user)
        .filter(team_id=offer.team_id)
        .order_by("file_number")
    )


@jmd_required
def jmd_offer_detail(request: AuthenticatedRequest, offer_id: int) -> HttpResponse:
    offer = _offer(request, offer_id)
    visible = _clients_for(request, offer)
    participants = offer.participants.select_related("client")  # type: ignore[attr-defined]
    shown = list(participants.filter(client__in=visible))
    choices = visible.exclude(group_offers__offer=offer)
    # The form's client choices show names too (file number – name).
    log_list_read(
        request,
        clients=[p.client_id for p in shown] + list(choices.values_list("pk", flat=True)),
    )
    return render(
        request,
        "volunteers/jmd_offer_detail.html",
        {
            "offer": offer,
            "dates": offer.dates.all(),  # type: ignore[attr-defined]
            # Only people who can see a client see who takes part; others see the number.
            "participants": shown,
            "participant_count": participants.count(),
            "date_form": OfferDateForm(initial={"date": timezone.localdate()}),
            "participant_form": ParticipantForm(clients=choices),
            "can_link": visible.exists(),
        },
    )


@jmd_required
@require_POST
def jmd_offer_date_add(request: AuthenticatedRequest, offer_id: int) -> HttpResponse:
    offer = _offer(request, offer_id)
    form = OfferDateForm(request.POST)
    if form.is_valid():
        try:
            services.offer_date_add(offer=offer, **form.cleaned_data)
        except DomainError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("The date has been added."))
    else:
        report_form_errors(request, form)
    return redirect("jmd_offer_detail", offer_id=offer.pk)


@jmd_required
@require_POST
def jmd_offer_participant_add(request: AuthenticatedRequest, offer_id: int) -> HttpResponse:
    offer = _offer(request, offer_id)
    form = ParticipantForm(request.POST, clients=_clients_for(request, offer))
    if form.is_valid():
        try:
            services.offer_participant_add(
                offer=offer, client=form.cleaned_data["client"], added_by=request.user
            )
        except DomainError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("The client has been linked."))
    else:
        report_form_errors(request, form)
    return redirect("jmd_offer_detail", offer_id=offer.pk)
