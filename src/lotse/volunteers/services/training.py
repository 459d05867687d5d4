"""The 40-hour training: sessions, attendance and the completion that follows from it."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import F, Max
from django.utils.translation import gettext_lazy as _

from lotse.accounts.models import User
from lotse.audit.services import log_action
from lotse.common.errors import DomainError
from lotse.organisation.models import Team

from ..models import TrainingAttendance, TrainingModule, TrainingSession, Volunteer
from ..selectors.volunteers import progress_of
from ..states import VolunteerStatus
from .common import today_or


@transaction.atomic
def training_session_create(
    *,
    team: Team,
    module: TrainingModule,
    date: date,
    hours: Decimal,
    created_by: User,
    trainer: str = "",
    location: str = "",
) -> TrainingSession:
    if hours <= 0 or hours > module.hours:
        raise DomainError(
            _("A session covers between half an hour and the module's %(hours)s hours.")
            % {"hours": module.hours}
        )
    return TrainingSession.objects.create(
        team=team,
        module=module,
        date=date,
        hours=hours,
        trainer=trainer.strip(),
        location=location.strip(),
        created_by=created_by,
    )


def _update_completion(volunteer: Volunteer) -> None:
    progress = progress_of(volunteer)
    if progress.complete and volunteer.training_completed_on is None:
        last = TrainingAttendance.objects.filter(volunteer=volunteer).aggregate(
            last=Max("session__date")
        )["last"]
        volunteer.training_completed_on = last
        volunteer.save(update_fields=["training_completed_on", "updated_at"])
        log_action(
            action="volunteer.training_completed",
            obj=volunteer,
            data={"on": last.isoformat() if last else "", "hours": str(progress.credited)},
        )
    elif not progress.complete and volunteer.training_completed_on is not None:
        volunteer.training_completed_on = None
        volunteer.save(update_fields=["training_completed_on", "updated_at"])
        log_action(action="volunteer.training_reopened", obj=volunteer, data={})


@transaction.atomic
def attendance_set(
    *,
    session: TrainingSession,
    volunteers: Iterable[Volunteer],
    today: date | None = None,
) -> dict[str, int]:
    """Make ``volunteers`` the attendees of ``session``; completion follows by itself.

    An applicant who attends a first session is in training from that day.
    """
    if session.date > today_or(today):
        raise DomainError(_("Attendance can be recorded once the session has taken place."))
    wanted = {v.pk: v for v in volunteers}
    if any(
        v.team_id != session.team_id or v.status == VolunteerStatus.LEFT for v in wanted.values()
    ):
        raise DomainError(_("Only volunteers of this team who have not left can attend."))
    current = set(
        TrainingAttendance.objects.filter(session=session).values_list("volunteer_id", flat=True)
    )
    removed = current - set(wanted)
    added = set(wanted) - current
    for attendance in TrainingAttendance.objects.filter(session=session, volunteer_id__in=removed):
        attendance.delete()
    for pk in added:
        TrainingAttendance.objects.create(session=session, volunteer=wanted[pk])
    for volunteer in Volunteer.objects.filter(pk__in=added | removed).select_for_update():
        if volunteer.pk in added and volunteer.status == VolunteerStatus.APPLICANT:
            volunteer.status = VolunteerStatus.IN_TRAINING
            volunteer.status_since = max(session.date, volunteer.status_since)
            # A status form opened before this change must not overwrite it.
            Volunteer.objects.filter(pk=volunteer.pk).update(version=F("version") + 1)
            volunteer.refresh_from_db(fields=["version"])
            volunteer.save(update_fields=["status", "status_since", "updated_at"])
            log_action(
                action="volunteer.status_changed",
                obj=volunteer,
                data={"from": VolunteerStatus.APPLICANT, "to": VolunteerStatus.IN_TRAINING},
            )
        _update_completion(volunteer)
    return {"added": len(added), "removed": len(removed)}
