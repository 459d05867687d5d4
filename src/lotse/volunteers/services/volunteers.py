"""Writing volunteers: registration, profile, status, required documents, districts."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from lotse.accounts.models import User
from lotse.audit.services import log_action
from lotse.common.errors import DomainError
from lotse.common.services.versioning import claim_version
from lotse.organisation.models import Centre, Team

from ..choices import REQUIRED_DOCUMENTS, DocumentKind, LeaveReason
from ..models import District, Volunteer, VolunteerDocument, VolunteerLanguage
from ..rules import add_months
from ..states import VOLUNTEER_TRANSITIONS, VolunteerStatus, require_transition
from .common import (
    apply_values,
    check_districts,
    check_profile,
    set_languages,
    today_or,
)

VOLUNTEER_FIELDS = frozenset(
    {
        "first_name",
        "last_name",
        "email",
        "phone",
        "address",
        "birth_year",
        "gender",
        "registered_on",
        "slots",
        "interests",
        "partner_gender",
        "bilingual_contact",
        "max_partnerships",
        "consent_on",
        "consent_withdrawn_on",
        "notes",
    }
)
MAX_PARTNERSHIPS = 3


def _check_values(values: Mapping[str, Any], languages: Mapping[str, str], today: date) -> None:
    check_profile(values, languages)
    if not (values.get("first_name") or "").strip() or not (values.get("last_name") or "").strip():
        raise DomainError(_("Please enter the volunteer's first and last name."))
    if not 1 <= int(values.get("max_partnerships") or 1) <= MAX_PARTNERSHIPS:
        raise DomainError(_("A volunteer accompanies between one and three partners at a time."))
    birth_year = values.get("birth_year")
    if birth_year is not None and not today.year - 100 <= birth_year <= today.year - 12:
        raise DomainError(_("Please check the year of birth."))


@transaction.atomic
def volunteer_create(
    *,
    team: Team,
    created_by: User,
    values: Mapping[str, Any],
    languages: Mapping[str, str],
    districts: Iterable[District] = (),
    today: date | None = None,
) -> Volunteer:
    """Register a volunteer as an applicant."""
    today = today_or(today)
    _check_values(values, languages, today)
    chosen = check_districts(team, districts)
    volunteer = Volunteer(
        team=team,
        created_by=created_by,
        status=VolunteerStatus.APPLICANT,
        status_since=today,
        registered_on=today,
    )
    apply_values(volunteer, values, VOLUNTEER_FIELDS)
    volunteer.registered_on = volunteer.registered_on or today
    volunteer.save()
    volunteer.districts.set(chosen)
    set_languages(volunteer, languages, VolunteerLanguage)
    return volunteer


@transaction.atomic
def volunteer_update(
    *,
    volunteer: Volunteer,
    expected_version: int,
    values: Mapping[str, Any],
    languages: Mapping[str, str],
    districts: Iterable[District] = (),
    today: date | None = None,
) -> Volunteer:
    _check_values(values, languages, today_or(today))
    chosen = check_districts(volunteer.team, districts)
    volunteer.version = claim_version(
        Volunteer,
        volunteer.pk,
        expected_version,
        message=_("Someone else changed this volunteer while you were editing."),
    )
    apply_values(volunteer, values, VOLUNTEER_FIELDS)
    volunteer.save()
    volunteer.districts.set(chosen)
    set_languages(volunteer, languages, VolunteerLanguage)
    return volunteer


@transaction.atomic
def volunteer_change_status(
    *,
    volunteer: Volunteer,
    target: str,
    expected_version: int,
    on: date | None = None,
    reason: str = "",
    today: date | None = None,
) -> Volunteer:
    """Move a volunteer along applicant → in training → active ⇄ paused → left."""
    today = today_or(today)
    on = on or today
    require_transition(VOLUNTEER_TRANSITIONS, volunteer.status, target)
    if on > today:
        raise DomainError(_("A status change cannot be dated in the future."))
    if on < volunteer.status_since:
        raise DomainError(_("The date is before the current status began."))
    if target == VolunteerStatus.ACTIVE:
        if not volunteer.training_complete:
            raise DomainError(_("The 40-hour training is not complete yet."))
        if not volunteer.has_consent:
            raise DomainError(_("Without consent to data processing nobody can be active."))
    if target == VolunteerStatus.LEFT:
        if reason not in LeaveReason.values:
            raise DomainError(_("Please give the reason for leaving."))
        if volunteer.partnerships.open().exists():
            raise DomainError(_("End this volunteer's open partnerships first."))
    volunteer.version = claim_version(
        Volunteer,
        volunteer.pk,
        expected_version,
        message=_("Someone else changed this volunteer while you were editing."),
    )
    previous = volunteer.status
    volunteer.status = target
    volunteer.status_since = on
    if target == VolunteerStatus.LEFT:
        volunteer.left_on, volunteer.left_reason = on, reason
    volunteer.save()
    log_action(
        action="volunteer.status_changed",
        obj=volunteer,
        data={"from": previous, "to": target, "on": on.isoformat()},
    )
    return volunteer


@transaction.atomic
def volunteer_document_add(
    *,
    volunteer: Volunteer,
    kind: str,
    issued_on: date,
    valid_until: date | None,
    seen_by: User,
    today: date | None = None,
) -> VolunteerDocument:
    """Record that a document was shown; only its dates are kept, never a copy."""
    if kind not in DocumentKind.values:
        raise DomainError(_("Unknown document."))
    if issued_on > today_or(today):
        raise DomainError(_("A document cannot be issued in the future."))
    months = REQUIRED_DOCUMENTS.get(kind)
    if valid_until is None and months is not None:
        valid_until = add_months(issued_on, months)
    if valid_until is not None and valid_until < issued_on:
        raise DomainError(_("A document cannot expire before it was issued."))
    return VolunteerDocument.objects.create(
        volunteer=volunteer,
        kind=kind,
        issued_on=issued_on,
        valid_until=valid_until,
        seen_by=seen_by,
    )


@transaction.atomic
def district_create(*, centre: Centre, name: str) -> District:
    name = " ".join(name.split())
    if not name:
        raise DomainError(_("Please enter the district's name."))
    if District.objects.filter(centre=centre, name__iexact=name).exists():
        raise DomainError(_("This district exists already."))
    try:
        with transaction.atomic():
            return District.objects.create(centre=centre, name=name)
    except IntegrityError as error:  # pragma: no cover - a concurrent save of the same name
        raise DomainError(_("This district exists already.")) from error
