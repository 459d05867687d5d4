"""Funding periods with cost plans and funding records (DOMAIN §D13), and imported bundles.

None of these hold client data: costs, grants and aggregate bundles of other units.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from lotse.common.auditing import audited, not_audited
from lotse.common.fields import EncryptedJSONField
from lotse.organisation.models import Centre, Provider, ServiceKind


class CostCategory(models.TextChoices):
    PERSONNEL = "personnel", _("Personnel")
    MATERIAL = "material", _("Material costs")
    RENT = "rent", _("Rent and premises")
    TRAVEL = "travel", _("Travel")
    ADMINISTRATION = "administration", _("Administration")
    OTHER = "other", _("Other")


class FunderKind(models.TextChoices):
    FEDERAL = "federal", _("Federal office (BAMF)")
    STATE = "state", _("Federal state")
    MUNICIPALITY = "municipality", _("Municipality")
    EU = "eu", _("European funds")
    THIRD_PARTY = "third_party", _("Foundation or other third party")
    OWN = "own", _("Own funds of the provider")


class FundingStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    APPLIED = "applied", _("applied for")
    GRANTED = "granted", _("granted")


@audited
class FundingPeriod(models.Model):
    """A funding period of one service in one centre (seed 001: MBE, 2016–2019)."""

    centre = models.ForeignKey(
        Centre, on_delete=models.PROTECT, related_name="funding_periods", verbose_name=_("centre")
    )
    service = models.CharField(_("service"), max_length=40, choices=ServiceKind.choices)
    title = models.CharField(_("title"), max_length=200)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    federal_share_percent = models.DecimalField(
        _("federal share of eligible costs (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("90"),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
        help_text=_("What the federal grant covers under the guideline, e.g. 90."),
    )
    recipient = models.TextField(
        _("letter to"),
        blank=True,
        help_text=_("Address of the municipality the grant letter goes to, several lines."),
    )
    salutation = models.CharField(
        _("salutation"), max_length=200, blank=True, help_text=_("e.g. Sehr geehrter Herr …,")
    )
    signatory = models.CharField(
        _("signed by"), max_length=200, blank=True, help_text=_("Name and function.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("funding period")
        verbose_name_plural = _("funding periods")
        ordering = ["-starts_on", "title"]

    def __str__(self) -> str:
        return self.title

    def years(self) -> list[int]:
        return list(range(self.starts_on.year, self.ends_on.year + 1))


@audited
class CostItem(models.Model):
    period = models.ForeignKey(FundingPeriod, on_delete=models.CASCADE, related_name="costs")
    year = models.PositiveSmallIntegerField(_("year"))
    category = models.CharField(_("category"), max_length=20, choices=CostCategory.choices)
    label = models.CharField(_("description"), max_length=200, blank=True)
    amount = models.DecimalField(
        _("amount (€)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0))],
    )
    eligible = models.BooleanField(
        _("eligible"), default=True, help_text=_("Eligible costs under the federal guideline.")
    )

    class Meta:
        verbose_name = _("cost item")
        verbose_name_plural = _("cost items")
        ordering = ["period", "year", "category", "pk"]

    def __str__(self) -> str:
        return f"{self.year} {self.get_category_display()}"


@audited
class FundingRecord(models.Model):
    period = models.ForeignKey(FundingPeriod, on_delete=models.CASCADE, related_name="funding")
    year = models.PositiveSmallIntegerField(_("year"))
    funder_kind = models.CharField(_("funder"), max_length=20, choices=FunderKind.choices)
    funder_name = models.CharField(_("name of the funder"), max_length=200, blank=True)
    amount = models.DecimalField(
        _("amount (€)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0))],
    )
    status = models.CharField(
        _("status"), max_length=20, choices=FundingStatus.choices, default=FundingStatus.PLANNED
    )

    class Meta:
        verbose_name = _("funding record")
        verbose_name_plural = _("funding records")
        ordering = ["period", "year", "funder_kind", "pk"]

    def __str__(self) -> str:
        return f"{self.year} {self.get_funder_kind_display()}"


@audited
class ImportedBundle(models.Model):
    """A statistics bundle of another unit (or a merged one), read by the dashboard."""

    provider = models.ForeignKey(
        Provider, on_delete=models.PROTECT, related_name="+", verbose_name=_("imported for")
    )
    name = models.CharField(_("file"), max_length=200)
    unit_id = models.CharField(_("unit"), max_length=40)
    level = models.CharField(_("level"), max_length=20)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    sources = models.PositiveIntegerField(_("centres"), default=1)
    content = models.JSONField(_("bundle"))
    sha256 = models.CharField(max_length=64, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("imported bundle")
        verbose_name_plural = _("imported bundles")
        ordering = ["-period_start", "level", "unit_id"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "sha256"], name="imported_bundle_unique")
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.period_start}–{self.period_end}"


@audited
class TrustedKey(models.Model):
    """A public key whose signed bundles this installation accepts (``lotse stats trust``).

    The statistics officer of the next level registers the key a centre sends (after checking
    its key id with the centre by another channel); a withdrawn key no longer verifies."""

    key_id = models.CharField(_("key id"), max_length=40, unique=True)
    public_key = models.CharField(_("public key (base64)"), max_length=60)
    label = models.CharField(
        _("whose key"), max_length=200, blank=True, help_text=_("e.g. the centre's statistics id")
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    added_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        verbose_name = _("trusted signing key")
        verbose_name_plural = _("trusted signing keys")
        ordering = ["label", "key_id"]

    def __str__(self) -> str:
        return f"{self.label or '?'} ({self.key_id})"


@not_audited("counts kept for the statistics, recomputed from audited rows; no personal data")
class PeriodAggregate(models.Model):
    """The raw counts of one team for one publishable calendar period (a ``Partial``), kept so
    that a period's statistics are the sum of a few rows instead of a pass over a year of
    contacts (``lotse.stats.materialised``).

    Every write that changes a count bumps ``generation`` of the rows it reaches; the row is
    current when ``built_generation`` equals it. The counts are aggregates, yet small cells of
    a small team describe few people: they are encrypted like the records they come from.
    """

    team = models.ForeignKey(
        "organisation.Team", on_delete=models.CASCADE, related_name="+", verbose_name=_("team")
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    payload = EncryptedJSONField(_("counts"), null=True)
    generation = models.PositiveBigIntegerField(default=1)
    built_generation = models.PositiveBigIntegerField(default=0)
    stale_since = models.DateTimeField(null=True, blank=True)
    computed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("kept statistics counts")
        verbose_name_plural = _("kept statistics counts")
        constraints = [
            models.UniqueConstraint(
                fields=["team", "starts_on", "ends_on"], name="stats_aggregate_unique_period"
            )
        ]
        indexes = [models.Index(fields=["team", "ends_on"], name="stats_aggregate_team_end")]

    def __str__(self) -> str:
        return f"{self.team_id} {self.starts_on}–{self.ends_on}"

    @property
    def is_current(self) -> bool:
        return self.built_generation == self.generation and self.payload is not None
