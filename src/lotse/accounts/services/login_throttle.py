"""Password guessing slows down exponentially; the right person is not locked out.

Failed password attempts are counted in the cache (under keyed hashes, never the e-mail or
the address itself) in two counters:

* per account **and** client address: ``LOTSE_LOGIN_FREE_FAILURES`` (5) failures cost
  nothing; after that each attempt from that address must wait ``base · 2^(n − free)``
  seconds after the last failure (2 s, 4 s, 8 s … at most ``LOTSE_LOGIN_BACKOFF_CAP``,
  15 min). The owner at another address is not affected.
* per account over all addresses (guessing from many addresses): the same rule with a larger
  allowance, ``LOTSE_LOGIN_ACCOUNT_FREE_FAILURES`` (20). An address from which the account
  signed in with the right password in the last 30 days is exempt from this counter, so
  guessing from elsewhere cannot keep the owner out of the office.

An attempt refused while waiting is not counted: hammering does not push the wait out. The
right password resets the counter of its address (not the account-wide one: that decays one
day after the last failure). Per address over all accounts, allauth's ``login_failed_address``
rate limit applies (settings.ACCOUNT_RATE_LIMITS). The address is
``lotse.common.network.client_address``; IPv6 counts per /64.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils.crypto import salted_hmac

from lotse.common import network

__all__ = ["Backoff", "record_failure", "record_success", "wait_seconds"]

KEY_SALT = "lotse.accounts.login-throttle"
FORGET_AFTER = 24 * 3600  # a counter is forgotten a day after its last failure
KNOWN_FOR = 30 * 24 * 3600  # an address the owner signed in from stays known this long


@dataclass(frozen=True, slots=True)
class Backoff:
    free: int  # failures that cost nothing
    base: float  # seconds of the first wait
    cap: float  # the longest wait

    def wait(self, failures: int, last_failure: float, now: float) -> int:
        """Seconds until the next attempt is looked at (0: now). Pure."""
        if failures < self.free:
            return 0
        delay = min(self.cap, self.base * 2.0 ** min(failures - self.free, 64))
        return max(0, math.ceil(last_failure + delay - now))


def _pair_backoff() -> Backoff:
    return Backoff(
        free=int(getattr(settings, "LOTSE_LOGIN_FREE_FAILURES", 5)),
        base=float(getattr(settings, "LOTSE_LOGIN_BACKOFF_BASE", 2)),
        cap=float(getattr(settings, "LOTSE_LOGIN_BACKOFF_CAP", 900)),
    )


def _account_backoff() -> Backoff:
    pair = _pair_backoff()
    free = int(getattr(settings, "LOTSE_LOGIN_ACCOUNT_FREE_FAILURES", 20))
    return Backoff(free=free, base=pair.base, cap=pair.cap)


def _now() -> float:
    return time.time()


def _key(kind: str, login: str, address: str = "") -> str:
    login = login.strip().lower()
    bucket = network.address_bucket(address) if address else ""
    digest = salted_hmac(KEY_SALT, f"{kind}:{login}:{bucket}", algorithm="sha256").hexdigest()
    return f"lotse:login:{kind}:{digest[:40]}"


def _state(key: str) -> tuple[int, float]:
    value = cache.get(key)
    if isinstance(value, (list, tuple)) and len(value) == 2:
        return int(value[0]), float(value[1])
    return 0, 0.0


def _is_known(login: str, address: str) -> bool:
    return bool(cache.get(_key("known", login, address)))


def wait_seconds(login: str, address: str) -> int:
    """Seconds ``address`` must wait before a password for ``login`` is checked (0: now)."""
    now = _now()
    waits = [_pair_backoff().wait(*_state(_key("pair", login, address)), now)]
    if not _is_known(login, address):
        waits.append(_account_backoff().wait(*_state(_key("account", login)), now))
    return max(waits)


def record_failure(login: str, address: str) -> None:
    now = _now()
    for key in (_key("pair", login, address), _key("account", login)):
        failures, _last = _state(key)
        cache.set(key, [failures + 1, now], timeout=FORGET_AFTER)


def record_success(login: str, address: str) -> None:
    cache.delete(_key("pair", login, address))
    cache.set(_key("known", login, address), True, timeout=KNOWN_FOR)
