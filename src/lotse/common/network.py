"""The client's address: the one rule every rate limit takes its address from.

``REMOTE_ADDR`` is the peer of the app server; behind nginx that is nginx for every request.
Only a peer inside ``LOTSE_TRUSTED_PROXIES`` (CIDRs, default none) is believed about
``X-Forwarded-For``. Each proxy *appends* the address it received the request from
(nginx: ``$proxy_add_x_forwarded_for``), so the header is read from the right: trusted
proxies are skipped and the first address that is not a trusted proxy is the client.
Everything left of it was written by the client and is ignored, whatever it says. An entry
that is not an address stops the walk: the last address passed (a trusted proxy) is used,
never the garbage nor anything left of it.

The rule itself (``resolve``) is a plain function of three values; ``client_address`` reads
them from the request and the settings.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.http import HttpRequest

__all__ = [
    "UNKNOWN",
    "Network",
    "address_bucket",
    "client_address",
    "parse_address",
    "parse_networks",
    "resolve",
    "trusted_proxies",
]

type Address = ipaddress.IPv4Address | ipaddress.IPv6Address
type Network = ipaddress.IPv4Network | ipaddress.IPv6Network

UNKNOWN = "unknown"  # no usable REMOTE_ADDR (never happens under gunicorn or runserver)
IPV6_BUCKET_PREFIX = 64  # one IPv6 subscriber gets a whole /64: limits count per /64


def parse_networks(values: Iterable[str]) -> tuple[Network, ...]:
    """CIDRs (or single addresses) as networks; ValueError names the first bad value."""
    networks: list[Network] = []
    for value in values:
        text = value.strip()
        if not text:
            continue
        try:
            networks.append(ipaddress.ip_network(text, strict=False))
        except ValueError as error:
            raise ValueError(f"Not an address or CIDR: {text!r}") from error
    return tuple(networks)


def parse_address(value: str) -> Address | None:
    """One address as sent by a proxy, or None. IPv4-mapped IPv6 counts as the IPv4 address."""
    try:
        address = ipaddress.ip_address(value.strip())
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _is_trusted(address: Address, trusted: Sequence[Network]) -> bool:
    return any(address.version == net.version and address in net for net in trusted)


def resolve(remote_addr: str, forwarded_for: str, trusted: Sequence[Network]) -> str:
    """The client's address from the peer, the X-Forwarded-For value and the trusted proxies."""
    peer = parse_address(remote_addr)
    if peer is None:
        return UNKNOWN
    current = peer
    if not _is_trusted(peer, trusted):
        return str(current)  # an untrusted peer cannot tell us anything: header ignored
    for entry in reversed(forwarded_for.split(",")):
        address = parse_address(entry)
        if address is None:
            break  # not written by a trusted proxy: neither it nor anything left of it counts
        current = address
        if not _is_trusted(address, trusted):
            break  # the right-most untrusted entry is the client
    return str(current)


def trusted_proxies() -> tuple[Network, ...]:
    return parse_networks(getattr(settings, "LOTSE_TRUSTED_PROXIES", ()))


def client_address(request: HttpRequest) -> str:
    """The address of the client that sent ``request`` (see the module docstring)."""
    return resolve(
        str(request.META.get("REMOTE_ADDR") or ""),
        str(request.META.get("HTTP_X_FORWARDED_FOR") or ""),
        trusted_proxies(),
    )


def address_bucket(address: str) -> str:
    """What a per-address limit counts: the address, for IPv6 its /64 network."""
    parsed = parse_address(address)
    if isinstance(parsed, ipaddress.IPv6Address):
        network = ipaddress.IPv6Network(f"{parsed}/{IPV6_BUCKET_PREFIX}", strict=False)
        return str(network)
    return str(parsed) if parsed is not None else address
