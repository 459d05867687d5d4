"""A sliding-window rate limit per visitor address, kept in Django's cache (DatabaseCache).

The cache holds, per address, the times of the accepted submissions within the window (at
most ``limit`` numbers) under a keyed hash of the address, never the address itself. A
submission is refused when ``limit`` submissions were accepted within the last ``window``
seconds; refused attempts are not recorded, so a flood cannot push a real person's next
attempt further out. Several app servers share the counters through the database; two
parallel submissions of one address may both pass (get and set are not one step), which
is good enough against floods.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from django.core.cache import cache
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

from lotse.common import network

from . import conf

__all__ = ["Verdict", "client_address", "hit", "sliding_window"]

KEY_SALT = "lotse.public.ratelimit"


@dataclass(frozen=True, slots=True)
class Verdict:
    allowed: bool
    retry_after: int  # seconds until the next submission is accepted (0 when allowed)


def sliding_window(
    history: list[float], now: float, *, limit: int, window: float
) -> tuple[list[float], Verdict]:
    """The history to keep and the verdict for one more submission at ``now`` (pure)."""
    if limit <= 0 or window <= 0:
        raise ValueError("limit and window must be positive.")
    recent = sorted(t for t in history if now - window < t <= now)
    if len(recent) >= limit:
        oldest_that_counts = recent[-limit]
        retry = max(1, math.ceil(oldest_that_counts + window - now))
        return recent[-limit:], Verdict(allowed=False, retry_after=retry)
    return [*recent, now], Verdict(allowed=True, retry_after=0)


def client_address(request: HttpRequest) -> str:
    """What the limit counts for ``request``: the client's address (lotse.common.network,
    behind a trusted proxy from X-Forwarded-For), for IPv6 its /64."""
    return network.address_bucket(network.client_address(request))


def _key(scope: str, address: str) -> str:
    digest = salted_hmac(KEY_SALT, f"{scope}:{address}", algorithm="sha256").hexdigest()
    return f"lotse:rl:{scope}:{digest[:40]}"


def hit(
    address: str,
    *,
    scope: str = "request",
    limit: int | None = None,
    window: int | None = None,
    now: float | None = None,
) -> Verdict:
    """Count one submission from ``address``; the verdict says whether to accept it."""
    limit = conf.request_limit() if limit is None else limit
    window = conf.request_window_seconds() if window is None else window
    now = time.time() if now is None else now
    key = _key(scope, address)
    history = cache.get(key) or []
    kept, verdict = sliding_window(list(history), now, limit=limit, window=window)
    cache.set(key, kept, timeout=window)
    return verdict
