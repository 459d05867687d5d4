"""Settings of the public pages, each with a default."""

from __future__ import annotations

from django.conf import settings


def request_limit() -> int:
    """Appointment-request submissions per address within the window (then HTTP 429)."""
    return int(getattr(settings, "LOTSE_PUBLIC_REQUEST_LIMIT", 10))


def request_window_seconds() -> int:
    return int(getattr(settings, "LOTSE_PUBLIC_REQUEST_WINDOW", 3600))


def min_fill_seconds() -> float:
    """A form sent back faster than this is suspected to come from a bot (quarantined)."""
    return float(getattr(settings, "LOTSE_PUBLIC_MIN_FILL_SECONDS", 3))


def client_address_header() -> str:
    """The request.META key holding the visitor's address.

    ``REMOTE_ADDR`` by default. Behind a reverse proxy that *overwrites* a header with the
    real address (nginx: ``proxy_set_header X-Real-IP $remote_addr;``) set
    ``LOTSE_PUBLIC_CLIENT_ADDRESS_META = "HTTP_X_REAL_IP"``. Never point it at a header a
    visitor can set (X-Forwarded-For as sent by the browser).
    """
    return str(getattr(settings, "LOTSE_PUBLIC_CLIENT_ADDRESS_META", "REMOTE_ADDR"))
