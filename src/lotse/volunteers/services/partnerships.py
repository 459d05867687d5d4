"""Partnerships: the coordinator confirms a suggestion, the pair meets, the pair ends."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict
from datetime import date

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from lotse.accounts.models import User
from lotse.audit.services import log_action
from lotse.common.errors import DomainError
from lotse.common.services.versioning import claim_version

from ..choices import Activity, EndReason, ReportedBy
from ..models import Meeting, Partnership, TandemPartner, Volunteer
from ..selectors.suggestions import match_for
from ..states import PARTNERSHIP_TRANSITIONS, PartnershipStatus, VolunteerStatus, require_transition
from .common import today_or

MAX_MEETING_MINUTES = 12 * 60


@transaction.atomic
def partnership_propose(
    *, partner: TandemPartner, volunteer: Volunteer, confirmed_by: User, today: date | None = None
) -> Partnership:
    """The coordinator confirms a suggestion: the pair is proposed to both sides.

    The match is computed again here (never taken from the request) and kept with its reasons.
    """
    today = today_or(today)
    volunteer = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
    if volunteer.team_id != partner.team_id:
        raise DomainError(_("Volunteer and partner belong to different teams."))
    if volunteer.status != VolunteerStatus.ACTIVE or not volunteer.has_consent:
        raise DomainError(_("Only active volunteers with consent can be paired."))
    if not partner.has_consent:
        raise DomainError(_("The partner has withdrawn consent."))
    if Partnership.objects.open().filter(partner=partner).exists():
        raise DomainError(_("This partner already has a volunteer."))
    if Partnership.objects.open().filter(volunteer=volunteer).count() >= volunteer.max_partnerships:
        raise DomainError(_("This volunteer has no free place for another partner."))
    match = match_for(partner, volunteer)
    try:
        with transaction.atomic():
            partnership = Partnership.objects.create(
                volunteer=volunteer,
                partner=partner,
                status=PartnershipStatus.PROPOSED,
                proposed_on=today,
                match_score=match.score,
                match_reasons=[asdict(c) for c in match.components],
                confirmed_by=confirmed_by,
            )
    except IntegrityError as error:  # pragma: no cover - two coordinators at the same moment
        raise DomainError(_("This partner already has a volunteer.")) from error
    log_action(action="partnership.proposed", obj=partnership, data={"score": match.score})
    return partnership


@transaction.atomic
def partnership_transition(
    *,
    partnership: Partnership,
    target: str,
    expected_version: int,
    on: date | None = None,
    reason: str = "",
    note: str = "",
    today: date | None = None,
) -> Partnership:
    """proposed → active → paused ⇄ active → ended (with a reason); nothing else."""
    today = today_or(today)
    on = on or today
    require_transition(PARTNERSHIP_TRANSITIONS, partnership.status, target)
    if on > today:
        raise DomainError(_("A status change cannot be dated in the future."))
    if on < partnership.proposed_on:
        raise DomainError(_("The date is before the partnership was proposed."))
    if target == PartnershipStatus.ENDED and reason not in EndReason.values:
        raise DomainError(_("Please give the reason for ending the partnership."))
    if (
        target == PartnershipStatus.ACTIVE
        and partnership.volunteer.status != VolunteerStatus.ACTIVE
    ):
        raise DomainError(_("The volunteer is not active at the moment."))
    partnership.version = claim_version(
        Partnership,
        partnership.pk,
        expected_version,
        message=_("Someone else changed this partnership in the meantime."),
    )
    previous = partnership.status
    partnership.status = target
    if target == PartnershipStatus.ACTIVE:
        partnership.started_on = partnership.started_on or on
        partnership.paused_on = None
    elif target == PartnershipStatus.PAUSED:
        partnership.paused_on = on
    else:
        partnership.ended_on, partnership.end_reason = on, reason
        partnership.end_note = note.strip()
    partnership.save()
    log_action(
        action="partnership.status_changed",
        obj=partnership,
        data={"from": previous, "to": target, "on": on.isoformat(), "reason": reason},
    )
    return partnership


@transaction.atomic
def meeting_log(
    *,
    partnership: Partnership,
    date: date,
    duration_minutes: int,
    activities: Iterable[str],
    logged_by: User,
    reported_by: str = ReportedBy.VOLUNTEER,
    note: str = "",
    today: date | None = None,
) -> Meeting:
    """A quick log of one meeting of the pair."""
    chosen = sorted(set(activities))
    if not chosen or set(chosen) - set(Activity.values):
        raise DomainError(_("Please tick what the two did together."))
    if reported_by not in ReportedBy.values:
        raise DomainError(_("Please say who reported the meeting."))
    if not 0 < duration_minutes <= MAX_MEETING_MINUTES:
        raise DomainError(_("A meeting lasts between one minute and twelve hours."))
    if date > today_or(today):
        raise DomainError(_("A meeting cannot be logged in advance."))
    if date < partnership.proposed_on:
        raise DomainError(_("The meeting is before the partnership was proposed."))
    if partnership.ended_on is not None and date > partnership.ended_on:
        raise DomainError(_("The meeting is after the partnership ended."))
    return Meeting.objects.create(
        partnership=partnership,
        date=date,
        duration_minutes=duration_minutes,
        activities=chosen,
        reported_by=reported_by,
        note=note.strip(),
        logged_by=logged_by,
    )
