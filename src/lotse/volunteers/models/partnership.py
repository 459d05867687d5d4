"""Partnerships between a volunteer and a partner, and the meetings they log (§D10)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lotse.common.auditing import audited
from lotse.common.fields import EncryptedTextField

from ..access import managed_team_ids
from ..choices import EndReason, ReportedBy
from ..states import OPEN_PARTNERSHIP_STATES, PartnershipStatus
from .partner import TandemPartner


class PartnershipQuerySet(models.QuerySet["Partnership"]):
    def managed_by(self, user: Any) -> PartnershipQuerySet:
        if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
            return self.none()
        return self.filter(partner__team_id__in=managed_team_ids(user))

    def open(self) -> PartnershipQuerySet:
        return self.filter(status__in=OPEN_PARTNERSHIP_STATES)


@audited(sensitive=["match_reasons"])
class Partnership(models.Model):
    volunteer = models.ForeignKey(
        # By name: volunteer.py imports this module (a volunteer is visible through a partnership).
        "Volunteer",
        on_delete=models.PROTECT,
        related_name="partnerships",
        verbose_name=_("volunteer"),
    )
    partner = models.ForeignKey(
        TandemPartner,
        on_delete=models.CASCADE,
        related_name="partnerships",
        verbose_name=_("partner"),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=PartnershipStatus.choices,
        default=PartnershipStatus.PROPOSED,
        db_index=True,
    )
    proposed_on = models.DateField(_("proposed on"))
    started_on = models.DateField(_("started on"), null=True, blank=True)
    paused_on = models.DateField(_("paused on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.CharField(
        _("reason for ending"), max_length=30, choices=EndReason.choices, blank=True
    )
    end_note = EncryptedTextField(_("note on the ending"), blank=True)
    # The match as the coordinator saw it when confirming: score and reasons (see matching.py).
    match_score = models.PositiveSmallIntegerField(_("match score"), null=True, blank=True)
    match_reasons = models.JSONField(_("match reasons"), default=list, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = PartnershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        ordering = ["-proposed_on", "-created_at"]
        constraints = [
            # A partner has at most one volunteer at a time.
            models.UniqueConstraint(
                fields=["partner"],
                condition=Q(status__in=sorted(OPEN_PARTNERSHIP_STATES)),
                name="partnership_one_open_per_partner",
            )
        ]

    def __str__(self) -> str:
        return f"partnership #{self.pk}"

    def audit_client_id(self) -> int | None:
        return self.partner.client_id

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_PARTNERSHIP_STATES


@audited
class Meeting(models.Model):
    """A quick log: when, how long, what they did. Reported by the volunteer or the coordinator."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="meetings")
    date = models.DateField(_("date"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"))
    activities = models.JSONField(_("what they did"), default=list)
    reported_by = models.CharField(
        _("reported by"), max_length=20, choices=ReportedBy.choices, default=ReportedBy.VOLUNTEER
    )
    note = EncryptedTextField(_("note"), blank=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-date", "-created_at"]
        indexes = [models.Index(fields=["partnership", "-date"], name="meeting_partnership_idx")]

    def __str__(self) -> str:
        return f"{self.date} ({self.duration_minutes} min)"

    def audit_client_id(self) -> int | None:
        return self.partnership.partner.client_id
