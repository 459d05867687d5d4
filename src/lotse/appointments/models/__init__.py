"""Office hours, appointment requests from the public pages and appointments (issue #9).

An appointment belongs to a centre and a counsellor, and either to a client (booked from the
client file) or to a public request (booked from the centre's inbox): the check constraint
``appointment_client_or_request`` makes sure it is one of the two.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lotse.clients.models import visible_client_q, writable_client_q
from lotse.common.auditing import audited
from lotse.common.fields import EncryptedCharField, EncryptedTextField
from lotse.organisation.models import Centre, ServiceKind

from ..access import centre_ids_for


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


@audited
class OfficeHours(models.Model):
    """One weekly period in which the centre offers appointments (e.g. Monday 09:00–15:00)."""

    centre = models.ForeignKey(
        Centre, on_delete=models.CASCADE, related_name="weekly_hours", verbose_name=_("centre")
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    starts_at = models.TimeField(_("from"))
    ends_at = models.TimeField(_("until"))

    class Meta:
        verbose_name = _("office hours")
        verbose_name_plural = _("office hours")
        ordering = ["centre", "weekday", "starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_at__lt=models.F("ends_at")), name="office_hours_start_before_end"
            ),
            models.UniqueConstraint(
                fields=["centre", "weekday", "starts_at"], name="office_hours_unique_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.starts_at:%H:%M}–{self.ends_at:%H:%M}"


class RequestStatus(models.TextChoices):
    NEW = "new", _("new")
    CONTACTED = "contacted", _("contacted")
    BOOKED = "booked", _("appointment booked")
    CLOSED = "closed", _("closed")


class SpamReason(models.TextChoices):
    HONEYPOT = "honeypot", _("hidden field filled in")
    TOO_FAST = "too_fast", _("sent faster than a person can type")
    BAD_TOKEN = "bad_token", _("form token missing or altered")


@audited
class AppointmentRequest(models.Model):
    """A request from the public page: lands in the centre's inbox, everything personal encrypted.

    A suspected bot submission is stored too, flagged ``suspected_spam`` (never dropped), so
    that staff can still find a real person's request under "suspected spam".
    """

    centre = models.ForeignKey(
        Centre, on_delete=models.PROTECT, related_name="appointment_requests"
    )
    service = models.CharField(_("service"), max_length=40, choices=ServiceKind.choices, blank=True)
    name = EncryptedCharField(_("name or pseudonym"), max_length=200)
    phone = EncryptedCharField(_("phone"), max_length=60, blank=True)
    email = EncryptedCharField(_("e-mail"), max_length=254, blank=True)
    language = models.CharField(_("language for the counselling"), max_length=8)
    page_language = models.CharField(_("language of the request page"), max_length=8)
    concern = EncryptedTextField(_("concern"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.NEW
    )
    suspected_spam = models.BooleanField(_("suspected spam"), default=False)
    spam_reason = models.CharField(
        _("why suspected"), max_length=20, choices=SpamReason.choices, blank=True
    )
    client = models.ForeignKey(
        "clients.Client",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="appointment_requests",
        verbose_name=_("client file"),
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("appointment request")
        verbose_name_plural = _("appointment requests")
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["centre", "suspected_spam", "status", "-created_at"],
                name="appt_request_inbox_idx",
            )
        ]

    def __str__(self) -> str:
        # Never the name: this string may reach logs and error pages.
        return f"#{self.pk}"

    def audit_client_id(self) -> int | None:
        return self.client_id

    @property
    def reference(self) -> str:
        return f"A-{self.pk:05d}" if self.pk else ""


class AppointmentStatus(models.TextChoices):
    BOOKED = "booked", _("booked")
    ATTENDED = "attended", _("attended")
    NO_SHOW = "no_show", _("did not come")
    CANCELLED = "cancelled", _("cancelled")


# Statuses that still occupy the counsellor's time.
BLOCKING_STATUSES = (AppointmentStatus.BOOKED, AppointmentStatus.ATTENDED)


class AppointmentQuerySet(models.QuerySet["Appointment"]):
    def visible_to(self, user: Any) -> AppointmentQuerySet:
        """Appointments of clients the user may see, and request appointments of their centres."""
        if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
            return self.none()
        return self.filter(
            visible_client_q(user) | Q(client__isnull=True, centre_id__in=centre_ids_for(user))
        )

    def writable_by(self, user: Any) -> AppointmentQuerySet:
        if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
            return self.none()
        return self.filter(
            writable_client_q(user)
            | Q(client__isnull=True, centre_id__in=centre_ids_for(user, write=True))
        )


@audited
class Appointment(models.Model):
    centre = models.ForeignKey(Centre, on_delete=models.PROTECT, related_name="appointments")
    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="appointments",
        verbose_name=_("counsellor"),
    )
    client = models.ForeignKey(
        "clients.Client",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="appointments",
        verbose_name=_("client"),
    )
    request = models.ForeignKey(
        AppointmentRequest,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appointments",
        verbose_name=_("request"),
    )
    starts_at = models.DateTimeField(_("starts at"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=45)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=AppointmentStatus.choices,
        default=AppointmentStatus.BOOKED,
    )
    language = models.CharField(_("language of the letter"), max_length=8, default="de")
    note = EncryptedTextField(_("note for the letter"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = AppointmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(client__isnull=False) | Q(request__isnull=False),
                name="appointment_client_or_request",
            )
        ]
        indexes = [
            models.Index(fields=["counsellor", "starts_at"], name="appointment_counsellor_idx"),
            models.Index(fields=["centre", "starts_at"], name="appointment_centre_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.starts_at:%Y-%m-%d %H:%M} {self.get_status_display()}"

    def audit_client_id(self) -> int | None:
        return self.client_id

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    @property
    def person_name(self) -> str:
        if self.client is not None:
            return self.client.display_name
        if self.request is not None:
            return self.request.name
        return ""
