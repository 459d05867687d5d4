"""Which periods may be published (DOMAIN §D16): whole calendar months, quarters, half years
or years — the one rule every path that lets figures leave a team asks.

A day, a week or "1 to 30 March" next to "1 to 31 March" would let anyone subtract two
publications and isolate a person. Calendar periods form a tree (a month lies in one quarter,
one half year, one year), so two of them are either disjoint, equal or nested; nested ones of
the same unit are still refused where bundles meet (``overlaps_partly``), because the year
minus its published months would reveal a month's suppressed cell.
"""

from __future__ import annotations

import calendar
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .selectors.base import Period

# The rule in words for forms and messages (German in the catalogue); one text everywhere.
RULE = gettext_lazy(
    "Published figures cover a whole calendar month, quarter, half year or year "
    "(e.g. 1 April to 30 June)."
)


class PeriodNotPublishable(ValueError):
    """A period that figures leaving a team may not cover; the message says why, in words."""


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def period_kind(start: date, end: date) -> str | None:
    """``month``, ``quarter``, ``half_year`` or ``year`` when ``start``–``end`` is one whole
    calendar period of that kind, else None."""
    if start.day != 1 or start.year != end.year or end < start:
        return None
    months = end.month - start.month + 1
    if end != _month_end(end.year, end.month):
        return None
    if months == 1:
        return "month"
    if months == 3 and start.month in (1, 4, 7, 10):
        return "quarter"
    if months == 6 and start.month in (1, 7):
        return "half_year"
    if months == 12:
        return "year"
    return None


def published_period(start: date, end: date) -> Period:
    """``start``–``end`` as a publishable Period; PeriodNotPublishable otherwise."""
    if end < start:
        raise PeriodNotPublishable(_("The period cannot end before it starts."))
    if period_kind(start, end) is None:
        raise PeriodNotPublishable(
            _(
                "%(start)s to %(end)s cannot be published: %(rule)s Shorter or shifted periods "
                "would let someone subtract two publications and identify a person."
            )
            % {
                "start": start.strftime("%d.%m.%Y"),
                "end": end.strftime("%d.%m.%Y"),
                "rule": RULE,
            }
        )
    return Period(start, end)


def overlaps_partly(a: Period, b: Period) -> bool:
    """Two periods that share days without being the same period (nested ones included)."""
    return a != b and a.start <= b.end and b.start <= a.end
