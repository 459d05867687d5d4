"""The client file's tab "Kurse": participations, attendance signals, drop-out risk."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lotse.accounts.typing import AuthenticatedRequest
from lotse.clients.models import Client
from lotse.clients.selectors import client_for_request
from lotse.common.errors import DomainError
from lotse.common.views.conflicts import save_keeping_entries

from .. import selectors, services
from ..forms import ParticipationCreateForm, ParticipationForm, RiskForm, SignalForm
from ..models import CourseParticipation
from ..rules import attendance_suggests_risk


def _rows(participations: list[CourseParticipation]) -> list[dict[str, Any]]:
    today = timezone.localdate()
    rows = []
    for participation in participations:
        signals = list(participation.signals.all())  # type: ignore[attr-defined]
        rows.append(
            {
                "p": participation,
                "signals": signals[:6],
                "suggests_risk": not participation.at_risk
                and attendance_suggests_risk([(s.noted_on, s.kind) for s in signals], today=today),
            }
        )
    return rows


@login_required
def course_client_tab(request: AuthenticatedRequest, client_id: int) -> HttpResponse:
    client = client_for_request(request, client_id)
    participations = list(
        CourseParticipation.objects.filter(client=client)
        .select_related("course__provider")
        .prefetch_related("signals")
    )
    return render(
        request,
        "courses/client_tab.html",
        {
            "client": client,
            "active_tab": "courses",
            "rows": _rows(participations),
            "can_edit": Client.objects.writable_by(request.user).filter(pk=client.pk).exists(),
            "signal_form": SignalForm(),
        },
    )


@login_required
def participation_create(request: AuthenticatedRequest, client_id: int) -> HttpResponse:
    client = client_for_request(request, client_id, write=True)
    courses = selectors.courses_for_client(client).order_by("-start_on")
    form = ParticipationCreateForm(request.POST or None, courses=courses)
    if request.method == "POST" and form.is_valid():
        try:
            services.participation_create(
                client=client, course=form.cleaned_data["course"], data=form.cleaned_data
            )
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("The course participation has been recorded."))
            return redirect("course_client_tab", client_id=client.pk)
    return render(
        request,
        "courses/participation_form.html",
        {"client": client, "active_tab": "courses", "form": form, "creating": True},
    )


def _versioned_page(
    request: AuthenticatedRequest,
    client: Client,
    participation: CourseParticipation,
    form: Any,
    save: Any,
    template: str,
) -> HttpResponse:
    status = 200
    if request.method == "POST" and form.is_valid():
        attempt = save_keeping_entries(form, lambda: save(form.cleaned_data), record=participation)
        if attempt.saved:
            messages.success(request, _("The changes have been saved."))
            return redirect("course_client_tab", client_id=client.pk)
        status = attempt.status
    return render(
        request,
        template,
        {"client": client, "active_tab": "courses", "form": form, "participation": participation},
        status=status,
    )


@login_required
def participation_edit(
    request: AuthenticatedRequest, client_id: int, participation_id: int
) -> HttpResponse:
    client = client_for_request(request, client_id, write=True)
    participation = selectors.participation_of_client(client, participation_id)
    form = ParticipationForm(
        request.POST or None, instance=participation, initial={"version": participation.version}
    )

    def save(data: dict[str, Any]) -> None:
        services.participation_update(
            participation=participation, expected_version=data["version"] or 0, data=data
        )

    return _versioned_page(
        request, client, participation, form, save, "courses/participation_form.html"
    )


@login_required
def participation_risk(
    request: AuthenticatedRequest, client_id: int, participation_id: int
) -> HttpResponse:
    client = client_for_request(request, client_id, write=True)
    participation = selectors.participation_of_client(client, participation_id)
    initial = {
        "version": participation.version,
        "at_risk": participation.at_risk or request.GET.get("flag") == "1",
        "risk_reason": participation.risk_reason,
        "risk_flagged_on": participation.risk_flagged_on or timezone.localdate(),
        "risk_note": participation.risk_note,
        "intervention": participation.intervention,
    }
    form = RiskForm(request.POST or None, initial=initial)

    def save(data: dict[str, Any]) -> None:
        if data["at_risk"]:
            services.participation_flag_risk(
                participation=participation,
                expected_version=data["version"] or 0,
                reason=data["risk_reason"],
                flagged_on=data["risk_flagged_on"],
                note=data["risk_note"],
                intervention=data["intervention"],
            )
        else:
            services.participation_clear_risk(
                participation=participation,
                expected_version=data["version"] or 0,
                intervention=data["intervention"],
            )

    return _versioned_page(request, client, participation, form, save, "courses/risk_form.html")


@require_POST
@login_required
def attendance_add(
    request: AuthenticatedRequest, client_id: int, participation_id: int
) -> HttpResponse:
    client = client_for_request(request, client_id, write=True)
    participation = selectors.participation_of_client(client, participation_id)
    form = SignalForm(request.POST)
    if form.is_valid():
        try:
            services.attendance_signal_add(
                participation=participation, recorded_by=request.user, **form.cleaned_data
            )
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            form = SignalForm()
    if not request.htmx:
        if form.errors:
            messages.error(
                request,
                " ".join(str(e) for e in form.errors.get("__all__", []))
                or _("Please check the attendance signal."),
            )
        return redirect("course_client_tab", client_id=client.pk)
    participation = CourseParticipation.objects.prefetch_related("signals").get(pk=participation.pk)
    return render(
        request,
        "courses/fragments/signals.html",
        {"client": client, "row": _rows([participation])[0], "signal_form": form, "can_edit": True},
    )
