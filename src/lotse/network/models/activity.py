"""Network and intercultural-opening activities (§D8, §D9): numbers, never client names."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lotse.common.auditing import audited
from lotse.organisation.models import Centre

from ..access import network_centres
from ..choices import ActivityKind, CoreArea
from .partner import Partner


class ActivityQuerySet(models.QuerySet["Activity"]):
    def visible_to(self, user: Any) -> ActivityQuerySet:
        return self.filter(centre__in=network_centres(user))


@audited
class Activity(models.Model):
    centre = models.ForeignKey(
        Centre, on_delete=models.PROTECT, related_name="activities", verbose_name=_("centre")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=ActivityKind.choices)
    core_area = models.CharField(
        _("core area of integration-agency work"),
        max_length=30,
        choices=CoreArea.choices,
        blank=True,
    )
    topic = models.CharField(_("topic"), max_length=200)
    held_on = models.DateField(_("date"))
    partners = models.ManyToManyField(
        Partner, related_name="activities", blank=True, verbose_name=_("partners")
    )
    participants = models.PositiveIntegerField(_("number of participants"), default=0)
    project = models.ForeignKey(
        "network.Project",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("project"),
    )
    partner_staff = models.PositiveIntegerField(
        _("of whom staff of other institutions"),
        default=0,
        help_text=_("For trainings: how many staff of other services took part."),
    )
    outcome = models.TextField(
        _("outcome"), blank=True, help_text=_("What came of it. Never names of clients.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-held_on", "topic"]
        indexes = [models.Index(fields=["centre", "held_on"], name="activity_centre_date_idx")]

    def __str__(self) -> str:
        return self.topic
