"""Referrals: a client passed to a partner (or sent to us by one), with the outcome (§D7)."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lotse.clients.models import Client, Consent
from lotse.common.auditing import audited
from lotse.common.fields import EncryptedTextField

from ..choices import DataItem, ReferralDirection, ReferralOutcome
from .partner import Partner


@audited
class Referral(models.Model):
    client = models.ForeignKey(
        Client, on_delete=models.CASCADE, related_name="referrals", verbose_name=_("client")
    )
    partner = models.ForeignKey(
        Partner, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("partner")
    )
    direction = models.CharField(
        _("direction"),
        max_length=10,
        choices=ReferralDirection.choices,
        default=ReferralDirection.OUTGOING,
    )
    purpose = EncryptedTextField(_("purpose"))
    referred_on = models.DateField(_("date of referral"))
    expected_feedback_on = models.DateField(_("feedback expected by"), null=True, blank=True)
    # Kinds of data passed on (DataItem values); empty when nothing was passed.
    data_items = models.JSONField(_("data passed on"), default=list, blank=True)
    without_personal_data = models.BooleanField(
        _("recorded without passing personal data"),
        default=False,
        help_text=_("The partner got no personal data of the client (no consent covered it)."),
    )
    # The consent that covered passing data, kept so that the decision can be traced.
    consent = models.ForeignKey(
        Consent,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    outcome = models.CharField(
        _("outcome"),
        max_length=20,
        choices=ReferralOutcome.choices,
        default=ReferralOutcome.PENDING,
    )
    outcome_on = models.DateField(_("outcome known on"), null=True, blank=True)
    outcome_note = EncryptedTextField(_("note on the outcome"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-referred_on", "-created_at"]
        indexes = [
            models.Index(fields=["outcome", "expected_feedback_on"], name="referral_due_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_direction_display()} {self.referred_on}"

    def audit_client_id(self) -> int | None:
        return self.client_id

    @property
    def is_outgoing(self) -> bool:
        return self.direction == ReferralDirection.OUTGOING

    def is_overdue(self, on: date) -> bool:
        return (
            self.is_outgoing
            and self.outcome == ReferralOutcome.PENDING
            and self.expected_feedback_on is not None
            and self.expected_feedback_on < on
        )

    def data_item_labels(self) -> list[str]:
        return [str(label) for item, label in DataItem.choices if item in self.data_items]
