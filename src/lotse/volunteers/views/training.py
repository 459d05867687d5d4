"""The 40-hour training: curriculum, sessions, attendance, progress and the certificate."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Max, Min
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from lotse.accounts.typing import AuthenticatedRequest
from lotse.audit.services import log_action
from lotse.audit.services.reads import log_list_read
from lotse.common.errors import DomainError
from lotse.documents.rendering import render_pdf

from .. import services
from ..access import managed_team_ids
from ..forms import AttendanceForm, SessionForm
from ..models import TrainingAttendance, TrainingModule, TrainingSession, Volunteer
from ..rules import TRAINING_HOURS
from ..selectors.volunteers import managed_session, managed_volunteer, progress_of
from ..states import VolunteerStatus
from .common import manager_required, teams_of

CERTIFICATE_TEMPLATE = "volunteers/certificate.html"


@manager_required
def training_overview(request: AuthenticatedRequest) -> HttpResponse:
    sessions = (
        TrainingSession.objects.filter(team_id__in=managed_team_ids(request.user))
        .select_related("module", "team")
        .annotate(present=Count("attendances"))
        .order_by("-date")[:50]
    )
    learners = list(
        Volunteer.objects.managed_by(request.user)
        .filter(status__in=[VolunteerStatus.APPLICANT, VolunteerStatus.IN_TRAINING])
        .order_by("registered_on")
    )
    recent = list(
        Volunteer.objects.managed_by(request.user)
        .filter(training_completed_on__isnull=False)
        .order_by("-training_completed_on")[:10]
    )
    log_list_read(request, volunteers=[v.pk for v in [*learners, *recent]])
    return render(
        request,
        "volunteers/training_overview.html",
        {
            "modules": TrainingModule.objects.order_by("position"),
            "total_hours": TRAINING_HOURS,
            "sessions": sessions,
            "learners": [(v, progress_of(v)) for v in learners],
            "completed": recent,
        },
    )


@manager_required
def training_session_create(request: AuthenticatedRequest) -> HttpResponse:
    form = SessionForm(request.POST or None, teams=teams_of(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        module = data["module"]
        try:
            session = services.training_session_create(
                team=data["team"],
                module=module,
                date=data["date"],
                hours=data["hours"] or module.hours,
                trainer=data["trainer"],
                location=data["location"],
                created_by=request.user,
            )
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("The session has been planned."))
            return redirect("training_session_detail", session_id=session.pk)
    return render(request, "volunteers/session_form.html", {"form": form})


@manager_required
def training_session_detail(request: AuthenticatedRequest, session_id: int) -> HttpResponse:
    session = managed_session(request, session_id)
    candidates = Volunteer.objects.filter(team_id=session.team_id).exclude(
        status=VolunteerStatus.LEFT
    )
    present = list(
        TrainingAttendance.objects.filter(session=session).values_list("volunteer_id", flat=True)
    )
    form = AttendanceForm(
        request.POST or None, volunteers=candidates, initial={"volunteers": present}
    )
    if request.method == "POST" and form.is_valid():
        before = set(
            Volunteer.objects.filter(pk__in=candidates, training_completed_on__isnull=False)
        )
        try:
            services.attendance_set(session=session, volunteers=form.cleaned_data["volunteers"])
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            completed = Volunteer.objects.filter(
                pk__in=candidates, training_completed_on__isnull=False
            ).exclude(pk__in=[v.pk for v in before])
            messages.success(request, _("The attendance has been saved."))
            for volunteer in completed:
                messages.success(
                    request,
                    _("%(name)s has completed the 40-hour training.")
                    % {"name": volunteer.display_name},
                )
            return redirect("training_session_detail", session_id=session.pk)
    # The attendance checkboxes name every volunteer of the team.
    log_list_read(request, volunteers=candidates.values_list("pk", flat=True))
    return render(request, "volunteers/session_detail.html", {"session": session, "form": form})


@manager_required
def training_certificate(request: AuthenticatedRequest, volunteer_id: int) -> HttpResponse:
    """The certificate of the completed training, a German document for the volunteer."""
    volunteer = managed_volunteer(request, volunteer_id)
    if not volunteer.training_complete:
        raise Http404
    progress = progress_of(volunteer)
    dates = TrainingAttendance.objects.filter(volunteer=volunteer).aggregate(
        first=Min("session__date"), last=Max("session__date")
    )
    centre = volunteer.team.service.centre
    modules = list(TrainingModule.objects.order_by("position"))
    credited = {m.code: m.credited for m in progress.modules}
    pdf = render_pdf(
        template=CERTIFICATE_TEMPLATE,
        context={
            "centre": centre,
            "provider": centre.provider,
            "name": volunteer.display_name,
            "first": dates["first"],
            "last": dates["last"],
            "completed_on": volunteer.training_completed_on,
            "modules": [(m.title_de, credited.get(m.code, 0)) for m in modules],
            "hours": progress.credited,
            "signed_by": request.user.full_name,
            "today": timezone.localdate(),
        },
        language="de",
    )
    log_action(action="volunteer.certificate_printed", obj=volunteer, data={})
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="Teilnahmebescheinigung.pdf"'
    return response
