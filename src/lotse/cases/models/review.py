"""Reviews, evaluation and sustainability check (DOMAIN §D5.4, §D5.5)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lotse.common.auditing import audited
from lotse.common.fields import EncryptedTextField

from .case import Case
from .plan import SupportPlan


@audited
class Review(models.Model):
    """A scheduled review; ``held_on`` is set when it took place."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="reviews")
    scheduled_on = models.DateField(_("scheduled for"))
    held_on = models.DateField(_("held on"), null=True, blank=True)
    plan = models.ForeignKey(
        SupportPlan,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reviews",
        verbose_name=_("plan version reviewed"),
    )
    assessment = EncryptedTextField(
        _("short assessment"), blank=True, help_text=_("Progress, obstacles, what changes.")
    )
    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["case", "scheduled_on", "pk"]
        indexes = [
            # Due and overdue reviews; the case list's "next review" order walks the open ones
            # by date, ties by case (selectors/worklist_walks.py).
            models.Index(fields=["held_on", "scheduled_on", "case"], name="review_due_case_idx"),
            # A case's next review, for the case working list (issue #17 §3).
            models.Index(fields=["case", "held_on", "scheduled_on"], name="review_case_open_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.scheduled_on}"

    def audit_client_id(self) -> int | None:
        return self.case.client_id

    @property
    def is_held(self) -> bool:
        return self.held_on is not None


@audited
class Evaluation(models.Model):
    """Evaluation and reflection at the end of the implementation."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="evaluations")
    evaluated_on = models.DateField(_("evaluated on"))
    reflection = EncryptedTextField(
        _("evaluation and reflection"),
        help_text=_("What worked, what did not, and why — the steps of the work looked back on."),
    )
    client_view = EncryptedTextField(_("the client's view"), blank=True)
    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["case", "-evaluated_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.evaluated_on}"

    def audit_client_id(self) -> int | None:
        return self.case.client_id


class SustainabilityOutcome(models.TextChoices):
    SUSTAINED = "sustained", _("results have lasted")
    PARTLY = "partly", _("results have partly lasted")
    NOT_SUSTAINED = "not_sustained", _("results have not lasted")
    NOT_REACHED = "not_reached", _("client could not be reached")


@audited
class SustainabilityCheck(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="sustainability_checks")
    evaluation = models.OneToOneField(
        Evaluation, on_delete=models.CASCADE, related_name="sustainability_check"
    )
    due_on = models.DateField(_("due on"))
    checked_on = models.DateField(_("checked on"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=SustainabilityOutcome.choices, blank=True
    )
    notes = EncryptedTextField(_("notes"), blank=True)
    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("sustainability check")
        verbose_name_plural = _("sustainability checks")
        ordering = ["case", "-due_on"]
        indexes = [models.Index(fields=["checked_on", "due_on"], name="sustainability_due_idx")]

    def __str__(self) -> str:
        return f"{self.due_on}"

    def audit_client_id(self) -> int | None:
        return self.case.client_id
