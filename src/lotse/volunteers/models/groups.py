"""Group work: volunteers' exchange evenings (§D10) and the teams' group work (§D11, §D17)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lotse.clients.models import Client
from lotse.common.auditing import audited
from lotse.organisation.models import Team

from ..access import GROUP_ROLES, managed_team_ids, team_ids_for
from .volunteer import Volunteer


class GroupEveningQuerySet(models.QuerySet["GroupEvening"]):
    def managed_by(self, user: Any) -> GroupEveningQuerySet:
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(team_id__in=managed_team_ids(user))


@audited
class GroupEvening(models.Model):
    """The volunteers' exchange evening, every six to eight weeks."""

    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="group_evenings", verbose_name=_("team")
    )
    date = models.DateField(_("date"))
    topic = models.CharField(_("topic"), max_length=200, blank=True)
    location = models.CharField(_("location"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = GroupEveningQuerySet.as_manager()

    class Meta:
        verbose_name = _("group evening")
        verbose_name_plural = _("group evenings")
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.date}"


@audited
class GroupEveningAttendance(models.Model):
    evening = models.ForeignKey(GroupEvening, on_delete=models.CASCADE, related_name="attendances")
    volunteer = models.ForeignKey(
        Volunteer, on_delete=models.CASCADE, related_name="evening_attendances"
    )

    class Meta:
        verbose_name = _("group evening attendance")
        verbose_name_plural = _("group evening attendances")
        constraints = [
            models.UniqueConstraint(
                fields=["evening", "volunteer"], name="evening_attendance_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.evening_id}/{self.volunteer_id}"


class GroupOfferQuerySet(models.QuerySet["GroupOffer"]):
    def visible_to(self, user: Any) -> GroupOfferQuerySet:
        """Group work of the teams in which ``user`` counsels, leads or coordinates."""
        if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
            return self.none()
        return self.filter(team_id__in=team_ids_for(user, GROUP_ROLES))


MAX_GROUP_MINUTES = 12 * 60


class GroupKind(models.TextChoices):
    INFORMATION_EVENING = "information_evening", _("Information evening")
    PARENTS_EVENING = "parents_evening", _("Parents' evening")
    COURSE_VISIT = "course_visit", _("Visit to a course")
    GROUP_COUNSELLING = "group_counselling", _("Group counselling")
    GROUP_OFFER = "group_offer", _("Group offer (several dates)")
    OTHER = "other", _("Other group work")


@audited
class GroupOffer(models.Model):
    """Group work of a team of any counselling service (§D11, §D17): an information evening,
    a parents' evening, a course visit or a group offer over several dates."""

    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="group_offers", verbose_name=_("team")
    )
    kind = models.CharField(
        _("kind"), max_length=30, choices=GroupKind.choices, default=GroupKind.GROUP_OFFER
    )
    title = models.CharField(_("title"), max_length=200)
    topics = models.CharField(
        _("topics"), max_length=300, blank=True, help_text=_("Separated by commas.")
    )
    description = models.TextField(_("description"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = GroupOfferQuerySet.as_manager()

    class Meta:
        verbose_name = _("group offer")
        verbose_name_plural = _("group offers")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def topic_list(self) -> list[str]:
        return [t.strip() for t in self.topics.split(",") if t.strip()]


@audited
class GroupOfferDate(models.Model):
    """One date of group work with how long it took and how many people came (the linked
    clients and people who stay anonymous alike)."""

    offer = models.ForeignKey(GroupOffer, on_delete=models.CASCADE, related_name="dates")
    date = models.DateField(_("date"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), null=True)
    participants = models.PositiveSmallIntegerField(_("participants"), default=0)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("group offer date")
        verbose_name_plural = _("group offer dates")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date}"


@audited
class GroupOfferParticipant(models.Model):
    """A client of the team who takes part, linked by a counsellor who can see the client."""

    offer = models.ForeignKey(GroupOffer, on_delete=models.CASCADE, related_name="participants")
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="group_offers")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("group offer participant")
        verbose_name_plural = _("group offer participants")
        constraints = [
            models.UniqueConstraint(fields=["offer", "client"], name="group_offer_client_unique")
        ]

    def __str__(self) -> str:
        return f"{self.offer_id}/{self.client_id}"

    def audit_client_id(self) -> int | None:
        return self.client_id
