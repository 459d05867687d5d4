"""The case itself, its phase history and its closure (DOMAIN §D5, §D15)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lotse.clients.models import Client, Livelihood, visible_client_q
from lotse.common.auditing import audited
from lotse.common.fields import EncryptedTextField
from lotse.organisation.models import ServiceKind

from ..phases import CLOSURE_REASON_CHOICES, PHASE_CHOICES, Phase


class CaseQuerySet(models.QuerySet["Case"]):
    def visible_to(self, user: Any) -> CaseQuerySet:
        return self.filter(visible_client_q(user))

    def open(self) -> CaseQuerySet:
        return self.exclude(phase=Phase.CLOSED)


@audited
class Case(models.Model):
    """Case management for one client in one service; reopened rather than duplicated."""

    client = models.ForeignKey(
        Client, on_delete=models.CASCADE, related_name="cases", verbose_name=_("client")
    )
    service = models.CharField(_("service"), max_length=40, choices=ServiceKind.choices)
    phase = models.CharField(
        _("phase"), max_length=20, choices=PHASE_CHOICES, default=Phase.ASSESSMENT
    )
    phase_since = models.DateField(_("in this phase since"))
    opened_on = models.DateField(_("opened on"))
    limit_date = models.DateField(
        _("three-year limit"),
        null=True,
        blank=True,
        help_text=_("MBE case management lasts at most three years."),
    )
    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("responsible counsellor"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-opened_on", "-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["client", "service"], name="case_one_per_service"),
            # The list's phase order walks the phases one by one (selectors/worklist_walks.py):
            # a value outside the process would fall out of it.
            models.CheckConstraint(
                condition=models.Q(phase__in=[phase.value for phase in Phase]),
                name="case_phase_known",
            ),
        ]
        indexes = [
            models.Index(fields=["phase", "limit_date"], name="case_phase_limit_idx"),
            models.Index(fields=["counsellor", "phase"], name="case_counsellor_phase_idx"),
            # The case working list (issue #17 §3, docs/architecture.md "Working lists").
            models.Index(fields=["opened_on", "id"], name="case_opened_idx"),
            models.Index(fields=["service", "opened_on"], name="case_service_opened_idx"),
            models.Index(fields=["phase", "opened_on"], name="case_phase_opened_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.client} {self.service}"

    def audit_client_id(self) -> int | None:
        return self.client_id

    @property
    def is_closed(self) -> bool:
        return self.phase == Phase.CLOSED

    @property
    def is_jmd(self) -> bool:
        return self.service == ServiceKind.JMD

    @property
    def plan_label(self) -> Any:
        """JMD calls it the individual integration support plan (§D11)."""
        if self.is_jmd:
            return _("Individual integration support plan")
        return _("Support plan")


@audited
class PhaseChange(models.Model):
    """One step of the phase history: when, by whom, from where to where, and why."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="phase_changes")
    from_phase = models.CharField(_("from"), max_length=20, choices=PHASE_CHOICES, blank=True)
    to_phase = models.CharField(_("to"), max_length=20, choices=PHASE_CHOICES)
    changed_on = models.DateField(_("date"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("counsellor"),
    )
    reason = EncryptedTextField(_("reason"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("phase change")
        verbose_name_plural = _("phase changes")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.from_phase or '–'} → {self.to_phase}"

    def audit_client_id(self) -> int | None:
        return self.case.client_id


@audited
class Closure(models.Model):
    """Why and how a case ended; a reopened and closed-again case has several."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="closures")
    closed_on = models.DateField(_("closed on"))
    reason = models.CharField(_("reason"), max_length=30, choices=CLOSURE_REASON_CHOICES)
    livelihood = models.CharField(
        _("livelihood at closure"), max_length=20, choices=Livelihood.choices
    )
    note = EncryptedTextField(_("note"), blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("closure")
        verbose_name_plural = _("closures")
        ordering = ["-closed_on", "-created_at"]
        indexes = [models.Index(fields=["closed_on"], name="closure_date_idx")]

    def __str__(self) -> str:
        return f"{self.closed_on} {self.reason}"

    def audit_client_id(self) -> int | None:
        return self.case.client_id
