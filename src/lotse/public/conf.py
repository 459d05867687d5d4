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
