"""Delivery reports after the hand-over: an SMS provider's status callback and returned
e-mails (RFC 3464 delivery status notifications).

A report finds its message by the random delivery reference the message carried (the SMS
``id``, the e-mail's Message-ID) and marks it "bounced". The reason stored is a code built
from fixed words and the report's status code only: a provider's text or a DSN's diagnostic
can quote the number or the address, so neither is kept.
"""

from __future__ import annotations

import email
import re
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import Message
from typing import Any

from ..models import Channel, OutgoingMessage, State

# Statuses an SMS provider may report. Anything that says "did not arrive" bounces the
# message; "arrived" or "on its way" changes nothing (it is "sent" already).
SMS_UNDELIVERED = frozenset({"failed", "undelivered", "rejected", "expired", "bounced"})
SMS_FINE = frozenset({"delivered", "sent", "accepted", "queued", "buffered"})
# A provider's reason is kept only as a short code: letters, digits, "_" "." "-", and fewer
# than five digits in all (more could be part of a phone number, "0151-234-5678").
_REASON_CODE = re.compile(r"^[a-z0-9_.-]{1,24}$")
MAX_DIGITS = 4
# An RFC 3463 status code such as 5.1.1.
_DSN_STATUS = re.compile(r"^[245]\.\d{1,3}\.\d{1,3}$")
_REFERENCE = re.compile(r"^[0-9a-f]{32}$")
# A Message-ID Lotse set: "<32 hex digits@domain>"; quoted as a header line in a returned
# message's body (never an In-Reply-To: a person's reply is not a bounce).
_OUR_MESSAGE_ID = re.compile(r"<([0-9a-f]{32})@[^<>\s]+>")
_QUOTED_MESSAGE_ID = re.compile(r"(?im)^message-id:\s*<([0-9a-f]{32})@[^<>\s]+>")


class ReportError(ValueError):
    """A report Lotse cannot read; ``code`` says why (no content of the report)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class ReportOutcome:
    """What a report did: "bounced", "unchanged" (a fine status, or already bounced),
    "unknown" (no such message) or "ignored" (a delay notice, not a failure)."""

    outcome: str
    message_id: int | None = None


def safe_code(value: object) -> str:
    """``value`` as a short reason code, or "" when it could hold anything personal."""
    text = str(value or "").strip().lower().replace(" ", "_")
    if not _REASON_CODE.match(text) or sum(c.isdigit() for c in text) > MAX_DIGITS:
        return ""
    return text


def mark_bounced(*, reference: str, channel: str, reason: str) -> ReportOutcome:
    """The message handed over with ``reference`` on ``channel`` did not arrive."""
    if not _REFERENCE.match(reference):
        return ReportOutcome("unknown")
    message = OutgoingMessage.objects.filter(delivery_ref=reference, channel=channel).first()
    if message is None:
        return ReportOutcome("unknown")
    if message.state in (State.BOUNCED, State.CANCELLED):
        return ReportOutcome("unchanged", message.pk)
    message.state = State.BOUNCED
    message.failure_reason = reason
    # Through save(): the change is audited like any other change of the message.
    message.save(update_fields=["state", "failure_reason"])
    return ReportOutcome("bounced", message.pk)


def sms_status_report(payload: Mapping[str, Any]) -> ReportOutcome:
    """The SMS provider's ``{"id": …, "status": …, "reason": …}``."""
    reference = payload.get("id", payload.get("message_id"))
    status = payload.get("status")
    if not isinstance(reference, str) or not isinstance(status, str):
        raise ReportError("id_and_status_needed")
    status = status.strip().lower()
    if status in SMS_FINE:
        known = OutgoingMessage.objects.filter(delivery_ref=reference, channel=Channel.SMS)
        return ReportOutcome("unchanged" if known.exists() else "unknown")
    if status not in SMS_UNDELIVERED:
        raise ReportError("unknown_status")
    code = safe_code(payload.get("reason")) or status
    return mark_bounced(reference=reference, channel=Channel.SMS, reason=f"sms_bounce:{code}")


@dataclass(frozen=True)
class Dsn:
    reference: str
    failed: bool
    status: str


def _delivery_status(report: Message) -> tuple[bool, str]:
    """(failed, status code) of the first recipient block of a message/delivery-status part."""
    failed, status = False, ""
    payload = report.get_payload()
    blocks = [b for b in payload if isinstance(b, Message)] if isinstance(payload, list) else []
    for block in blocks:
        action = str(block.get("Action", "")).strip().lower()
        if action:
            failed = failed or action == "failed"
            code = str(block.get("Status", "")).strip()
            status = status or (code if _DSN_STATUS.match(code) else "")
    return failed, status


def _original_headers(part: Message) -> Message | None:
    if part.get_content_type() == "message/rfc822":
        inner = part.get_payload()
        first = inner[0] if isinstance(inner, list) and inner else None
        return first if isinstance(first, Message) else None
    if part.get_content_type() == "text/rfc822-headers":
        return email.message_from_string(str(part.get_payload(decode=False)))
    return None


def _from_a_mailer(parsed: Message) -> bool:
    """A report of the mail system: sent with an empty return path (RFC 5321 §4.5.5) or from
    the mailer daemon or the postmaster."""
    if str(parsed.get("Return-Path", "")).strip() == "<>":
        return True
    sender = str(parsed.get("From", "")).lower()
    return "mailer-daemon" in sender or "postmaster" in sender


def parse_dsn(raw: bytes) -> Dsn:
    """The delivery reference, whether delivery failed, and the status code of a DSN.

    The original message is found by its Message-ID in the returned headers (RFC 3464's
    third part); a report that is not RFC 3464 is searched for a Message-ID Lotse set.
    """
    parsed = email.message_from_bytes(raw)
    failed, status, reference = False, "", ""
    for part in parsed.walk():
        if part.get_content_type() == "message/delivery-status":
            failed, status = _delivery_status(part)
        original = _original_headers(part)
        if original is not None and not reference:
            found = _OUR_MESSAGE_ID.search(str(original.get("Message-ID", "")))
            reference = found.group(1) if found else ""
    if not reference and _from_a_mailer(parsed):
        # Not RFC 3464 (some servers send plain text): a returned message from the mail
        # system that quotes our Message-ID is a failure report.
        body = raw.decode("utf-8", "replace").partition("\n\n")[2]
        found = _QUOTED_MESSAGE_ID.search(body)
        reference = found.group(1) if found else ""
        failed = failed or bool(reference)
    if not reference:
        raise ReportError("no_message_id")
    return Dsn(reference=reference, failed=failed, status=status)


def mail_bounce_report(raw: bytes) -> ReportOutcome:
    """A returned e-mail: the message it reports on is marked "bounced" with the status."""
    dsn = parse_dsn(raw)
    if not dsn.failed:
        return ReportOutcome("ignored")
    reason = f"mail_bounce:{dsn.status}" if dsn.status else "mail_bounce"
    return mark_bounced(reference=dsn.reference, channel=Channel.EMAIL, reason=reason)
