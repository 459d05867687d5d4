"""The client-address rule behind a reverse proxy (lotse.common.network)."""

from __future__ import annotations

import pytest
from django.test import RequestFactory, override_settings

from lotse.common.network import (
    UNKNOWN,
    address_bucket,
    client_address,
    parse_networks,
    resolve,
)

PROXIES = parse_networks(["10.0.0.0/8", "fd00::/8", "192.0.2.10"])


def test_without_trusted_proxies_the_header_is_never_read() -> None:
    assert resolve("10.0.0.5", "198.51.100.1", ()) == "10.0.0.5"


def test_an_untrusted_peer_ignores_the_header_entirely() -> None:
    assert resolve("203.0.113.9", "198.51.100.1, 10.0.0.5", PROXIES) == "203.0.113.9"


def test_the_right_most_untrusted_entry_is_the_client_ipv4() -> None:
    assert resolve("10.0.0.5", "198.51.100.1", PROXIES) == "198.51.100.1"
    # a second proxy of ours in front of the first one is skipped as well
    assert resolve("10.0.0.5", "198.51.100.1, 10.1.2.3", PROXIES) == "198.51.100.1"
    # a single trusted address (no prefix) is a /32
    assert resolve("192.0.2.10", "198.51.100.7", PROXIES) == "198.51.100.7"
    assert resolve("192.0.2.11", "198.51.100.7", PROXIES) == "192.0.2.11"


def test_the_right_most_untrusted_entry_is_the_client_ipv6() -> None:
    assert resolve("fd00::1", "2001:db8:0:0::17", PROXIES) == "2001:db8::17"
    assert resolve("10.0.0.5", "2001:db8::17, fd12::3", PROXIES) == "2001:db8::17"
    # the peer given as IPv4-mapped IPv6 (dual-stack socket) is the IPv4 proxy
    assert resolve("::ffff:10.0.0.5", "198.51.100.1", PROXIES) == "198.51.100.1"


def test_spoofed_left_most_entries_are_ignored() -> None:
    # The attacker sends "X-Forwarded-For: 1.2.3.4"; nginx appends the real address.
    assert resolve("10.0.0.5", "1.2.3.4, 198.51.100.66", PROXIES) == "198.51.100.66"
    # ... also when the spoof names one of our proxies
    assert resolve("10.0.0.5", "10.0.0.1, 198.51.100.66", PROXIES) == "198.51.100.66"


def test_a_malformed_header_never_yields_what_the_client_wrote() -> None:
    assert resolve("10.0.0.5", "", PROXIES) == "10.0.0.5"
    assert resolve("10.0.0.5", "not-an-ip", PROXIES) == "10.0.0.5"
    assert resolve("10.0.0.5", "198.51.100.1, garbage, 10.1.2.3", PROXIES) == "10.1.2.3"
    assert resolve("10.0.0.5", "198.51.100.1,,", PROXIES) == "10.0.0.5"
    assert resolve("10.0.0.5", "198.51.100.1:4711", PROXIES) == "10.0.0.5"  # no ports


def test_only_our_proxies_in_the_header_gives_the_left_most_of_them() -> None:
    assert resolve("10.0.0.5", "10.9.9.9, 10.1.1.1", PROXIES) == "10.9.9.9"


def test_a_missing_or_broken_peer_is_unknown() -> None:
    assert resolve("", "198.51.100.1", PROXIES) == UNKNOWN
    assert resolve("localhost", "", PROXIES) == UNKNOWN


def test_bad_cidrs_are_refused_with_the_value() -> None:
    with pytest.raises(ValueError, match=r"10\.0\.0\.0/33"):
        parse_networks(["10.0.0.0/8", "10.0.0.0/33"])
    assert parse_networks([" ", ""]) == ()


def test_client_address_reads_the_request_and_the_setting() -> None:
    factory = RequestFactory()
    request = factory.get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.1")
    assert client_address(request) == "10.0.0.5"  # default: no proxy trusted
    with override_settings(LOTSE_TRUSTED_PROXIES=["10.0.0.0/8"]):
        assert client_address(request) == "198.51.100.1"
        assert client_address(factory.get("/", REMOTE_ADDR="10.0.0.5")) == "10.0.0.5"


def test_ipv6_addresses_count_per_64() -> None:
    assert address_bucket("2001:db8:1:2:aaaa::1") == "2001:db8:1:2::/64"
    assert address_bucket("2001:db8:1:2:bbbb::9") == "2001:db8:1:2::/64"
    assert address_bucket("198.51.100.1") == "198.51.100.1"
    assert address_bucket(UNKNOWN) == UNKNOWN
