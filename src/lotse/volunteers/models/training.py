"""The 40-hour preparatory training of §D10: modules, sessions and attendance."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from lotse.common.auditing import audited
from lotse.organisation.models import Team

from .volunteer import Volunteer


@audited
class TrainingModule(models.Model):
    """One topic of the curriculum with its hours (seeded by migration 0002)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    title_de = models.CharField(_("title (German)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    hours = models.DecimalField(
        _("hours"), max_digits=4, decimal_places=1, validators=[MinValueValidator(Decimal("0.5"))]
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("training module")
        verbose_name_plural = _("training modules")
        ordering = ["position"]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return self.title_en if (get_language() or "de").startswith("en") else self.title_de


@audited
class TrainingSession(models.Model):
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="training_sessions", verbose_name=_("team")
    )
    module = models.ForeignKey(
        TrainingModule, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("module")
    )
    date = models.DateField(_("date"))
    hours = models.DecimalField(
        _("hours"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5"))],
        help_text=_("Hours of the module this session covers."),
    )
    trainer = models.CharField(_("trainer"), max_length=200, blank=True)
    location = models.CharField(_("location"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["-date", "module__position"]

    def __str__(self) -> str:
        return f"{self.date} {self.module.code}"


@audited
class TrainingAttendance(models.Model):
    session = models.ForeignKey(
        TrainingSession, on_delete=models.CASCADE, related_name="attendances"
    )
    volunteer = models.ForeignKey(
        Volunteer, on_delete=models.CASCADE, related_name="training_attendances"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("training attendance")
        verbose_name_plural = _("training attendances")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "volunteer"], name="training_attendance_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.session_id}/{self.volunteer_id}"
