"""The residence permit in detail (§D17): kind, legal basis, validity, and its history.

Each change is a new row: the history is the list of rows, the current permit the latest by
``valid_from`` (then ``recorded_at``). Nothing is edited in place, so no earlier state is
lost silently. The client's coarse ``residence`` situation (eligibility input) stays as it is.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lotse.common.auditing import audited
from lotse.common.fields import EncryptedCharField, EncryptedTextField

from .client import Client


class PermitKind(models.TextChoices):
    RESIDENCE_PERMIT = "aufenthaltserlaubnis", _("Residence permit (Aufenthaltserlaubnis)")
    SETTLEMENT_PERMIT = "niederlassungserlaubnis", _("Settlement permit (Niederlassungserlaubnis)")
    EU_LONG_TERM = "daueraufenthalt_eu", _("EU long-term residence (Daueraufenthalt-EU)")
    ASYLUM_PERMISSION = "aufenthaltsgestattung", _("Permission to stay (Aufenthaltsgestattung)")
    TOLERATION = "duldung", _("Toleration (Duldung, § 60a AufenthG)")
    FICTION_CERTIFICATE = (
        "fiktionsbescheinigung",
        _("Fictional certificate (Fiktionsbescheinigung, § 81 AufenthG)"),
    )
    EU_FREE_MOVEMENT = "eu_freizuegigkeit", _("EU free movement (Freizügigkeit)")
    NONE = "none", _("No residence title")


# Kinds that never run out: the form leaves "valid until" empty for them.
UNLIMITED_KINDS = frozenset({PermitKind.SETTLEMENT_PERMIT, PermitKind.EU_LONG_TERM})
# The legal basis (§ 16a, § 25 Abs. 2 …) tells which residence permit it is.
BASIS_REQUIRED_KINDS = frozenset({PermitKind.RESIDENCE_PERMIT})


@audited
class ResidencePermit(models.Model):
    client = models.ForeignKey(
        Client, on_delete=models.CASCADE, related_name="permits", verbose_name=_("client")
    )
    # Kind, basis and note are encrypted: "Duldung" or "no residence title" endangers the
    # person. The dates are plain (see docs/security.md): the expiry list selects by them.
    kind = EncryptedCharField(
        _("kind of residence title"), max_length=30, choices=PermitKind.choices
    )
    legal_basis = EncryptedCharField(
        _("legal basis"),
        max_length=60,
        blank=True,
        help_text=_("For a residence permit the paragraph, e.g. § 25 Abs. 2 AufenthG."),
    )
    valid_from = models.DateField(pgettext_lazy("residence permit", "valid from"))
    valid_until = models.DateField(
        pgettext_lazy("residence permit", "valid until"), null=True, blank=True
    )
    note = EncryptedTextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("residence permit")
        verbose_name_plural = _("residence permits")
        ordering = ["-valid_from", "-recorded_at", "-pk"]
        indexes = [
            # The current permit of a client: the newest by valid_from.
            models.Index(
                fields=["client", "-valid_from", "-recorded_at"], name="permit_client_current_idx"
            ),
            # The expiry list: a range of valid_until.
            models.Index(fields=["valid_until"], name="permit_valid_until_idx"),
        ]

    def __str__(self) -> str:
        return str(self.get_kind_display())

    def audit_client_id(self) -> int | None:
        return self.client_id

    def days_left(self, today: date) -> int | None:
        return None if self.valid_until is None else (self.valid_until - today).days
