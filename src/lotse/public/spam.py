"""The spam trap of the appointment request: a honeypot field and a minimum fill time.

Neither ever turns a person away. The form carries a signed start time (``issue``); a
submission whose honeypot is filled, whose token is missing or altered, or that comes back
faster than a person can fill in the form is *accepted-looking but quarantined*: stored
with ``suspected_spam`` so that staff can still find it (see appointments.models).

Each token carries a random nonce and is good for one accepted submission: ``spend`` records
it in the cache for ``TOKEN_MEMORY`` (30 days), and a token sent again is quarantined as a
bad token, so a bot cannot fetch the form once and replay it. A token older than
``TOKEN_MEMORY`` would no longer be recognised as spent and is therefore quarantined too; a
day or a week is fine: people leave tabs open.
"""

from __future__ import annotations

import secrets
import time

from django.core import signing
from django.core.cache import cache
from django.utils.crypto import salted_hmac

from lotse.appointments.models import SpamReason

from . import conf

SALT = "lotse.public.request-form"
CLOCK_SKEW = 5.0  # seconds a token may seem to come from the future (several app servers)
TOKEN_MEMORY = 30 * 24 * 3600  # how long a spent token is remembered (and a token is good)


def issue(now: float | None = None) -> str:
    started = time.time() if now is None else now
    return signing.Signer(salt=SALT).sign(f"{started:.3f}:{secrets.token_urlsafe(12)}")


def spend(token: str) -> bool:
    """Record ``token`` as used; False if it was used before (a replay)."""
    digest = salted_hmac(SALT, token, algorithm="sha256").hexdigest()[:40]
    return bool(cache.add(f"lotse:spent-token:{digest}", True, timeout=TOKEN_MEMORY))


def verdict(
    *, token: str, honeypot: str, now: float | None = None, min_seconds: float | None = None
) -> str:
    """'' for a person, else the SpamReason value of the suspicion."""
    now = time.time() if now is None else now
    min_seconds = conf.min_fill_seconds() if min_seconds is None else min_seconds
    if honeypot.strip():
        return SpamReason.HONEYPOT.value
    try:
        started = float(signing.Signer(salt=SALT).unsign(token or "").split(":")[0])
    except (signing.BadSignature, ValueError):
        return SpamReason.BAD_TOKEN.value
    if started > now + CLOCK_SKEW or now - started > TOKEN_MEMORY:
        return SpamReason.BAD_TOKEN.value
    if now - started < min_seconds:
        return SpamReason.TOO_FAST.value
    return ""


def judge(*, token: str, honeypot: str) -> str:
    """``verdict`` for a submission that is being accepted; a good token is spent by it."""
    reason = verdict(token=token, honeypot=honeypot)
    if not reason and not spend(token):
        return SpamReason.BAD_TOKEN.value  # the form was sent with this token before
    return reason
