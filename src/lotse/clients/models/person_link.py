"""A team lead's request to link a file of their team with a file of another service (§D16).

A handshake: the lead of the requesting file names the other file by its number; a lead of
the other file's team decides. Neither sees the other file. The request itself holds no
personal data: two file references, who asked and decided, and whether the keyed hashes of
name and date of birth were equal when it was made.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lotse.common.auditing import audited

from .client import Client


class LinkStatus(models.TextChoices):
    PENDING = "pending", _("pending")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")
    WITHDRAWN = "withdrawn", _("withdrawn")


@audited
class PersonLinkRequest(models.Model):
    from_client = models.ForeignKey(
        Client,
        on_delete=models.CASCADE,
        related_name="person_link_requests_sent",
        verbose_name=_("requesting file"),
    )
    to_client = models.ForeignKey(
        Client,
        on_delete=models.CASCADE,
        related_name="person_link_requests_received",
        verbose_name=_("requested file"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=LinkStatus.choices, default=LinkStatus.PENDING
    )
    # Computed once from the keyed hashes (never by decrypting the other file); shown only to
    # the deciding lead, who holds the other file anyway.
    name_matches = models.BooleanField(_("name matches"), default=False)
    birth_date_matches = models.BooleanField(_("date of birth matches"), default=False)
    # Optimistic locking: two leads deciding at once, or a decision racing a withdrawal.
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("person link request")
        verbose_name_plural = _("person link requests")
        ordering = ["-requested_at"]
        constraints = [
            # One open request per pair and direction; the service also refuses the reverse.
            models.UniqueConstraint(
                fields=["from_client", "to_client"],
                condition=models.Q(status="pending"),
                name="person_link_one_pending",
            )
        ]
        indexes = [
            # The target team's leads read the pending requests on their dashboard.
            models.Index(
                fields=["to_client"],
                condition=models.Q(status="pending"),
                name="person_link_pending_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.from_client_id} → {self.to_client_id} ({self.status})"

    def audit_client_id(self) -> int | None:
        # The entries belong to the file whose lead asked; erasure of that file redacts them.
        return self.from_client_id
