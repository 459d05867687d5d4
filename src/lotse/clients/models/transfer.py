"""Passing a file to another team or centre, accepted by the receiving team's lead (§D17).

A request per file: the file stays with its team (and only its team sees it) until a lead of
the receiving team accepts. The handover note is written for that lead and may describe the
person, so it is encrypted like the file itself.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lotse.common.auditing import audited
from lotse.common.fields import EncryptedTextField
from lotse.organisation.models import Team

from .client import Client


class TransferStatus(models.TextChoices):
    PENDING = "pending", _("waiting for acceptance")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")
    WITHDRAWN = "withdrawn", _("withdrawn")


@audited
class TeamTransfer(models.Model):
    client = models.ForeignKey(
        Client, on_delete=models.CASCADE, related_name="transfers", verbose_name=_("client")
    )
    from_team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="+", verbose_name=_("from team")
    )
    to_team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="+", verbose_name=_("to team")
    )
    note = EncryptedTextField(_("handover note"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=12, choices=TransferStatus.choices, default=TransferStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    # Optimistic locking: two leads deciding at once, or a decision racing a withdrawal.
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("transfer to another team")
        verbose_name_plural = _("transfers to another team")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["client"],
                condition=models.Q(status="pending"),
                name="team_transfer_one_pending",
            )
        ]
        indexes = [
            # The receiving team's leads read the pending transfers on their dashboard.
            models.Index(
                fields=["to_team", "requested_at"],
                condition=models.Q(status="pending"),
                name="team_transfer_pending_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.client_id}: {self.from_team_id} → {self.to_team_id} ({self.status})"

    def audit_client_id(self) -> int | None:
        return self.client_id
