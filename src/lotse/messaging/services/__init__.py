"""Writes of the messaging app: consent, queueing, sending."""

from __future__ import annotations

from .preferences import PreferenceData, cancel_queued, preference_set, preference_withdraw
from .queue import messages_for_booking, messages_for_status
from .sending import SendReport, send_due_messages

__all__ = [
    "PreferenceData",
    "SendReport",
    "cancel_queued",
    "messages_for_booking",
    "messages_for_status",
    "preference_set",
    "preference_withdraw",
    "send_due_messages",
]
