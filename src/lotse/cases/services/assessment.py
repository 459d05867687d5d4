"""Recording the social, competence and needs analysis (DOMAIN §D5.1)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotse.accounts.models import User
from lotse.common.errors import DomainError
from lotse.common.services.versioning import claim_version

from ..models import Assessment, Case, LanguageSkill, Qualification
from ..phases import Phase
from .case import advance, ensure_open


@dataclass(frozen=True)
class AssessmentData:
    assessed_on: date
    schooling: str = "unknown"
    school_years: int | None = None
    vocational_training: str = "unknown"
    work_experience_years: int | None = None
    work_experience: str = ""
    driving_licence: str = "none"
    digital_skills: str = "basic"
    individual_factors: str = ""
    family_factors: str = ""
    environment_factors: str = ""
    resources: str = ""
    to_acquire: str = ""


@dataclass(frozen=True)
class QualificationData:
    level: str
    title: str = ""
    country: str = ""
    recognition: str = "not_applied"


@dataclass(frozen=True)
class LanguageData:
    language: str
    level: str


TEXT_FIELDS = (
    "work_experience",
    "individual_factors",
    "family_factors",
    "environment_factors",
    "resources",
    "to_acquire",
)


@transaction.atomic
def assessment_save(
    *,
    case: Case,
    data: AssessmentData,
    qualifications: Sequence[QualificationData],
    languages: Sequence[LanguageData],
    by: User,
    expected_version: int | None,
) -> Assessment:
    """Create the assessment, or update it when ``expected_version`` is still current."""
    ensure_open(case)
    if data.assessed_on > timezone.localdate():
        raise DomainError(_("The date of the assessment lies in the future."))
    codes = [lang.language.strip().lower() for lang in languages]
    if len(codes) != len(set(codes)):
        raise DomainError(_("Each language can only be listed once."))
    assessment = Assessment.objects.filter(case=case).first()
    if assessment is None:
        if expected_version is not None:
            raise DomainError(_("The assessment has been removed in the meantime."))
        assessment = Assessment(case=case, counsellor=by, assessed_on=data.assessed_on)
    else:
        claim_version(Assessment, assessment.pk, expected_version or 0)
        assessment.refresh_from_db()
    for name, value in data.__dict__.items():
        setattr(assessment, name, value.strip() if name in TEXT_FIELDS else value)
    assessment.counsellor = by
    assessment.save()
    # One by one, not bulk_create: each row gets its audit entry.
    assessment.qualifications.all().delete()
    for q in qualifications:
        Qualification.objects.create(
            assessment=assessment,
            level=q.level,
            title=q.title.strip(),
            country=q.country.strip().upper()[:2],
            recognition=q.recognition,
        )
    assessment.languages.all().delete()
    for code, lang in zip(codes, languages, strict=True):
        LanguageSkill.objects.create(assessment=assessment, language=code, level=lang.level)
    # The phase follows the work: with the assessment recorded, the support plan is next.
    if case.phase == Phase.ASSESSMENT:
        advance(case, Phase.SUPPORT_PLAN, by=by, on=max(data.assessed_on, case.phase_since))
    return assessment
