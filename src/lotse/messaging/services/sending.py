"""Sending what is due: e-mail through Django's mail API, SMS through the gateway.

Run every minute by the scheduler (``lotse.messaging.tasks.send_due_messages_job``). A message
that fails keeps its state "queued" with the reason and is tried again on the next run; after
``MAX_ATTEMPTS`` it is "failed" and shows on the counsellors' dashboard. Consent is checked
again just before sending: a message queued before a withdrawal never goes.
"""

from __future__ import annotations

import logging
import secrets
import smtplib
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from ..gateways import GatewayError, SmsGateway, sms_gateway
from ..models import MAX_ATTEMPTS, Channel, ContactChannel, Kind, OutgoingMessage, State
from ..texts import WORDING
from .choice import allows

logger = logging.getLogger(__name__)

# One run sends at most this many; the next minute takes the rest.
BATCH = 200


@dataclass
class SendReport:
    sent: int = 0
    retry: int = 0
    failed: int = 0
    cancelled: int = 0
    reasons: list[str] = field(default_factory=list)


def _subject(message: OutgoingMessage) -> str:
    wording = WORDING.get(message.language) or WORDING["de"]
    if message.kind == Kind.REMINDER:
        return wording.subject_reminder
    return wording.subject_confirmation


def message_id(reference: str) -> str:
    """The Message-ID header of the e-mail with ``reference``: how a bounce finds it."""
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip(" >") or "localhost"
    return f"<{reference}@{domain}>"


def _send_email(message: OutgoingMessage) -> None:
    mail = EmailMessage(
        subject=_subject(message),
        body=message.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.recipient],
        headers={"Message-ID": message_id(message.delivery_ref)},
    )
    try:
        mail.send(fail_silently=False)
    except (smtplib.SMTPException, OSError) as error:
        raise GatewayError("smtp_error") from error


def _still_allowed(message: OutgoingMessage) -> bool:
    """Consent to the message's channel, for its kind, is still given."""
    row = ContactChannel.objects.filter(
        preference__client_id=message.client_id, channel=message.channel
    ).first()
    return row is not None and allows(row, message.kind) and message.client.anonymised_at is None


def _send_one(message: OutgoingMessage, gateway: SmsGateway, report: SendReport) -> None:
    if not _still_allowed(message):
        message.state = State.CANCELLED
        message.failure_reason = "no_consent"
        message.save(update_fields=["state", "failure_reason"])
        report.cancelled += 1
        return
    message.attempts += 1
    # A new reference per attempt: a report about an earlier, failed hand-over finds nothing.
    message.delivery_ref = secrets.token_hex(16)
    try:
        if message.channel == Channel.EMAIL:
            _send_email(message)
        else:
            gateway.send(to=message.recipient, text=message.text, reference=message.delivery_ref)
    except GatewayError as error:
        message.failure_reason = error.code
        message.state = State.FAILED if message.attempts >= MAX_ATTEMPTS else State.QUEUED
        message.save(update_fields=["attempts", "delivery_ref", "failure_reason", "state"])
        # The code and the message's id only: no address, no text.
        logger.warning("message %s not sent: %s", message.pk, error.code)
        report.reasons.append(error.code)
        if message.state == State.FAILED:
            report.failed += 1
        else:
            report.retry += 1
        return
    message.state = State.SENT
    message.sent_at = timezone.now()
    message.failure_reason = ""
    message.save(update_fields=["attempts", "delivery_ref", "failure_reason", "state", "sent_at"])
    report.sent += 1


def send_due_messages(
    *, now: datetime | None = None, gateway: SmsGateway | None = None
) -> SendReport:
    """Send every queued message whose time has come; returns what happened (counts)."""
    now = now or timezone.now()
    gateway = gateway or sms_gateway()
    report = SendReport()
    due = list(
        OutgoingMessage.objects.filter(state=State.QUEUED, send_after__lte=now)
        .order_by("send_after", "pk")
        .values_list("pk", flat=True)[:BATCH]
    )
    for pk in due:
        with transaction.atomic():
            # Two workers never send the same message: the row is locked (PostgreSQL skips
            # it) and its state read again under the lock.
            message = (
                OutgoingMessage.objects.select_for_update(skip_locked=True)
                .select_related("client")
                .filter(pk=pk, state=State.QUEUED)
                .first()
            )
            if message is not None:
                _send_one(message, gateway, report)
    return report
