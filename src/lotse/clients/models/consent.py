"""Information about data processing and written, scoped, revocable consent (§D3)."""

from __future__ import annotations

from functools import cached_property

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lotse.common.auditing import audited
from lotse.common.fields import EncryptedTextField

from .client import Client, document_language_choices


@audited
class Consent(models.Model):
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="consents")
    informed_on = models.DateField(_("informed about data processing on"))
    information_language = models.CharField(
        _("language of the information"), max_length=8, choices=document_language_choices
    )
    informed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    written = models.BooleanField(_("written consent signed"), default=False)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    scope_storage = models.BooleanField(_("store data in the counselling file"), default=True)
    scope_share_with_partners = models.BooleanField(
        _("pass data to the partners named"), default=False
    )
    # By key, not by name: a renamed partner stays covered, a look-alike name never is, and
    # audit entries and the check before a referral deal in ids. By string: the network app
    # builds on clients, not the other way round.
    partner_links = models.ManyToManyField(
        "network.Partner",
        blank=True,
        related_name="consents",
        verbose_name=_("partners named"),
    )
    # Recipients outside the network (a person, an authority the centre does not work with):
    # free text that can name people, so encrypted. Never matched by the referral check.
    other_recipients = EncryptedTextField(
        _("other recipients named"),
        blank=True,
        help_text=_("Recipients that are not network partners, one per line."),
    )
    scope_contact_phone = models.BooleanField(_("contact by phone"), default=False)
    scope_contact_email = models.BooleanField(_("contact by e-mail"), default=False)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawn_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-informed_on", "-created_at"]

    def __str__(self) -> str:
        return f"{self.informed_on}"

    def audit_client_id(self) -> int | None:
        return self.client_id

    @property
    def is_active(self) -> bool:
        return self.withdrawn_on is None

    @property
    def other_recipient_list(self) -> list[str]:
        return [line.strip() for line in self.other_recipients.splitlines() if line.strip()]

    @cached_property
    def partner_list(self) -> list[str]:
        """Everyone the consent names, as the client reads it: network partners, then others."""
        partners = [str(p.name) for p in self.partner_links.all()]
        return sorted(partners, key=str.casefold) + self.other_recipient_list
