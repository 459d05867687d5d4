"""The sliding-window rate limit (pure part and the cache-backed counter)."""

from __future__ import annotations

import pytest
from django.test import RequestFactory, override_settings

from lotse.public import ratelimit
from lotse.public.ratelimit import sliding_window


def test_sliding_window_accepts_up_to_the_limit_then_refuses_until_the_oldest_ages_out() -> None:
    history: list[float] = []
    for t in (0, 10, 20):
        history, verdict = sliding_window(history, t, limit=3, window=60)
        assert verdict.allowed
    history, verdict = sliding_window(history, 30, limit=3, window=60)
    assert not verdict.allowed and verdict.retry_after == 30  # the entry of t=0 leaves at 60
    assert history == [0, 10, 20]  # refused attempts are not counted
    history, verdict = sliding_window(history, 60, limit=3, window=60)
    assert verdict.allowed  # t=0 is out of the window now
    assert history == [10, 20, 60]


def test_sliding_window_rejects_nonsense() -> None:
    with pytest.raises(ValueError):
        sliding_window([], 0, limit=0, window=60)


@pytest.mark.django_db
def test_the_counter_is_per_address_and_keeps_no_address() -> None:
    from django.core.cache import cache

    for _ in range(3):
        assert ratelimit.hit("192.0.2.1", limit=3, window=60, now=1000).allowed
    assert not ratelimit.hit("192.0.2.1", limit=3, window=60, now=1001).allowed
    assert ratelimit.hit("192.0.2.2", limit=3, window=60, now=1001).allowed
    key = ratelimit._key("request", "192.0.2.1")
    assert "192.0.2.1" not in key and cache.get(key) == [1000, 1000, 1000]


def test_the_address_comes_from_remote_addr_not_from_forwarded_headers() -> None:
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.9", HTTP_X_FORWARDED_FOR="10.9.9.9")
    assert ratelimit.client_address(request) == "192.0.2.9"
    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="198.51.100.4")
    assert ratelimit.client_address(request) == "127.0.0.1"


@override_settings(LOTSE_TRUSTED_PROXIES=["127.0.0.1/32", "::1"])
def test_behind_a_trusted_proxy_the_limit_counts_the_client_and_ipv6_per_64() -> None:
    factory = RequestFactory()
    request = factory.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6,198.51.100.4")
    assert ratelimit.client_address(request) == "198.51.100.4"
    request = factory.get("/", REMOTE_ADDR="::1", HTTP_X_FORWARDED_FOR="2001:db8:5:6:7::1")
    assert ratelimit.client_address(request) == "2001:db8:5:6::/64"
