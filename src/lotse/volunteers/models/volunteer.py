"""Volunteers of the integration-partnership programme (DOMAIN §D10) and who sees them."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lotse.clients.models import Gender, LanguageLevel, visible_client_q
from lotse.common.auditing import audited
from lotse.common.fields import EncryptedCharField, EncryptedTextField
from lotse.organisation.models import Team

from ..access import managed_team_ids
from ..choices import DocumentKind, GenderWish, LeaveReason
from ..states import OPEN_PARTNERSHIP_STATES, VolunteerStatus
from .district import District
from .partnership import Partnership


def _active_user(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))


class VolunteerQuerySet(models.QuerySet["Volunteer"]):
    def managed_by(self, user: Any) -> VolunteerQuerySet:
        """Volunteers of the teams in which ``user`` coordinates volunteers or leads the team."""
        if not _active_user(user):
            return self.none()
        return self.filter(team_id__in=managed_team_ids(user))

    def visible_to(self, user: Any) -> VolunteerQuerySet:
        """Managed volunteers, plus — for counsellors — the volunteer paired with their client.

        A counsellor sees a volunteer only through an open partnership of a client that the
        counsellor can see (``Client.objects.visible_to``); everyone else sees nobody.
        """
        if not _active_user(user):
            return self.none()

        paired = Partnership.objects.filter(
            visible_client_q(user, via="partner__client"),
            status__in=OPEN_PARTNERSHIP_STATES,
        ).values("volunteer_id")
        return self.filter(Q(team_id__in=managed_team_ids(user)) | Q(pk__in=paired))


@audited(sensitive=["birth_year"])
class Volunteer(models.Model):
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="volunteers", verbose_name=_("team")
    )
    first_name = EncryptedCharField(_("first name"), max_length=100)
    last_name = EncryptedCharField(_("last name"), max_length=100)
    email = EncryptedCharField(_("e-mail"), max_length=254, blank=True)
    phone = EncryptedCharField(_("phone"), max_length=50, blank=True)
    address = EncryptedTextField(_("address"), blank=True)
    birth_year = models.PositiveSmallIntegerField(
        _("year of birth"),
        null=True,
        blank=True,
        help_text=_("Young volunteers (up to 27) are counted separately for the JMD."),
    )
    # Gender and the wish about the other's gender: matching reads them in Python only, so
    # nothing needs them plain in the database (issue #15).
    gender = EncryptedCharField(
        _("gender"), max_length=20, choices=Gender.choices, default=Gender.NOT_STATED
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=VolunteerStatus.choices,
        default=VolunteerStatus.APPLICANT,
        db_index=True,
    )
    status_since = models.DateField(_("status since"))
    registered_on = models.DateField(_("registered on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)
    # Set by the retention run (lotse.privacy) when names and contact details were removed.
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True, editable=False)
    left_reason = models.CharField(
        _("reason for leaving"), max_length=20, choices=LeaveReason.choices, blank=True
    )
    # The matching profile (see lotse.volunteers.matching).
    districts = models.ManyToManyField(
        District, blank=True, related_name="volunteers", verbose_name=_("reachable districts")
    )
    slots = models.JSONField(_("weekly availability"), default=list, blank=True)
    interests = models.JSONField(_("interests"), default=list, blank=True)
    partner_gender = EncryptedCharField(
        _("partner preferred"), max_length=10, choices=GenderWish.choices, blank=True
    )
    bilingual_contact = models.BooleanField(
        _("bilingual contact person"),
        default=False,
        help_text=_(
            "Has lived here a long time and can accompany newcomers in their own language."
        ),
    )
    max_partnerships = models.PositiveSmallIntegerField(
        _("partnerships at the same time"), default=1
    )
    consent_on = models.DateField(_("consent to data processing signed on"), null=True, blank=True)
    consent_withdrawn_on = models.DateField(_("consent withdrawn on"), null=True, blank=True)
    training_completed_on = models.DateField(
        _("training completed on"), null=True, blank=True, editable=False
    )
    notes = EncryptedTextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = VolunteerQuerySet.as_manager()

    class Meta:
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["team", "status"], name="volunteer_team_status_idx")]

    def __str__(self) -> str:
        # Never the name: this string may reach logs and error pages.
        return f"volunteer #{self.pk}"

    @property
    def display_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def has_consent(self) -> bool:
        return self.consent_on is not None and self.consent_withdrawn_on is None

    @property
    def training_complete(self) -> bool:
        return self.training_completed_on is not None


@audited
class VolunteerLanguage(models.Model):
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="languages")
    language = models.CharField(_("language"), max_length=8, help_text=_("ISO 639 code"))
    level = models.CharField(_("level"), max_length=10, choices=LanguageLevel.choices)

    class Meta:
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        constraints = [
            models.UniqueConstraint(
                fields=["volunteer", "language"], name="volunteer_language_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.language} ({self.level})"


@audited
class VolunteerDocument(models.Model):
    """A document the provider requires (e.g. a certificate of conduct): only its dates."""

    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("document"), max_length=20, choices=DocumentKind.choices)
    issued_on = models.DateField(_("issued on"))
    valid_until = models.DateField(
        _("valid until"),
        null=True,
        blank=True,
        help_text=_("Left empty, it is computed from the provider's rules for this document."),
    )
    seen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("volunteer document")
        verbose_name_plural = _("volunteer documents")
        ordering = ["kind", "-issued_on", "-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.issued_on}"
