"""Tandem partners: newcomers who asked for a volunteer (DOMAIN §D10).

Not to be confused with ``lotse.network.models.Partner``, the partner institution of the network.
The UI calls this person "Partner:in"; the code says ``TandemPartner``.

A partner is either a client of the centre — then a counsellor copies only what matching needs
from the file, with the client's consent, and the coordinator never sees the file itself — or a
lightweight record with its own consent for people who are not counselled here.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lotse.clients.models import Client, Gender, LanguageLevel
from lotse.common.auditing import audited
from lotse.common.fields import EncryptedCharField, EncryptedTextField
from lotse.organisation.models import Team

from ..access import managed_team_ids
from ..choices import GenderWish
from .district import District


class TandemPartnerQuerySet(models.QuerySet["TandemPartner"]):
    def managed_by(self, user: Any) -> TandemPartnerQuerySet:
        if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
            return self.none()
        return self.filter(team_id__in=managed_team_ids(user))

    def of_client(self, client: Client) -> TandemPartnerQuerySet:
        """A client's partner records — only for callers that resolved the client already."""
        return self.filter(client=client)


# Audit entries written before the rename name the object "volunteers.partner".
@audited(former_labels=("volunteers.partner",))
class TandemPartner(models.Model):
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="partners", verbose_name=_("team")
    )
    # Set when the partner is a client of the centre; coordinators never follow this link.
    client = models.ForeignKey(
        Client,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="partner_records",
        editable=False,
    )
    first_name = EncryptedCharField(
        _("first name"), max_length=100, help_text=_("As the partner wants to be addressed.")
    )
    last_name = EncryptedCharField(_("last name"), max_length=100, blank=True)
    phone = EncryptedCharField(_("phone"), max_length=50, blank=True)
    email = EncryptedCharField(_("e-mail"), max_length=254, blank=True)
    # Gender and the wish about the other's gender: matching reads them in Python only, so
    # nothing needs them plain in the database (issue #15).
    gender = EncryptedCharField(
        _("gender"), max_length=20, choices=Gender.choices, default=Gender.NOT_STATED
    )
    district = models.ForeignKey(
        District,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="partners",
        verbose_name=_("district"),
    )
    slots = models.JSONField(_("weekly availability"), default=list, blank=True)
    interests = models.JSONField(_("interests"), default=list, blank=True)
    volunteer_gender = EncryptedCharField(
        _("volunteer preferred"), max_length=10, choices=GenderWish.choices, blank=True
    )
    wants_bilingual_contact = models.BooleanField(
        _("asks for a bilingual contact person"), default=False
    )
    wishes = EncryptedTextField(
        _("wishes"),
        blank=True,
        help_text=_("What the partner hopes for, e.g. practising German for work."),
    )
    consent_on = models.DateField(
        _("consent signed on"),
        help_text=_(
            "Consent to store these details for matching and to pass name and contact "
            "to the volunteer."
        ),
    )
    consent_withdrawn_on = models.DateField(_("consent withdrawn on"), null=True, blank=True)
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = TandemPartnerQuerySet.as_manager()

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"partner #{self.pk}"

    def audit_client_id(self) -> int | None:
        return self.client_id

    @property
    def display_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def is_client(self) -> bool:
        return self.client_id is not None

    @property
    def has_consent(self) -> bool:
        return self.consent_withdrawn_on is None


@audited(former_labels=("volunteers.partnerlanguage",))
class TandemPartnerLanguage(models.Model):
    partner = models.ForeignKey(TandemPartner, on_delete=models.CASCADE, related_name="languages")
    language = models.CharField(_("language"), max_length=8, help_text=_("ISO 639 code"))
    level = models.CharField(_("level"), max_length=10, choices=LanguageLevel.choices)

    class Meta:
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        constraints = [
            models.UniqueConstraint(fields=["partner", "language"], name="partner_language_unique")
        ]

    def __str__(self) -> str:
        return f"{self.language} ({self.level})"

    def audit_client_id(self) -> int | None:
        return self.partner.client_id
