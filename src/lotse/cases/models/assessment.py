"""Social, competence and needs analysis (DOMAIN §D5.1).

Structured fields where statistics need them, encrypted free text where counsellors write.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lotse.common.auditing import audited
from lotse.common.fields import EncryptedCharField, EncryptedTextField

from .case import Case


class Schooling(models.TextChoices):
    NONE = "none", _("no school attended")
    PRIMARY = "primary", _("primary school")
    LOWER_SECONDARY = "lower_secondary", _("lower secondary school")
    UPPER_SECONDARY = "upper_secondary", _("upper secondary school (university entrance)")
    UNKNOWN = "unknown", _("unknown")


class VocationalTraining(models.TextChoices):
    NONE = "none", _("none")
    IN_PROGRESS = "in_progress", _("started, not completed")
    COMPLETED = "completed", _("completed")
    UNKNOWN = "unknown", _("unknown")


class DrivingLicence(models.TextChoices):
    NONE = "none", _("none")
    FOREIGN = "foreign", _("foreign licence")
    GERMAN_EU = "german_eu", _("German or EU licence")
    IN_PROGRESS = "in_progress", _("being acquired")


class DigitalSkills(models.TextChoices):
    NONE = "none", _("none")
    BASIC = "basic", _("basic (phone, messages)")
    GOOD = "good", _("good (e-mail, online forms)")
    ADVANCED = "advanced", _("advanced (office software, job portals)")


class DegreeLevel(models.TextChoices):
    SCHOOL = "school", _("school-leaving certificate")
    VOCATIONAL = "vocational", _("vocational qualification")
    BACHELOR = "bachelor", _("bachelor's degree")
    MASTER = "master", _("master's degree or diploma")
    DOCTORATE = "doctorate", _("doctorate")


class Recognition(models.TextChoices):
    NOT_APPLIED = "not_applied", _("not applied for")
    IN_PROCESS = "in_process", _("application in process")
    FULL = "full", _("fully recognised")
    PARTIAL = "partial", _("partly recognised")
    REFUSED = "refused", _("refused")
    NOT_NEEDED = "not_needed", _("not needed")


class CefrLevel(models.TextChoices):
    NATIVE = "native", _("native language")
    C2 = "C2", "C2"
    C1 = "C1", "C1"
    B2 = "B2", "B2"
    B1 = "B1", "B1"
    A2 = "A2", "A2"
    A1 = "A1", "A1"
    NONE = "none", _("none yet")


@audited
class Assessment(models.Model):
    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="assessment")
    assessed_on = models.DateField(_("assessed on"))
    schooling = models.CharField(
        _("schooling"), max_length=20, choices=Schooling.choices, default=Schooling.UNKNOWN
    )
    school_years = models.PositiveSmallIntegerField(_("years of schooling"), null=True, blank=True)
    vocational_training = models.CharField(
        _("vocational training"),
        max_length=20,
        choices=VocationalTraining.choices,
        default=VocationalTraining.UNKNOWN,
    )
    work_experience_years = models.PositiveSmallIntegerField(
        _("years of work experience"), null=True, blank=True
    )
    work_experience = EncryptedTextField(
        _("work experience"), blank=True, help_text=_("Occupations and fields, briefly.")
    )
    driving_licence = models.CharField(
        _("driving licence"),
        max_length=20,
        choices=DrivingLicence.choices,
        default=DrivingLicence.NONE,
    )
    digital_skills = models.CharField(
        _("digital skills"),
        max_length=20,
        choices=DigitalSkills.choices,
        default=DigitalSkills.BASIC,
    )
    individual_factors = EncryptedTextField(_("individual factors"), blank=True)
    family_factors = EncryptedTextField(_("family factors"), blank=True)
    environment_factors = EncryptedTextField(_("environment factors"), blank=True)
    resources = EncryptedTextField(_("resources and strengths"), blank=True)
    to_acquire = EncryptedTextField(
        _("what still has to be acquired"),
        blank=True,
        help_text=_("Knowledge and skills the client still needs in order to settle in."),
    )
    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")

    def __str__(self) -> str:
        return f"{self.assessed_on}"

    def audit_client_id(self) -> int | None:
        return self.case.client_id


@audited
class Qualification(models.Model):
    """A degree or certificate the client brings, with its recognition status."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="qualifications"
    )
    level = models.CharField(_("level"), max_length=20, choices=DegreeLevel.choices)
    title = EncryptedCharField(_("title or field"), max_length=200, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True)
    recognition = models.CharField(
        _("recognition"),
        max_length=20,
        choices=Recognition.choices,
        default=Recognition.NOT_APPLIED,
    )

    class Meta:
        verbose_name = _("qualification")
        verbose_name_plural = _("qualifications")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.get_level_display()

    def audit_client_id(self) -> int | None:
        return self.assessment.case.client_id


@audited
class LanguageSkill(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="languages")
    language = models.CharField(_("language"), max_length=8, help_text=_("e.g. de, ar, tr"))
    level = models.CharField(_("level"), max_length=10, choices=CefrLevel.choices)

    class Meta:
        verbose_name = _("language skill")
        verbose_name_plural = _("language skills")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "language"], name="assessment_language_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.language} {self.level}"

    def audit_client_id(self) -> int | None:
        return self.assessment.case.client_id
