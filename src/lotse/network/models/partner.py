"""Partner institutions of a counselling centre and their contact persons (DOMAIN §D7)."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from lotse.common.auditing import audited
from lotse.organisation.models import Centre

from ..access import network_centres
from ..choices import PartnerCategory, PartnerTier


class NetworkPartnerQuerySet(models.QuerySet["Partner"]):
    def visible_to(self, user: Any) -> NetworkPartnerQuerySet:
        """Partners of the centres in whose teams ``user`` works with the network."""
        return self.filter(centre__in=network_centres(user))

    def writable_by(self, user: Any) -> NetworkPartnerQuerySet:
        return self.filter(centre__in=network_centres(user, write=True))


@audited
class Partner(models.Model):
    centre = models.ForeignKey(
        Centre, on_delete=models.PROTECT, related_name="partners", verbose_name=_("centre")
    )
    name = models.CharField(
        _("name"),
        max_length=200,
        help_text=_("As clients read it in their consent forms and referral letters."),
    )
    tier = models.CharField(_("tier"), max_length=20, choices=PartnerTier.choices)
    category = models.CharField(_("category"), max_length=40, choices=PartnerCategory.choices)
    street = models.CharField(_("street"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    languages = models.CharField(
        _("languages"),
        max_length=200,
        blank=True,
        help_text=_("Language codes, separated by commas, e.g. de,ar,fr"),
    )
    opening_hours = models.TextField(_("opening hours"), blank=True)
    notes = models.TextField(
        _("notes"), blank=True, help_text=_("About the institution only, never about clients.")
    )
    opening_in_mission_statement = models.BooleanField(
        _("intercultural opening anchored in the partner's mission statement"), default=False
    )
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = NetworkPartnerQuerySet.as_manager()

    class Meta:
        verbose_name = _("network partner")
        verbose_name_plural = _("network partners")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["centre", "name"], name="partner_unique_name")
        ]
        indexes = [models.Index(fields=["centre", "category"], name="partner_centre_cat_idx")]

    def __str__(self) -> str:
        return self.name

    @property
    def language_list(self) -> list[str]:
        return [code.strip() for code in self.languages.split(",") if code.strip()]

    @property
    def address_lines(self) -> list[str]:
        place = f"{self.postal_code} {self.city}".strip()
        return [line for line in (self.street, place) if line]


@audited(sensitive=["name", "phone", "email"])
class ContactPerson(models.Model):
    """Someone at the partner institution (personal data of partner staff, not of clients)."""

    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("partner")
    )
    name = models.CharField(_("name"), max_length=200)
    function = models.CharField(_("function"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    languages = models.CharField(
        _("languages"), max_length=200, blank=True, help_text=_("Language codes, e.g. de,ar")
    )

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.function or str(_("contact person"))
