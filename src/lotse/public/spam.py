"""The spam trap of the appointment request: a honeypot field and a minimum fill time.

Neither ever turns a person away. The form carries a signed start time (``issue``); a
submission whose honeypot is filled, whose token is missing or altered, or that comes back
faster than a person can fill in the form is *accepted-looking but quarantined*: stored
with ``suspected_spam`` so that staff can still find it (see appointments.models). A token
older than any limit is fine: people leave tabs open.
"""

from __future__ import annotations

import time

from django.core import signing

from lotse.appointments.models import SpamReason

from . import conf

SALT = "lotse.public.request-form"
CLOCK_SKEW = 5.0  # seconds a token may seem to come from the future (several app servers)


def issue(now: float | None = None) -> str:
    return signing.Signer(salt=SALT).sign(f"{time.time() if now is None else now:.3f}")


def verdict(
    *, token: str, honeypot: str, now: float | None = None, min_seconds: float | None = None
) -> str:
    """'' for a person, else the SpamReason value of the suspicion."""
    now = time.time() if now is None else now
    min_seconds = conf.min_fill_seconds() if min_seconds is None else min_seconds
    if honeypot.strip():
        return SpamReason.HONEYPOT.value
    try:
        started = float(signing.Signer(salt=SALT).unsign(token or ""))
    except (signing.BadSignature, ValueError):
        return SpamReason.BAD_TOKEN.value
    if started > now + CLOCK_SKEW:
        return SpamReason.BAD_TOKEN.value
    if now - started < min_seconds:
        return SpamReason.TOO_FAST.value
    return ""
