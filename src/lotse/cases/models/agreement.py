"""Integration agreement concluded on a version of the support plan (DOMAIN §D5.3)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lotse.common.auditing import audited
from lotse.common.fields import EncryptedTextField

from .case import Case
from .plan import SupportPlan


@audited
class IntegrationAgreement(models.Model):
    """Generated from one plan version; the plan's goals say who does what by when.

    The texts below add what the goals do not say; they are printed as typed.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="agreements")
    plan = models.ForeignKey(SupportPlan, on_delete=models.PROTECT, related_name="agreements")
    number = models.PositiveSmallIntegerField(_("number"))
    drawn_up_on = models.DateField(_("drawn up on"))
    cooperation = EncryptedTextField(
        _("how we work together"),
        blank=True,
        help_text=_("Additional arrangements, e.g. how to reach each other, interpreters."),
    )
    appointments = EncryptedTextField(
        _("agreed appointments"),
        blank=True,
        help_text=_("Review dates and target dates are added from the plan."),
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    signed_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("integration agreement")
        verbose_name_plural = _("integration agreements")
        ordering = ["case", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="agreement_unique_number")
        ]

    def __str__(self) -> str:
        return f"#{self.number}"

    def audit_client_id(self) -> int | None:
        return self.case.client_id

    @property
    def is_signed(self) -> bool:
        return self.signed_on is not None
