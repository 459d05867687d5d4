"""Parts of town: where partners live and where volunteers can go."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from lotse.common.auditing import audited
from lotse.organisation.models import Centre


@audited
class District(models.Model):
    """A part of town of a centre's area: where partners live and volunteers can go."""

    centre = models.ForeignKey(
        Centre, on_delete=models.PROTECT, related_name="districts", verbose_name=_("centre")
    )
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["centre", "name"], name="district_unique_name")
        ]

    def __str__(self) -> str:
        return self.name
