"""Support plan with versions, goals, steps and the versioned goal catalogue (DOMAIN §D5.2)."""

from __future__ import annotations

import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from lotse.clients.models import HouseholdMember
from lotse.common.auditing import audited
from lotse.common.fields import EncryptedCharField, EncryptedTextField

from ..indicators import INDICATOR_BY_CODE
from ..planning import GOAL_STATUS_CHOICES, MODULE_CHOICES, RESPONSIBLE_CHOICES, GoalStatus
from .case import Case


class GoalCatalogueQuerySet(models.QuerySet["GoalCatalogue"]):
    def in_force(self, on: date) -> GoalCatalogue | None:
        return self.filter(effective_from__lte=on).order_by("-effective_from").first()


@audited
class GoalCatalogue(models.Model):
    version = models.CharField(_("version"), max_length=20, unique=True)
    effective_from = models.DateField(_("valid from"))
    source = models.CharField(_("source"), max_length=200, blank=True)

    objects = GoalCatalogueQuerySet.as_manager()

    class Meta:
        verbose_name = _("goal catalogue")
        verbose_name_plural = _("goal catalogues")
        ordering = ["-effective_from"]

    def __str__(self) -> str:
        return self.version


@audited
class CatalogueGoal(models.Model):
    catalogue = models.ForeignKey(GoalCatalogue, on_delete=models.PROTECT, related_name="goals")
    code = models.SlugField(_("code"), max_length=60)
    label_de = models.CharField(_("label (German)"), max_length=200)
    label_en = models.CharField(_("label (English)"), max_length=200)
    module = models.CharField(_("module"), max_length=30, choices=MODULE_CHOICES)
    indicators = models.JSONField(_("indicators fed by default"), default=list, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("catalogue goal")
        verbose_name_plural = _("catalogue goals")
        ordering = ["catalogue", "position"]
        constraints = [
            models.UniqueConstraint(fields=["catalogue", "code"], name="catalogue_goal_unique")
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return self.label_en if (get_language() or "de").startswith("en") else self.label_de


@audited
class SupportPlan(models.Model):
    """One version of the plan. Earlier versions stay as they were, readable."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="plans")
    number = models.PositiveSmallIntegerField(_("version"))
    created_on = models.DateField(_("drawn up on"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    revision_reason = EncryptedTextField(_("reason for this version"), blank=True)
    personal_history = EncryptedTextField(
        _("personal data and history"),
        blank=True,
        help_text=_("What matters for the plan: background, path so far."),
    )
    language_module = EncryptedTextField(_("module language"), blank=True)
    education_module = EncryptedTextField(_("module education and profession"), blank=True)
    social_module = EncryptedTextField(
        _("module social competences"),
        blank=True,
        help_text=_("Social environment, contacts, leisure."),
    )
    family_involved = models.ManyToManyField(
        HouseholdMember, blank=True, related_name="+", verbose_name=_("family members involved")
    )
    others_involved = EncryptedTextField(
        _("others involved"), blank=True, help_text=_("School, other actors …")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("support plan")
        verbose_name_plural = _("support plans")
        ordering = ["case", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="support_plan_unique_number")
        ]

    def __str__(self) -> str:
        return f"v{self.number}"

    def audit_client_id(self) -> int | None:
        return self.case.client_id


@audited
class Goal(models.Model):
    plan = models.ForeignKey(SupportPlan, on_delete=models.CASCADE, related_name="goals")
    # Stays the same when the goal is carried into a later plan version.
    lineage = models.UUIDField(default=uuid.uuid4, editable=False)
    module = models.CharField(_("module"), max_length=30, choices=MODULE_CHOICES)
    catalogue_goal = models.ForeignKey(
        CatalogueGoal,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("goal from the catalogue"),
    )
    title = EncryptedCharField(
        _("goal in own words"),
        max_length=300,
        blank=True,
        help_text=_("Concrete and agreed with the client."),
    )
    target_date = models.DateField(_("to be reached by"))
    responsible = models.CharField(_("responsible"), max_length=20, choices=RESPONSIBLE_CHOICES)
    # Free text: the partner may be a person (a relative, a doctor) rather than an institution.
    partner_name = EncryptedCharField(
        _("network partner"), max_length=200, blank=True, help_text=_("Name of the partner.")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=GOAL_STATUS_CHOICES, default=GoalStatus.OPEN
    )
    indicators = models.JSONField(_("indicators fed"), default=list, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["plan", "position", "pk"]
        indexes = [models.Index(fields=["status"], name="goal_status_idx")]

    def __str__(self) -> str:
        return f"{self.plan} #{self.position}"

    def audit_client_id(self) -> int | None:
        return self.plan.case.client_id

    @property
    def indicator_labels(self) -> list[str]:
        return [INDICATOR_BY_CODE[c].label for c in self.indicators if c in INDICATOR_BY_CODE]

    @property
    def label(self) -> str:
        """Own words if given, otherwise the catalogue wording."""
        if self.title:
            return self.title
        return self.catalogue_goal.label if self.catalogue_goal else ""


@audited
class GoalStep(models.Model):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="steps")
    description = EncryptedCharField(_("step"), max_length=300)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        ordering = ["goal", "pk"]

    def __str__(self) -> str:
        return f"step {self.pk}"

    def audit_client_id(self) -> int | None:
        return self.goal.plan.case.client_id


@audited
class GoalStatusChange(models.Model):
    """History of a goal's status, in a review or in between."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="status_changes")
    review = models.ForeignKey(
        "cases.Review",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="goal_changes",
    )
    from_status = models.CharField(_("from"), max_length=20, choices=GOAL_STATUS_CHOICES)
    to_status = models.CharField(_("to"), max_length=20, choices=GOAL_STATUS_CHOICES)
    changed_on = models.DateField(_("date"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    note = EncryptedTextField(_("note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("goal status change")
        verbose_name_plural = _("goal status changes")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"

    def audit_client_id(self) -> int | None:
        return self.goal.plan.case.client_id
