"""Group exchange evenings of the volunteers and the teams' group work."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from lotse.accounts.models import User
from lotse.clients.models import Client
from lotse.common.errors import DomainError
from lotse.organisation.models import NO_CLIENT_SERVICES, Team

from ..models import (
    MAX_GROUP_MINUTES,
    GroupEvening,
    GroupEveningAttendance,
    GroupKind,
    GroupOffer,
    GroupOfferDate,
    GroupOfferParticipant,
    Volunteer,
)
from .common import today_or


@transaction.atomic
def evening_create(
    *, team: Team, date: date, created_by: User, topic: str = "", location: str = ""
) -> GroupEvening:
    return GroupEvening.objects.create(
        team=team, date=date, topic=topic.strip(), location=location.strip(), created_by=created_by
    )


@transaction.atomic
def evening_attendance_set(
    *, evening: GroupEvening, volunteers: Iterable[Volunteer], today: date | None = None
) -> int:
    if evening.date > today_or(today):
        raise DomainError(_("Attendance can be recorded once the evening has taken place."))
    wanted = {v.pk for v in volunteers if v.team_id == evening.team_id}
    current = set(evening.attendances.values_list("volunteer_id", flat=True))
    for attendance in evening.attendances.filter(volunteer_id__in=current - wanted):
        attendance.delete()
    for pk in wanted - current:
        GroupEveningAttendance.objects.create(evening=evening, volunteer_id=pk)
    return len(wanted)


def _check_team(team: Team) -> None:
    if team.service.kind in NO_CLIENT_SERVICES:
        raise DomainError(_("Group work belongs to a team that counsels clients."))


@transaction.atomic
def offer_create(
    *,
    team: Team,
    title: str,
    created_by: User,
    topics: str = "",
    description: str = "",
    kind: str = GroupKind.GROUP_OFFER,
) -> GroupOffer:
    _check_team(team)
    if kind not in GroupKind.values:
        raise DomainError(_("Unknown kind of group work."))
    if not title.strip():
        raise DomainError(_("Please give the offer a title."))
    topic_list = [t.strip() for t in topics.split(",") if t.strip()]
    return GroupOffer.objects.create(
        team=team,
        kind=kind,
        title=title.strip(),
        topics=", ".join(topic_list),
        description=description.strip(),
        created_by=created_by,
    )


@transaction.atomic
def offer_date_add(
    *,
    offer: GroupOffer,
    date: date,
    participants: int,
    note: str = "",
    duration_minutes: int | None = None,
) -> GroupOfferDate:
    if participants < 0:
        raise DomainError(_("The number of participants cannot be negative."))
    if duration_minutes is not None and not 1 <= duration_minutes <= MAX_GROUP_MINUTES:
        raise DomainError(_("The duration lies between 1 minute and 12 hours."))
    return GroupOfferDate.objects.create(
        offer=offer,
        date=date,
        duration_minutes=duration_minutes,
        participants=participants,
        note=note.strip(),
    )


@transaction.atomic
def offer_participant_add(
    *, offer: GroupOffer, client: Client, added_by: User
) -> GroupOfferParticipant:
    """Link a client of the team; the caller resolved ``client`` through ``visible_to``."""
    if client.team_id != offer.team_id:
        raise DomainError(_("Only clients of the offer's own team can be linked."))
    participant, created = GroupOfferParticipant.objects.get_or_create(
        offer=offer, client=client, defaults={"added_by": added_by}
    )
    if not created:
        raise DomainError(_("This client takes part already."))
    return participant
