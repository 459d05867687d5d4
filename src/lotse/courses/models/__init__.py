"""Integration courses, participations and attendance signals (DOMAIN §D6)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lotse.clients.models import Client
from lotse.common.auditing import audited
from lotse.common.fields import EncryptedTextField
from lotse.network.choices import PartnerCategory
from lotse.network.models import Partner

from ..choices import (
    CourseType,
    Entitlement,
    Exam,
    FeeFinancing,
    FollowUp,
    Level,
    Obligation,
    ParticipationStatus,
    RiskReason,
    SignalKind,
    SignalSource,
)


class CourseQuerySet(models.QuerySet["IntegrationCourse"]):
    def visible_to(self, user: Any) -> CourseQuerySet:
        return self.filter(provider__in=Partner.objects.visible_to(user))


@audited
class IntegrationCourse(models.Model):
    provider = models.ForeignKey(
        Partner,
        on_delete=models.PROTECT,
        related_name="courses",
        verbose_name=_("course provider"),
        limit_choices_to={"category": PartnerCategory.COURSE_PROVIDER},
    )
    course_type = models.CharField(_("type"), max_length=20, choices=CourseType.choices)
    title = models.CharField(_("title"), max_length=200)
    number = models.CharField(_("course number"), max_length=60, blank=True)
    start_on = models.DateField(_("start"))
    end_on = models.DateField(_("end"), null=True, blank=True)
    modules = models.CharField(
        _("modules"),
        max_length=200,
        blank=True,
        help_text=_("e.g. language course modules 1–6, orientation course"),
    )
    schedule = models.CharField(
        _("schedule"), max_length=200, blank=True, help_text=_("e.g. Mon–Fri 8:30–12:45")
    )
    childcare_offered = models.BooleanField(_("childcare offered by the provider"), default=False)
    notes = models.TextField(_("notes"), blank=True, help_text=_("Never about clients."))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = CourseQuerySet.as_manager()

    class Meta:
        verbose_name = _("integration course")
        verbose_name_plural = _("integration courses")
        ordering = ["-start_on", "title"]

    def __str__(self) -> str:
        return self.title


@audited
class CourseParticipation(models.Model):
    course = models.ForeignKey(
        IntegrationCourse,
        on_delete=models.PROTECT,
        related_name="participations",
        verbose_name=_("course"),
    )
    client = models.ForeignKey(
        Client,
        on_delete=models.CASCADE,
        related_name="course_participations",
        verbose_name=_("client"),
    )
    # before the course
    obligation = models.CharField(
        _("obligation"), max_length=30, choices=Obligation.choices, default=Obligation.VOLUNTARY
    )
    entitlement = models.CharField(
        _("entitlement"), max_length=20, choices=Entitlement.choices, default=Entitlement.ENTITLED
    )
    fee_financing = models.CharField(
        _("course fee"), max_length=20, choices=FeeFinancing.choices, default=FeeFinancing.EXEMPT
    )
    childcare_needed = models.BooleanField(_("childcare needed"), default=False)
    childcare_arranged = models.BooleanField(_("childcare arranged"), default=False)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ParticipationStatus.choices,
        default=ParticipationStatus.REGISTERED,
    )
    # during the course
    at_risk = models.BooleanField(_("at risk of dropping out"), default=False)
    risk_reason = models.CharField(
        _("reason for the risk"), max_length=20, choices=RiskReason.choices, blank=True
    )
    risk_flagged_on = models.DateField(_("risk noticed on"), null=True, blank=True)
    risk_note = EncryptedTextField(_("about the risk"), blank=True)
    intervention = EncryptedTextField(
        _("intervention"), blank=True, help_text=_("What was done or agreed, and with whom.")
    )
    # after the course
    exam = models.CharField(_("test"), max_length=20, choices=Exam.choices, blank=True)
    level_reached = models.CharField(
        _("level reached"), max_length=10, choices=Level.choices, blank=True
    )
    finished_on = models.DateField(_("finished on"), null=True, blank=True)
    follow_up = models.CharField(
        _("follow-up measure recommended"), max_length=20, choices=FollowUp.choices, blank=True
    )
    follow_up_note = EncryptedTextField(_("about the follow-up"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("course participation")
        verbose_name_plural = _("course participations")
        ordering = ["-course__start_on"]
        constraints = [
            models.UniqueConstraint(fields=["course", "client"], name="participation_unique")
        ]
        indexes = [models.Index(fields=["at_risk", "status"], name="participation_risk_idx")]

    def __str__(self) -> str:
        return f"{self.course_id}/{self.client_id}"

    def audit_client_id(self) -> int | None:
        return self.client_id


@audited
class AttendanceSignal(models.Model):
    participation = models.ForeignKey(
        CourseParticipation, on_delete=models.CASCADE, related_name="signals"
    )
    noted_on = models.DateField(_("date"))
    kind = models.CharField(_("signal"), max_length=20, choices=SignalKind.choices)
    source = models.CharField(_("from"), max_length=20, choices=SignalSource.choices)
    note = EncryptedTextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attendance signal")
        verbose_name_plural = _("attendance signals")
        ordering = ["-noted_on", "-created_at"]

    def __str__(self) -> str:
        return f"{self.noted_on} {self.kind}"

    def audit_client_id(self) -> int | None:
        return self.participation.client_id
