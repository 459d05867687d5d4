"""Writes of the messaging app: consent, queueing, sending, delivery reports."""

from __future__ import annotations

from .bounces import ReportError, ReportOutcome, mail_bounce_report, sms_status_report
from .centres import centre_set_name_service
from .choice import pick_channel
from .preferences import (
    ChannelConsent,
    PreferenceData,
    cancel_queued,
    preference_set,
    preference_withdraw,
)
from .queue import messages_for_booking, messages_for_status
from .sending import SendReport, send_due_messages

__all__ = [
    "ChannelConsent",
    "PreferenceData",
    "ReportError",
    "ReportOutcome",
    "SendReport",
    "cancel_queued",
    "centre_set_name_service",
    "mail_bounce_report",
    "messages_for_booking",
    "messages_for_status",
    "pick_channel",
    "preference_set",
    "preference_withdraw",
    "send_due_messages",
    "sms_status_report",
]
