"""Figures for the statistics (§D12): read the rows, let the pure functions count."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.db.models import F, Sum

from ..figures import Span, VolunteerFigures, active_during, per_month, retention
from ..models import GroupEvening, Meeting, Partnership, TrainingAttendance, Volunteer
from ..rules import is_young
from ..states import VolunteerStatus


def volunteer_figures(*, team_ids: Iterable[int], start: date, end: date) -> VolunteerFigures:
    """Aggregates for the teams ``team_ids`` over ``start``–``end`` (both inclusive).

    Nothing here identifies a person: counts, hours and a retention rate.
    """
    teams = list(team_ids)
    volunteers = list(
        Volunteer.objects.filter(team_id__in=teams)
        .exclude(status=VolunteerStatus.APPLICANT, left_on__isnull=True)
        .values("registered_on", "left_on", "birth_year", "status")
    )
    spans = [Span(v["registered_on"] or start, v["left_on"]) for v in volunteers]
    on_board = [v for v, s in zip(volunteers, spans, strict=True) if s.overlaps(start, end)]
    partnerships = Partnership.objects.filter(partner__team_id__in=teams)
    partnership_spans = [
        Span(started, ended)
        for started, ended in partnerships.values_list("started_on", "ended_on")
        if started is not None
    ]
    meetings = Meeting.objects.filter(
        partnership__partner__team_id__in=teams, date__gte=start, date__lte=end
    )
    meeting_days = list(meetings.values_list("date", flat=True))
    minutes = meetings.aggregate(total=Sum("duration_minutes"))["total"] or 0
    attendances = TrainingAttendance.objects.filter(
        session__team_id__in=teams, session__date__gte=start, session__date__lte=end
    )
    training_hours = attendances.aggregate(total=Sum(F("session__hours")))["total"] or Decimal(0)
    return VolunteerFigures(
        start=start,
        end=end,
        volunteers_active=len(on_board),
        young_volunteers_active=sum(1 for v in on_board if is_young(v["birth_year"], end)),
        partnerships_active=active_during(partnership_spans, start, end),
        partnerships_started=partnerships.filter(started_on__range=(start, end)).count(),
        partnerships_ended=partnerships.filter(
            ended_on__range=(start, end), started_on__isnull=False
        ).count(),
        meetings=len(meeting_days),
        meetings_per_month=per_month(meeting_days, start, end),
        meeting_hours=(Decimal(minutes) / 60).quantize(Decimal("0.1")),
        training_hours=Decimal(training_hours),
        trainings_completed=Volunteer.objects.filter(
            team_id__in=teams, training_completed_on__range=(start, end)
        ).count(),
        retention=retention(spans, start, end),
        evenings=GroupEvening.objects.filter(team_id__in=teams, date__range=(start, end)).count(),
    )
