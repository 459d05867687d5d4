"""Numbers, dates, weeks and return addresses from the query string (issue #15, item 5).

Every view reads such parameters through these functions, so that odd input gets the default
instead of a server error:

- Only ASCII digits count. ``"¹²".isdigit()`` is True and ``int("١٢")`` is 12, but neither is
  an id the database knows; superscripts even make ``int()`` raise.
- Numbers are range-checked: an id beyond 64 bits makes SQLite raise OverflowError.
- Dates are ``YYYY-MM-DD`` between 1900 and 2200: ``date(9999, 12, 31) + 7 days`` overflows.
- A return address (``next=``) is followed only when it stays on this site.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from django.http import HttpRequest
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme

MAX_ID = 2**63 - 1
EARLIEST = date(1900, 1, 1)
LATEST = date(2200, 12, 31)

_INT = re.compile(r"-?[0-9]{1,19}", re.ASCII)
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})", re.ASCII)
_WEEK = re.compile(r"([0-9]{4})-W([0-9]{2})", re.ASCII)


def parse_int(text: str | None, *, minimum: int = 1, maximum: int = MAX_ID) -> int | None:
    """``text`` as a whole number in [minimum, maximum], or None (ASCII digits only)."""
    if text is None or not _INT.fullmatch(text.strip()):
        return None
    number = int(text.strip())
    return number if minimum <= number <= maximum else None


def parse_date(
    text: str | None, *, earliest: date = EARLIEST, latest: date = LATEST
) -> date | None:
    """An ISO date ``YYYY-MM-DD`` within [earliest, latest], or None."""
    match = _DATE.fullmatch((text or "").strip())
    if match is None:
        return None
    try:
        day = date(*(int(part) for part in match.groups()))
    except ValueError:
        return None
    return day if earliest <= day <= latest else None


def parse_week(
    text: str | None, *, earliest: date = EARLIEST, latest: date = LATEST
) -> date | None:
    """The Monday of the week named by ``text`` (a day ``YYYY-MM-DD`` or ``YYYY-Www``), or None."""
    cleaned = (text or "").strip()
    week = _WEEK.fullmatch(cleaned)
    if week is not None:
        try:
            monday = date.fromisocalendar(int(week.group(1)), int(week.group(2)), 1)
        except ValueError:
            return None
    else:
        day = parse_date(cleaned, earliest=earliest, latest=latest)
        if day is None:
            return None
        monday = day - timedelta(days=day.weekday())
    return monday if earliest <= monday <= latest else None


def query_int(
    request: HttpRequest,
    name: str,
    *,
    minimum: int = 1,
    maximum: int = MAX_ID,
    default: int | None = None,
) -> int | None:
    """The query parameter ``name`` as a number in [minimum, maximum], else ``default``."""
    number = parse_int(request.GET.get(name), minimum=minimum, maximum=maximum)
    return default if number is None else number


def query_id(request: HttpRequest, name: str) -> int | None:
    """A primary key from the query string, or None."""
    return query_int(request, name, minimum=1, maximum=MAX_ID)


def query_choice(request: HttpRequest, name: str, choices: tuple[int, ...]) -> int:
    """One of ``choices`` (e.g. page sizes) as asked for, else the first."""
    number = query_int(request, name, minimum=min(choices), maximum=max(choices))
    return number if number in choices else choices[0]


def query_page(request: HttpRequest, name: str = "page") -> int | None:
    """A page number for ``Paginator.get_page`` (None means the first page)."""
    return query_int(request, name, minimum=1, maximum=10**9)


def query_date(
    request: HttpRequest,
    name: str,
    *,
    default: date | None = None,
    earliest: date = EARLIEST,
    latest: date = LATEST,
) -> date | None:
    day = parse_date(request.GET.get(name), earliest=earliest, latest=latest)
    return default if day is None else day


def query_week(request: HttpRequest, name: str, *, default: date) -> date:
    """The Monday of the asked-for week, else the Monday of ``default``'s week."""
    monday = parse_week(request.GET.get(name))
    return monday if monday is not None else default - timedelta(days=default.weekday())


def safe_next(request: HttpRequest, fallback: str, *, name: str = "next") -> str:
    """The ``next`` address (POST, then GET) when it stays on this site, else ``fallback``.

    ``fallback`` may be a URL name or a path (as for ``redirect``).
    """
    target = request.POST.get(name) or request.GET.get(name) or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(fallback)
