"""Reading volunteers, partners and partnerships — always scoped to the user."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.http import Http404, HttpRequest
from django.utils import timezone

from lotse.audit.services import log_action
from lotse.organisation.models import Team

from ..access import managed_team_ids
from ..choices import REQUIRED_DOCUMENTS, language_name
from ..models import (
    GroupEvening,
    Partnership,
    TandemPartner,
    TrainingAttendance,
    TrainingModule,
    TrainingSession,
    Volunteer,
    VolunteerDocument,
)
from ..rules import DocumentState, TrainingProgress, document_state, is_young, training_progress


def managed_teams(user: object) -> list[Team]:
    return list(
        Team.objects.filter(pk__in=managed_team_ids(user)).select_related("service__centre")
    )


def volunteer_for_request(request: HttpRequest, volunteer_id: int) -> Volunteer:
    """A volunteer the user may see (404 otherwise); the read is audited."""
    volunteer = (
        Volunteer.objects.visible_to(request.user)
        .select_related("team__service__centre")
        .filter(pk=volunteer_id)
        .first()
    )
    if volunteer is None:
        raise Http404
    log_action(action="volunteer.viewed", obj=volunteer, data={})
    return volunteer


def managed_volunteer(request: HttpRequest, volunteer_id: int) -> Volunteer:
    volunteer = (
        Volunteer.objects.managed_by(request.user)
        .select_related("team__service__centre")
        .filter(pk=volunteer_id)
        .first()
    )
    if volunteer is None:
        raise Http404
    return volunteer


def managed_partner(request: HttpRequest, partner_id: int) -> TandemPartner:
    partner = (
        TandemPartner.objects.managed_by(request.user)
        .select_related("team__service__centre", "district")
        .filter(pk=partner_id)
        .first()
    )
    if partner is None:
        raise Http404
    return partner


def managed_partnership(request: HttpRequest, partnership_id: int) -> Partnership:
    partnership = (
        Partnership.objects.managed_by(request.user)
        .select_related("volunteer", "partner__team", "partner__district")
        .filter(pk=partnership_id)
        .first()
    )
    if partnership is None:
        raise Http404
    return partnership


def managed_session(request: HttpRequest, session_id: int) -> TrainingSession:
    session = (
        TrainingSession.objects.filter(team_id__in=managed_team_ids(request.user), pk=session_id)
        .select_related("module", "team")
        .first()
    )
    if session is None:
        raise Http404
    return session


def managed_evening(request: HttpRequest, evening_id: int) -> GroupEvening:
    evening = GroupEvening.objects.managed_by(request.user).filter(pk=evening_id).first()
    if evening is None:
        raise Http404
    return evening


def progress_of(volunteer: Volunteer) -> TrainingProgress:
    required = {m.code: m.hours for m in TrainingModule.objects.order_by("position")}
    attended = TrainingAttendance.objects.filter(volunteer=volunteer).values_list(
        "session__module__code", "session__hours"
    )
    return training_progress(required, list(attended))


def document_states(volunteer: Volunteer, today: date | None = None) -> list[DocumentState]:
    """The newest record of every required document, judged against ``today``."""
    today = today or timezone.localdate()
    newest: dict[str, VolunteerDocument] = {}
    documents = volunteer.documents.all()
    for document in sorted(documents, key=lambda d: (d.issued_on, d.created_at), reverse=True):
        newest.setdefault(document.kind, document)
    states = []
    for kind in REQUIRED_DOCUMENTS:
        shown = newest.get(kind)
        states.append(
            document_state(
                kind,
                shown.valid_until if shown else None,
                present=shown is not None,
                today=today,
            )
        )
    return states


@dataclass(frozen=True)
class VolunteerRow:
    volunteer: Volunteer
    name: str
    languages: str
    young: bool


def volunteer_rows(
    user: object,
    *,
    status: str = "",
    language: str = "",
    query: str = "",
    young_only: bool = False,
    today: date | None = None,
) -> list[VolunteerRow]:
    """The managed volunteers, filtered and sorted by name.

    Names are encrypted, so the name filter and the sort run here, after decryption; a team
    has tens to a few hundred volunteers.
    """
    today = today or timezone.localdate()
    volunteers = Volunteer.objects.managed_by(user).select_related("team")
    if status:
        volunteers = volunteers.filter(status=status)
    if language:
        volunteers = volunteers.filter(languages__language=language).distinct()
    rows = []
    needle = query.strip().casefold()
    for volunteer in volunteers.prefetch_related("languages"):
        name = volunteer.display_name
        if needle and not any(part.startswith(needle) for part in _name_parts(name)):
            continue
        young = is_young(volunteer.birth_year, today)
        if young_only and not young:
            continue
        languages = ", ".join(
            f"{language_name(row.language)} ({row.level})" for row in volunteer.languages.all()
        )
        rows.append(VolunteerRow(volunteer, name, languages, young))
    rows.sort(key=lambda row: (row.volunteer.last_name.casefold(), row.name.casefold()))
    return rows


def _name_parts(name: str) -> list[str]:
    folded = name.casefold()
    return [folded, *folded.split()]
