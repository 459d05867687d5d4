"""Messages to clients (issue #18 §2, §D17): what the person agreed to, and what was sent.

``ContactPreference`` is the client's say in how to be written to: the language of the
messages and the preferred channel; ``ContactChannel`` is one channel the person agreed to
(e-mail, SMS or letter), each with its own scope, date of consent and date of withdrawal.
"No messages" is a preference without a consented channel. Only e-mail and SMS are sent by
Lotse; a letter is printed by staff. ``OutgoingMessage`` is one confirmation or reminder with
its text and recipient as they were when it was queued (both encrypted) and its delivery
state. All hang on the client (a channel through its preference), so subject access, erasure
and scoping reach them.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lotse.clients.models import Client, visible_client_q
from lotse.common.auditing import audited
from lotse.common.fields import EncryptedCharField, EncryptedTextField

# A message whose sending failed this often is given up (state "failed").
MAX_ATTEMPTS = 3


class Channel(models.TextChoices):
    EMAIL = "email", _("e-mail")
    SMS = "sms", _("SMS")
    LETTER = "letter", _("letter")
    NONE = "none", _("no messages")


# The channels Lotse sends on itself.
SENDING_CHANNELS = (Channel.EMAIL, Channel.SMS)
# The channels a person can agree to ("no messages" is agreeing to none of them).
CONSENT_CHANNELS = (Channel.EMAIL, Channel.SMS, Channel.LETTER)


class Scope(models.TextChoices):
    APPOINTMENTS = "appointments", _("appointments only")
    INFORMATION = "information", _("appointments and information")


class Kind(models.TextChoices):
    CONFIRMATION = "confirmation", _("confirmation")
    REMINDER = "reminder", _("reminder")


class State(models.TextChoices):
    QUEUED = "queued", _("queued")
    SENT = "sent", _("sent")
    FAILED = "failed", _("not delivered")
    CANCELLED = "cancelled", _("cancelled")
    BOUNCED = "bounced", _("bounced")


# What the stored reason codes mean, for staff (the code itself holds no personal data).
REASON_LABELS = {
    "withdrawn": _("consent withdrawn"),
    "channel_changed": _("the person chose another channel"),
    "appointment_cancelled": _("appointment cancelled"),
    "no_consent": _("no consent when it was due"),
    "smtp_error": _("the mail server did not accept it"),
    "sms_not_configured": _("no SMS gateway is set up"),
    "sms_unreachable": _("the SMS gateway could not be reached"),
    "sms_file_error": _("the SMS file could not be written"),
    "mail_bounce": _("the recipient's mail server sent it back"),
    "sms_bounce": _("the SMS provider reported it as not delivered"),
}


@audited
class ContactPreference(models.Model):
    client = models.OneToOneField(
        Client,
        on_delete=models.CASCADE,
        related_name="contact_preference",
        verbose_name=_("client"),
    )
    # When e-mail and SMS are both agreed to, messages go by this one (the other only when
    # this one cannot be used); empty: e-mail first.
    preferred_channel = models.CharField(
        _("preferred channel"),
        max_length=10,
        choices=[(c.value, c.label) for c in SENDING_CHANNELS],
        blank=True,
    )
    language = models.CharField(_("language of the messages"), max_length=8)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"))
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("contact preference")
        verbose_name_plural = _("contact preferences")

    def __str__(self) -> str:
        return f"{self.language} {self.preferred_channel}".strip()

    def audit_client_id(self) -> int | None:
        return self.client_id


@audited
class ContactChannel(models.Model):
    """One channel the person agreed to; withdrawn consent keeps the row with its date."""

    preference = models.ForeignKey(
        ContactPreference,
        on_delete=models.CASCADE,
        related_name="channels",
        verbose_name=_("contact preference"),
    )
    channel = models.CharField(
        _("channel"), max_length=10, choices=[(c.value, c.label) for c in CONSENT_CHANNELS]
    )
    scope = models.CharField(
        _("scope of consent"), max_length=20, choices=Scope.choices, default=Scope.APPOINTMENTS
    )
    consent_on = models.DateField(_("consent given on"), null=True, blank=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("consented channel")
        verbose_name_plural = _("consented channels")
        ordering = ["preference", "channel"]
        constraints = [
            models.UniqueConstraint(fields=["preference", "channel"], name="contact_channel_unique")
        ]

    def __str__(self) -> str:
        return f"{self.channel} {self.scope}"

    def audit_client_id(self) -> int | None:
        return self.preference.client_id

    @property
    def active(self) -> bool:
        """Consent given and not withdrawn."""
        return self.withdrawn_on is None and (
            self.consent_on is not None or self.channel == Channel.LETTER
        )

    @property
    def allows_sending(self) -> bool:
        """Consent on a channel Lotse sends on, given and not withdrawn."""
        return self.channel in SENDING_CHANNELS and self.active


class OutgoingMessageQuerySet(models.QuerySet["OutgoingMessage"]):
    def visible_to(self, user: Any) -> OutgoingMessageQuerySet:
        return self.filter(visible_client_q(user))


@audited
class OutgoingMessage(models.Model):
    client = models.ForeignKey(
        Client, on_delete=models.CASCADE, related_name="outgoing_messages", verbose_name=_("client")
    )
    appointment = models.ForeignKey(
        "appointments.Appointment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outgoing_messages",
        verbose_name=_("appointment"),
    )
    kind = models.CharField(_("kind of message"), max_length=20, choices=Kind.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    language = models.CharField(_("language of the messages"), max_length=8)
    recipient = EncryptedCharField(_("recipient"), max_length=254)
    text = EncryptedTextField(_("text of the message"))
    send_after = models.DateTimeField(_("to be sent from"))
    state = models.CharField(
        _("delivery state"), max_length=20, choices=State.choices, default=State.QUEUED
    )
    # A code such as "smtp_error" or "withdrawn": never an address, a name or a provider's
    # message text (which can quote the number).
    failure_reason = models.CharField(_("reason"), max_length=60, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # Random, set when the message is handed over: the e-mail's Message-ID is
    # "<ref@domain>", an SMS carries it as "id", so a bounce or a provider's status report
    # finds the message. Says nothing about the person.
    delivery_ref = models.CharField(_("delivery reference"), max_length=40, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = OutgoingMessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("message to the client")
        verbose_name_plural = _("messages to the client")
        ordering = ["-send_after", "-pk"]
        indexes = [
            models.Index(fields=["state", "send_after"], name="message_due_idx"),
            models.Index(fields=["delivery_ref"], name="message_ref_idx"),
        ]

    def __str__(self) -> str:
        # Never the recipient or text: this string may reach logs and error pages.
        return f"#{self.pk} {self.kind} {self.state}"

    def audit_client_id(self) -> int | None:
        return self.client_id

    @property
    def reason_text(self) -> str:
        code = self.failure_reason
        if code.startswith("sms_http_"):
            return str(_("the SMS gateway answered with an error (%(code)s)") % {"code": code[9:]})
        base, _sep, detail = code.partition(":")
        label = str(REASON_LABELS.get(base, base))
        return f"{label} ({detail})" if detail else label
