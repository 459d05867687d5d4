"""Writing course data: courses, participations, attendance signals, drop-out risk (§D6)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lotse.accounts.models import User
from lotse.audit.services import log_action
from lotse.clients.models import Client
from lotse.common.errors import DomainError
from lotse.common.services.versioning import save_versioned
from lotse.network.choices import PartnerCategory
from lotse.network.models import Partner
from lotse.network.services import CHANGED_MEANWHILE, pick

from ..choices import ParticipationStatus, RiskReason, SignalKind, SignalSource
from ..models import AttendanceSignal, CourseParticipation, IntegrationCourse

COURSE_FIELDS = (
    "course_type",
    "title",
    "number",
    "start_on",
    "end_on",
    "modules",
    "schedule",
    "childcare_offered",
    "notes",
)
PARTICIPATION_FIELDS = (
    "obligation",
    "entitlement",
    "fee_financing",
    "childcare_needed",
    "childcare_arranged",
    "status",
    "exam",
    "level_reached",
    "finished_on",
    "follow_up",
    "follow_up_note",
)


def _check_course(provider: Partner, values: Mapping[str, Any]) -> None:
    if provider.category != PartnerCategory.COURSE_PROVIDER:
        raise DomainError(
            _("Only partners of the category course provider run integration courses.")
        )
    end_on = values.get("end_on")
    if end_on is not None and end_on < values["start_on"]:
        raise DomainError(_("The course cannot end before it starts."))


@transaction.atomic
def course_create(*, provider: Partner, data: Mapping[str, Any]) -> IntegrationCourse:
    values = pick(data, COURSE_FIELDS)
    _check_course(provider, values)
    return IntegrationCourse.objects.create(provider=provider, **values)


@transaction.atomic
def course_update(
    *, course: IntegrationCourse, expected_version: int, provider: Partner, data: Mapping[str, Any]
) -> IntegrationCourse:
    values = pick(data, COURSE_FIELDS)
    _check_course(provider, values)
    if provider.centre_id != course.provider.centre_id:
        raise DomainError(_("A course cannot move to a provider of another centre."))
    return save_versioned(
        course,
        expected_version=expected_version,
        changes={**values, "provider": provider},
        message=CHANGED_MEANWHILE,
    )


def _check_participation(course: IntegrationCourse, values: Mapping[str, Any]) -> None:
    if values.get("childcare_arranged") and not values.get("childcare_needed"):
        raise DomainError(_("Childcare can only be arranged where it is needed."))
    status = values.get("status", ParticipationStatus.REGISTERED)
    if status != ParticipationStatus.REGISTERED and course.start_on > timezone.localdate():
        raise DomainError(_("The course has not started yet: the client can only be registered."))


@transaction.atomic
def participation_create(
    *, client: Client, course: IntegrationCourse, data: Mapping[str, Any]
) -> CourseParticipation:
    if course.provider.centre_id != client.team.service.centre_id:
        raise DomainError(_("This course belongs to another counselling centre."))
    values = pick(data, PARTICIPATION_FIELDS)
    _check_participation(course, values)
    if CourseParticipation.objects.filter(course=course, client=client).exists():
        raise DomainError(_("The client is already registered for this course."))
    try:
        with transaction.atomic():
            return CourseParticipation.objects.create(course=course, client=client, **values)
    except IntegrityError as error:
        raise DomainError(_("The client is already registered for this course.")) from error


@transaction.atomic
def participation_update(
    *, participation: CourseParticipation, expected_version: int, data: Mapping[str, Any]
) -> CourseParticipation:
    values = pick(data, PARTICIPATION_FIELDS)
    _check_participation(participation.course, values)
    finished_on = values.get("finished_on")
    if finished_on is not None and finished_on < participation.course.start_on:
        raise DomainError(_("The participation cannot end before the course starts."))
    return save_versioned(
        participation, expected_version=expected_version, changes=values, message=CHANGED_MEANWHILE
    )


@transaction.atomic
def participation_flag_risk(
    *,
    participation: CourseParticipation,
    expected_version: int,
    reason: str,
    flagged_on: date,
    note: str = "",
    intervention: str = "",
) -> CourseParticipation:
    if reason not in RiskReason.values:
        raise DomainError(_("Please choose the reason for the risk."))
    saved = save_versioned(
        participation,
        expected_version=expected_version,
        changes={
            "at_risk": True,
            "risk_reason": reason,
            "risk_flagged_on": flagged_on,
            "risk_note": note.strip(),
            "intervention": intervention.strip(),
        },
        message=CHANGED_MEANWHILE,
    )
    log_action(action="course.risk_flagged", obj=saved, data={"reason": reason})
    return saved


@transaction.atomic
def participation_clear_risk(
    *, participation: CourseParticipation, expected_version: int, intervention: str = ""
) -> CourseParticipation:
    """The risk is over; reason and intervention stay documented."""
    changes: dict[str, Any] = {"at_risk": False}
    if intervention.strip():
        changes["intervention"] = intervention.strip()
    saved = save_versioned(
        participation, expected_version=expected_version, changes=changes, message=CHANGED_MEANWHILE
    )
    log_action(action="course.risk_cleared", obj=saved, data={})
    return saved


@transaction.atomic
def attendance_signal_add(
    *,
    participation: CourseParticipation,
    recorded_by: User,
    noted_on: date,
    kind: str,
    source: str,
    note: str = "",
) -> AttendanceSignal:
    if kind not in SignalKind.values or source not in SignalSource.values:
        raise DomainError(_("Please choose the signal and where it comes from."))
    if noted_on < participation.course.start_on:
        raise DomainError(_("This date is before the course starts."))
    return AttendanceSignal.objects.create(
        participation=participation,
        recorded_by=recorded_by,
        noted_on=noted_on,
        kind=kind,
        source=source,
        note=note.strip(),
    )
