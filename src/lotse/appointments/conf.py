"""Settings of the appointments app, each with a default (override them in the settings)."""

from __future__ import annotations

from django.conf import settings

DEFAULT_CASES_PER_POST = 150  # DOMAIN §D13: clients a year per full-time post
DEFAULT_APPOINTMENT_MINUTES = 45
DEFAULT_BOOKING_DAYS = 21  # how far ahead bookable slots are offered


def cases_per_post() -> int:
    return int(getattr(settings, "LOTSE_CASES_PER_POST", DEFAULT_CASES_PER_POST))


def appointment_minutes() -> int:
    return int(getattr(settings, "LOTSE_APPOINTMENT_MINUTES", DEFAULT_APPOINTMENT_MINUTES))


def booking_days() -> int:
    return int(getattr(settings, "LOTSE_BOOKING_DAYS", DEFAULT_BOOKING_DAYS))
