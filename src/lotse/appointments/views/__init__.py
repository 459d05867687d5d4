"""Staff pages: calendar, requests from the public page, booking, letters, capacity, hours."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lotse.accounts.models import Membership, User
from lotse.accounts.roles import CLIENT_ROLES, Role
from lotse.accounts.typing import AuthenticatedRequest
from lotse.audit.services.reads import log_list_read
from lotse.clients.models import Client
from lotse.clients.selectors import client_for_request
from lotse.common.access import role_required
from lotse.common.errors import ConflictError, DomainError
from lotse.common.query import parse_int, query_week
from lotse.documents.rendering import DOCUMENT_LANGUAGES
from lotse.messaging.selectors import appointment_messages
from lotse.organisation.models import Centre

from .. import selectors, services
from ..capacity import has_free_place
from ..forms import AppointmentStatusForm, BookingForm, OfficeHoursForm, RequestStatusForm
from ..letters import appointments_ics, letter_pdf
from ..models import Appointment, AppointmentRequest, AppointmentStatus, RequestStatus

OFFICE_HOURS_EDITORS = (Role.TEAM_LEAD, Role.ADMINISTRATOR)
ICS_PAST_DAYS = 30
ICS_FUTURE_DAYS = 120


# --- calendar ------------------------------------------------------------------------------


@role_required(*CLIENT_ROLES)
def appointment_list(request: AuthenticatedRequest) -> HttpResponse:
    today = timezone.localdate()
    week = query_week(request, "week", default=today)
    only_mine = request.GET.get("all") != "1"
    start, _end = selectors.day_bounds(week)
    end = start + timedelta(days=7)
    appointments = selectors.appointments_between(
        request.user, start, end, counsellor=request.user if only_mine else None
    )
    days: list[dict[str, Any]] = [{"day": week + timedelta(days=n), "items": []} for n in range(7)]
    for appointment in appointments:
        local = appointment.starts_at.astimezone(selectors.local_tz()).date()
        days[(local - week).days]["items"].append(appointment)
    shown = [a for day in days for a in day["items"]]
    log_list_read(
        request,
        clients=[a.client_id for a in shown],
        appointment_requests=[a.request_id for a in shown if a.client_id is None],
    )
    return render(
        request,
        "appointments/appointment_list.html",
        {
            "days": [d for d in days if d["items"] or d["day"].weekday() < 5],
            "week": week,
            "previous_week": week - timedelta(days=7),
            "next_week": week + timedelta(days=7),
            "today": today,
            "only_mine": only_mine,
            "new_requests": selectors.new_request_count(request.user),
        },
    )


@role_required(*CLIENT_ROLES)
def appointment_calendar_ics(request: AuthenticatedRequest) -> HttpResponse:
    """The counsellor's own appointments (30 days back, 120 ahead) as one iCalendar file."""
    now = timezone.now()
    rows = list(
        selectors.appointments_between(
            request.user,
            now - timedelta(days=ICS_PAST_DAYS),
            now + timedelta(days=ICS_FUTURE_DAYS),
            counsellor=request.user,
        )
    )
    log_list_read(
        request,
        clients=[a.client_id for a in rows],
        appointment_requests=[a.request_id for a in rows if a.client_id is None],
    )
    body = appointments_ics(
        [(a, _absolute(request, a)) for a in rows], now=now, name=_("Lotse appointments")
    )
    return _ics_response(body, "lotse-appointments.ics")


def _absolute(request: AuthenticatedRequest, appointment: Appointment) -> str:
    return request.build_absolute_uri(
        reverse("appointment_detail", kwargs={"appointment_id": appointment.pk})
    )


def _ics_response(body: str, filename: str) -> HttpResponse:
    response = HttpResponse(body.encode("utf-8"), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def appointment_detail(request: AuthenticatedRequest, appointment_id: int) -> HttpResponse:
    appointment = selectors.appointment_for_request(request, appointment_id)
    can_write = Appointment.objects.writable_by(request.user).filter(pk=appointment.pk).exists()
    return render(
        request,
        "appointments/appointment_detail.html",
        {
            "appointment": appointment,
            "can_write": can_write,
            "status_form": AppointmentStatusForm(
                initial={"status": appointment.status, "version": appointment.version}
            ),
            "languages": _document_languages(),
            "is_due": appointment.starts_at <= timezone.now(),
            "appointment_messages": (
                list(appointment_messages(appointment)) if appointment.client_id else None
            ),
        },
    )


def _document_languages() -> list[tuple[str, str]]:
    from django.conf import settings

    return [(code, str(name)) for code, name in settings.DOCUMENT_LANGUAGES]


@login_required
@require_POST
def appointment_status(request: AuthenticatedRequest, appointment_id: int) -> HttpResponse:
    appointment = selectors.appointment_for_request(request, appointment_id, write=True)
    form = AppointmentStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please choose what happened."))
    else:
        try:
            services.appointment_set_status(
                appointment=appointment,
                status=form.cleaned_data["status"],
                by=request.user,
                expected_version=form.cleaned_data["version"],
            )
        except DomainError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(
                request,
                _("Saved: %(status)s.")
                % {"status": AppointmentStatus(form.cleaned_data["status"]).label},
            )
    return redirect("appointment_detail", appointment_id=appointment.pk)


@login_required
def appointment_letter(request: AuthenticatedRequest, appointment_id: int) -> HttpResponse:
    appointment = selectors.appointment_for_request(request, appointment_id)
    language = request.GET.get("lang") or appointment.language
    if language not in DOCUMENT_LANGUAGES:
        raise Http404
    pdf = letter_pdf(appointment=appointment, language=language, on=timezone.localdate())
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="appointment-{appointment.pk}-{language}.pdf"'
    )
    return response


@login_required
def appointment_ics(request: AuthenticatedRequest, appointment_id: int) -> HttpResponse:
    appointment = selectors.appointment_for_request(request, appointment_id)
    body = appointments_ics([(appointment, _absolute(request, appointment))], now=timezone.now())
    return _ics_response(body, f"appointment-{appointment.pk}.ics")


# --- booking -------------------------------------------------------------------------------


def _booking(
    request: AuthenticatedRequest,
    *,
    centre: Centre,
    client: Client | None,
    public_request: AppointmentRequest | None,
    default_language: str,
) -> tuple[BookingForm, Appointment | None]:
    counsellors = selectors.counsellors_of_centre(centre)
    wanted = parse_int(request.POST.get("counsellor") or request.GET.get("counsellor"))
    counsellor = (
        counsellors.filter(pk=wanted).first()
        if wanted is not None
        else counsellors.filter(pk=request.user.pk).first()
    ) or counsellors.first()
    slots = selectors.free_slots(centre, counsellor) if counsellor is not None else []
    initial = {
        "counsellor": counsellor.pk if counsellor else None,
        "language": default_language if default_language in DOCUMENT_LANGUAGES else "de",
    }
    data = request.POST if request.method == "POST" and "slot" in request.POST else None
    form = BookingForm(data, initial=initial, counsellors=counsellors, slots=slots)
    if data is not None and form.is_valid():
        try:
            appointment = services.appointment_book(
                centre=centre,
                counsellor=form.cleaned_data["counsellor"],
                starts_at=form.cleaned_data["slot"],
                by=request.user,
                client=client,
                request=public_request,
                language=form.cleaned_data["language"],
                note=form.cleaned_data["note"],
            )
        except DomainError as error:
            form.add_error("slot", str(error.message))
        else:
            return form, appointment
    return form, None


def _booked(request: AuthenticatedRequest, appointment: Appointment) -> HttpResponse:
    messages.success(
        request,
        _("The appointment is booked. Print the letter for the person."),
    )
    return redirect("appointment_detail", appointment_id=appointment.pk)


@login_required
def appointment_client_list(request: AuthenticatedRequest, client_id: int) -> HttpResponse:
    """The client file's tab: the client's appointments, capacity and a counsellor to suggest."""
    client = client_for_request(request, client_id)
    today = timezone.localdate()
    team = client.team
    capacity = selectors.capacity_of(team, on=today)
    waiting = len(selectors.waiting_intakes(request.user, team=team))
    return render(
        request,
        "appointments/client_tab.html",
        {
            "client": client,
            "active_tab": "appointments",
            "appointments": Appointment.objects.filter(client=client)
            .select_related("counsellor", "centre")
            .order_by("-starts_at"),
            "can_write": Client.objects.writable_by(request.user).filter(pk=client.pk).exists(),
            "capacity": capacity,
            "waiting": waiting,
            "free_place": has_free_place(capacity, waiting=waiting),
            "suggestion": selectors.suggestion_for_client(client, on=today),
        },
    )


@login_required
def appointment_client_book(request: AuthenticatedRequest, client_id: int) -> HttpResponse:
    client = client_for_request(request, client_id, write=True)
    centre = client.team.service.centre
    form, appointment = _booking(
        request,
        centre=centre,
        client=client,
        public_request=None,
        default_language=client.document_language,
    )
    if appointment is not None:
        return _booked(request, appointment)
    return render(
        request,
        "appointments/book.html",
        {
            "client": client,
            "active_tab": "appointments",
            "form": form,
            "centre": centre,
            "back_url": reverse("appointment_client_list", kwargs={"client_id": client.pk}),
        },
    )


# --- requests from the public page ----------------------------------------------------------

BOXES = ("open", "done", "spam")


@role_required(*CLIENT_ROLES)
def request_list(request: AuthenticatedRequest) -> HttpResponse:
    box = request.GET.get("box", "open")
    if box not in BOXES:
        box = "open"
    requests = list(selectors.inbox(request.user, box=box)[:200])
    log_list_read(request, appointment_requests=[r.pk for r in requests])
    return render(
        request,
        "appointments/request_list.html",
        {
            "box": box,
            "requests": requests,
            "counts": {b: selectors.inbox(request.user, box=b).count() for b in BOXES},
        },
    )


@role_required(*CLIENT_ROLES)
def request_detail(request: AuthenticatedRequest, request_id: int) -> HttpResponse:
    found = selectors.request_for_request(request, request_id)
    can_write = selectors.may_handle_request(request.user, found)
    return render(
        request,
        "appointments/request_detail.html",
        {
            "item": found,
            "can_write": can_write,
            "appointments": found.appointments.select_related("counsellor").order_by("starts_at"),
            "statuses": RequestStatus,
        },
    )


@role_required(*CLIENT_ROLES)
@require_POST
def request_status(request: AuthenticatedRequest, request_id: int) -> HttpResponse:
    found = selectors.request_for_request(request, request_id, write=True)
    form = RequestStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please choose a status."))
        return redirect("appointment_request_detail", request_id=found.pk)
    try:
        if form.cleaned_data["status"] == "release":
            services.request_release(
                request=found, by=request.user, expected_version=form.cleaned_data["version"]
            )
        else:
            services.request_set_status(
                request=found,
                status=form.cleaned_data["status"],
                by=request.user,
                expected_version=form.cleaned_data["version"],
            )
    except ConflictError as error:
        messages.error(request, str(error.message))
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The request has been updated."))
    return redirect("appointment_request_detail", request_id=found.pk)


@role_required(*CLIENT_ROLES)
def request_book(request: AuthenticatedRequest, request_id: int) -> HttpResponse:
    found = selectors.request_for_request(request, request_id, write=True)
    form, appointment = _booking(
        request,
        centre=found.centre,
        client=None,
        public_request=found,
        default_language=found.language
        if found.language in DOCUMENT_LANGUAGES
        else found.page_language,
    )
    if appointment is not None:
        return _booked(request, appointment)
    return render(
        request,
        "appointments/book.html",
        {
            "item": found,
            "form": form,
            "centre": found.centre,
            "client": None,  # a public request: the page is not inside a client file
            "back_url": reverse("appointment_request_detail", kwargs={"request_id": found.pk}),
        },
    )


# --- capacity and waiting list -------------------------------------------------------------


@role_required(*CLIENT_ROLES)
def capacity_overview(request: AuthenticatedRequest) -> HttpResponse:
    today = timezone.localdate()
    teams = []
    waiting: list[int] = []
    for team in selectors.teams_for(request.user):
        capacity = selectors.capacity_of(team, on=today)
        rows = selectors.waiting_list_rows(request.user, team, on=today)
        waiting.extend(row.intake.client_id for row in rows)
        teams.append(
            {
                "team": team,
                "capacity": capacity,
                "rows": rows,
                "free_place": has_free_place(capacity, waiting=len(rows)),
            }
        )
    log_list_read(request, clients=waiting)
    return render(
        request,
        "appointments/capacity.html",
        {"teams": teams, "today": today},
    )


# --- office hours --------------------------------------------------------------------------


def _hours_centres(user: User, *, edit: bool) -> Any:
    roles = OFFICE_HOURS_EDITORS if edit else (*CLIENT_ROLES, *OFFICE_HOURS_EDITORS)
    ids = Membership.objects.filter(user=user, role__in=roles).values("team__service__centre_id")
    return Centre.objects.filter(pk__in=ids).order_by("name")


@role_required(*CLIENT_ROLES, Role.ADMINISTRATOR)
def office_hours_list(request: AuthenticatedRequest) -> HttpResponse:
    centres = _hours_centres(request.user, edit=False)
    editable = set(_hours_centres(request.user, edit=True).values_list("pk", flat=True))
    return render(
        request,
        "appointments/office_hours_list.html",
        {
            "cards": selectors.office_hours_of(centres.select_related("provider")),
            "editable": editable,
        },
    )


@role_required(*OFFICE_HOURS_EDITORS)
def office_hours_edit(request: AuthenticatedRequest, centre_id: int) -> HttpResponse:
    centre = _hours_centres(request.user, edit=True).filter(pk=centre_id).first()
    if centre is None:
        raise Http404
    form = OfficeHoursForm(request.POST or None, periods=selectors.weekly_periods(centre))
    if request.method == "POST" and form.is_valid():
        try:
            services.office_hours_replace(centre=centre, periods=form.periods())
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("The office hours have been saved."))
            return redirect("office_hours_list")
    return render(request, "appointments/office_hours_form.html", {"form": form, "centre": centre})
