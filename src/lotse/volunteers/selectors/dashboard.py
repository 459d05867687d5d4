"""What the coordinator's dashboard shows: silent partnerships, documents, the next evening."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Max

from ..access import managed_team_ids
from ..models import GroupEvening, Partnership, Volunteer
from ..rules import (
    DocumentState,
    EveningSuggestion,
    days_without_meeting,
    is_silent,
    suggest_next_evening,
)
from ..states import PartnershipStatus, VolunteerStatus
from .volunteers import document_states


@dataclass(frozen=True)
class SilentPartnership:
    partnership: Partnership
    last_meeting: date | None
    days: int


def silent_partnerships(*, user: object, today: date) -> list[SilentPartnership]:
    """Active partnerships of the user's teams without a meeting for three weeks, longest first.

    ``today`` is passed in so that tests (and the panel) decide the clock.
    """
    partnerships = (
        Partnership.objects.managed_by(user)
        .filter(status=PartnershipStatus.ACTIVE)
        .annotate(last_meeting=Max("meetings__date"))
        .select_related("volunteer", "partner")
    )
    silent = [
        SilentPartnership(
            p,
            p.last_meeting,  # type: ignore[attr-defined]
            days_without_meeting(p.last_meeting, p.started_on, today),  # type: ignore[attr-defined]
        )
        for p in partnerships
        if is_silent(p.last_meeting, p.started_on, today)  # type: ignore[attr-defined]
    ]
    return sorted(silent, key=lambda s: (-s.days, s.partnership.pk))


@dataclass(frozen=True)
class DocumentWarning:
    volunteer: Volunteer
    states: list[DocumentState]


def document_warnings(*, user: object, today: date) -> list[DocumentWarning]:
    """Active and paused volunteers (and those in training) with a missing or expiring document."""
    volunteers = (
        Volunteer.objects.managed_by(user)
        .filter(
            status__in=[VolunteerStatus.IN_TRAINING, VolunteerStatus.ACTIVE, VolunteerStatus.PAUSED]
        )
        .prefetch_related("documents")
    )
    warnings = []
    for volunteer in volunteers:
        states = [s for s in document_states(volunteer, today) if s.needs_attention]
        if states:
            warnings.append(DocumentWarning(volunteer, states))
    return warnings


def next_evening(
    *, user: object, today: date
) -> tuple[GroupEvening | None, EveningSuggestion | None]:
    """The next scheduled evening, or else a suggestion six to eight weeks after the last."""
    evenings = GroupEvening.objects.filter(team_id__in=managed_team_ids(user))
    upcoming = evenings.filter(date__gte=today).order_by("date").first()
    if upcoming is not None:
        return upcoming, None
    last = evenings.filter(date__lt=today).order_by("-date").values_list("date", flat=True).first()
    return None, suggest_next_evening(last, today)
