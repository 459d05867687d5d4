"""Versioned catalogue of counselling topics (DOMAIN §D4): old contacts keep their old topics."""

from __future__ import annotations

from datetime import date

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from lotse.common.auditing import audited


class TopicCatalogueQuerySet(models.QuerySet["TopicCatalogue"]):
    def in_force(self, on: date) -> TopicCatalogue | None:
        return self.filter(effective_from__lte=on).order_by("-effective_from").first()


@audited
class TopicCatalogue(models.Model):
    version = models.CharField(_("version"), max_length=20, unique=True)
    effective_from = models.DateField(_("valid from"))
    source = models.CharField(_("source"), max_length=200, blank=True)

    objects = TopicCatalogueQuerySet.as_manager()

    class Meta:
        verbose_name = _("topic catalogue")
        verbose_name_plural = _("topic catalogues")
        ordering = ["-effective_from"]

    def __str__(self) -> str:
        return self.version


@audited
class Topic(models.Model):
    catalogue = models.ForeignKey(TopicCatalogue, on_delete=models.PROTECT, related_name="topics")
    code = models.SlugField(_("code"), max_length=60)
    label_de = models.CharField(_("label (German)"), max_length=200)
    label_en = models.CharField(_("label (English)"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["catalogue", "position"]
        constraints = [
            models.UniqueConstraint(fields=["catalogue", "code"], name="topic_unique_code")
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return self.label_en if (get_language() or "de").startswith("en") else self.label_de
