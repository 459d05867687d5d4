"""Projects and the district needs analysis (DOMAIN §D17 "Projects", §D9): organisation data.

A project (JMD, integration agency) has goals, partners, activities and a number of
participants; a needs analysis (Sozialraumanalyse) lists per district what people there need
and which partners cover it, so that the network's coverage shows what nobody covers yet.
Neither holds a client: participants are counted, never named (the forms say so).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lotse.common.auditing import audited
from lotse.organisation.models import Centre

from ..access import network_centres
from .partner import Partner


class ProjectStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    RUNNING = "running", _("running")
    FINISHED = "finished", _("finished")


class GoalStatus(models.TextChoices):
    OPEN = "open", _("open")
    REACHED = "reached", _("reached")
    DROPPED = "dropped", _("dropped")


class ProjectQuerySet(models.QuerySet["Project"]):
    def visible_to(self, user: Any) -> ProjectQuerySet:
        return self.filter(centre__in=network_centres(user))


class DistrictNeedQuerySet(models.QuerySet["DistrictNeed"]):
    def visible_to(self, user: Any) -> DistrictNeedQuerySet:
        return self.filter(centre__in=network_centres(user))


@audited
class Project(models.Model):
    centre = models.ForeignKey(
        Centre, on_delete=models.PROTECT, related_name="projects", verbose_name=_("centre")
    )
    title = models.CharField(_("title"), max_length=200)
    district = models.CharField(
        _("district"), max_length=120, blank=True, help_text=_("Where the project works.")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.PLANNED
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    description = models.TextField(
        _("description"), blank=True, help_text=_("What the project does. Never names of clients.")
    )
    partners = models.ManyToManyField(
        Partner, related_name="projects", blank=True, verbose_name=_("partners")
    )
    participants = models.PositiveIntegerField(
        _("number of participants"), default=0, help_text=_("So far, counted, not named.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-starts_on", "title"]
        indexes = [models.Index(fields=["centre", "starts_on"], name="project_centre_start_idx")]

    def __str__(self) -> str:
        return self.title


@audited
class ProjectGoal(models.Model):
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="goals", verbose_name=_("project")
    )
    text = models.CharField(_("goal"), max_length=300)
    due_on = models.DateField(_("by"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=GoalStatus.choices, default=GoalStatus.OPEN
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("project goal")
        verbose_name_plural = _("project goals")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.text


@audited
class DistrictNeed(models.Model):
    """One need found in a district, and the partners who cover it (none: a gap)."""

    centre = models.ForeignKey(
        Centre, on_delete=models.PROTECT, related_name="district_needs", verbose_name=_("centre")
    )
    district = models.CharField(_("district"), max_length=120)
    need = models.CharField(
        _("need"), max_length=200, help_text=_("E.g. childcare during the integration course.")
    )
    source = models.CharField(
        _("source"),
        max_length=200,
        blank=True,
        help_text=_("Where it was found: a survey, a residents' meeting, the counselling."),
    )
    found_on = models.DateField(_("found on"))
    partners = models.ManyToManyField(
        Partner, related_name="district_needs", blank=True, verbose_name=_("covered by")
    )
    note = models.TextField(_("note"), blank=True, help_text=_("Never names of clients."))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = DistrictNeedQuerySet.as_manager()

    class Meta:
        verbose_name = _("district need")
        verbose_name_plural = _("district needs")
        ordering = ["district", "need"]
        indexes = [models.Index(fields=["centre", "district"], name="districtneed_centre_idx")]

    def __str__(self) -> str:
        return f"{self.district}: {self.need}"
