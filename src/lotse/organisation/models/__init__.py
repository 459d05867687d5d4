"""Provider → counselling centre → service → team (DOMAIN §D1, §D15)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from lotse.common.auditing import audited


class ServiceKind(models.TextChoices):
    MBE = "mbe", _("Adult migration counselling (MBE)")
    JMD = "jmd", _("Youth migration service (JMD)")
    REFUGEE = "refugee", _("Refugee counselling")
    NO_STATUS = "no_status", _("Counselling for people without legal residence status")
    INTEGRATION_AGENCY = "integration_agency", _("Integration agency")
    INTEGRATION_PARTNERSHIP = "integration_partnership", _("Integration partnership (volunteers)")


# Services whose clients stay anonymous by design: no name, nothing that identifies.
ANONYMOUS_SERVICES = frozenset({ServiceKind.NO_STATUS})
# Services that work with institutions, not individual clients (DOMAIN §D9).
NO_CLIENT_SERVICES = frozenset({ServiceKind.INTEGRATION_AGENCY})


@audited
class Provider(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    # Shown on the public pages (§ 5 DDG, Art. 13 GDPR); written by the administrator. The
    # database default lets code that does not know the columns yet (an app server during a
    # rolling upgrade, historical models in data migrations) still insert providers.
    imprint = models.TextField(_("imprint"), blank=True, default="", db_default="")
    privacy_notice = models.TextField(_("privacy notice"), blank=True, default="", db_default="")

    class Meta:
        verbose_name = _("provider")
        verbose_name_plural = _("providers")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.short_name or self.name


@audited
class Centre(models.Model):
    provider = models.ForeignKey(
        Provider, on_delete=models.PROTECT, related_name="centres", verbose_name=_("provider")
    )
    name = models.CharField(_("name"), max_length=200)
    street = models.CharField(_("street"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    office_hours = models.CharField(_("office hours"), max_length=200, blank=True)
    # A stable pseudonymous id for federated statistics: never the name or address.
    statistics_id = models.CharField(_("statistics identifier"), max_length=40, unique=True)
    # Confirmations and reminders to clients name the centre by its own name even when that
    # name says what it is for ("Migrationsberatung …"); off: by its provider (§D17).
    # A default in the database too, so code that knows nothing of the switch (older
    # migrations' models, a plain INSERT) still creates centres that do not name the service.
    messages_name_service = models.BooleanField(
        _("name the service in messages"), default=False, db_default=False
    )

    class Meta:
        verbose_name = _("counselling centre")
        verbose_name_plural = _("counselling centres")
        ordering = ["provider__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "name"], name="centre_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


@audited
class Service(models.Model):
    centre = models.ForeignKey(
        Centre, on_delete=models.PROTECT, related_name="services", verbose_name=_("centre")
    )
    kind = models.CharField(_("kind"), max_length=40, choices=ServiceKind.choices)

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["centre__name", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["centre", "kind"], name="service_unique_kind")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.centre}"

    @property
    def is_anonymous(self) -> bool:
        return self.kind in ANONYMOUS_SERVICES


@audited
class Team(models.Model):
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="teams", verbose_name=_("service")
    )
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["service__centre__name", "name"]
        constraints = [models.UniqueConstraint(fields=["service", "name"], name="team_unique_name")]

    def __str__(self) -> str:
        return f"{self.name} ({self.service.centre})"
