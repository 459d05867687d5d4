"""Group exchange evenings of the volunteers and group offers of the JMD."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from lotse.accounts.models import User
from lotse.clients.models import Client
from lotse.common.errors import DomainError
from lotse.organisation.models import ServiceKind, Team

from ..models import (
    GroupEvening,
    GroupEveningAttendance,
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


def _check_jmd(team: Team) -> None:
    if team.service.kind != ServiceKind.JMD:
        raise DomainError(_("Group offers belong to a team of the youth migration service."))


@transaction.atomic
def offer_create(
    *, team: Team, title: str, created_by: User, topics: str = "", description: str = ""
) -> GroupOffer:
    _check_jmd(team)
    if not title.strip():
        raise DomainError(_("Please give the offer a title."))
    topic_list = [t.strip() for t in topics.split(",") if t.strip()]
    return GroupOffer.objects.create(
        team=team,
        title=title.strip(),
        topics=", ".join(topic_list),
        description=description.strip(),
        created_by=created_by,
    )


@transaction.atomic
def offer_date_add(
    *, offer: GroupOffer, date: date, participants: int, note: str = ""
) -> GroupOfferDate:
    if participants < 0:
        raise DomainError(_("The number of participants cannot be negative."))
    return GroupOfferDate.objects.create(
        offer=offer, date=date, participants=participants, note=note.strip()
    )


@transaction.atomic
def offer_participant_add(
    *, offer: GroupOffer, client: Client, added_by: User
) -> GroupOfferParticipant:
    """Link a young client; the caller resolved ``client`` through ``visible_to``."""
    if client.team_id != offer.team_id:
        raise DomainError(_("Only clients of the offer's own team can be linked."))
    participant, created = GroupOfferParticipant.objects.get_or_create(
        offer=offer, client=client, defaults={"added_by": added_by}
    )
    if not created:
        raise DomainError(_("This young person takes part already."))
    return participant
