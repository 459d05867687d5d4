"""Kept counts: the statistics of a publishable period from one row per team, not a pass
over a year of contacts.

For every team and every calendar month, quarter, half year and year that someone asked for,
a ``PeriodAggregate`` row keeps the team's ``Partial`` (see ``lotse.stats.partials``). A
unit's statistics are the sum of its teams' rows; only the tables that are not sums over
clients (network, volunteers, posts) are counted afresh.

Why per period and not per month: a client counts once per period however many months they
came (DOMAIN §D12). Twelve monthly counts of persons do not add up to the year's, so each
publishable period keeps its own counts; there are 19 of them in a year per team.

Staying exact: every write that changes a count (a contact, a first contact, a case step, a
household member, a client's details — see ``lotse.stats.signals``) bumps the generation of
the rows of the client's team whose period ends on or after the earliest date it touches —
"on or after" because a contact in March makes the client *continuing* in every later period.
A row whose generation moved on is counted again from the raw rows of its one team
(``refresh``): by the background job within seconds of the write, or by the next reader when
no worker runs. Published figures (reports, bundles, exports) always wait for fresh rows;
the dashboard of an installation with a worker shows the kept counts with their time.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Min, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from lotse.cases.models import Case
from lotse.clients.models import CounsellingContact, Intake
from lotse.organisation.models import Team
from lotse.volunteers.models import GroupOfferDate

from .models import PeriodAggregate
from .partials import Partial, gather, total
from .periods import _month_end, period_kind
from .selectors.base import Period

logger = logging.getLogger(__name__)

# A row stale for longer than this is refreshed by its reader even where a worker should
# have done it (the worker is down, or busy with a long job).
WORKER_GRACE = timedelta(minutes=2)


def is_kept(period: Period) -> bool:
    """Only publishable calendar periods are kept; a team's own day ranges are counted live."""
    return period_kind(period.start, period.end) is not None


def calendar_periods(first: date, last: date) -> list[Period]:
    """Every month, quarter, half year and year that overlaps ``first``–``last``."""
    periods: list[Period] = []
    for year in range(first.year, last.year + 1):
        candidates = [Period(date(year, 1, 1), date(year, 12, 31))]
        candidates += [Period(date(year, m, 1), _month_end(year, m + 5)) for m in (1, 7)]
        candidates += [Period(date(year, m, 1), _month_end(year, m + 2)) for m in (1, 4, 7, 10)]
        candidates += [Period(date(year, m, 1), _month_end(year, m)) for m in range(1, 13)]
        periods += [p for p in candidates if p.start <= last and p.end >= first]
    return periods


@dataclass(frozen=True)
class Kept:
    """The summed partial of a unit and how current it is."""

    partial: Partial
    as_of: datetime | None
    pending: bool


def background_refresh() -> bool:
    """True when a task worker refreshes stale rows (any backend but the immediate one)."""
    backend = settings.TASKS.get("default", {}).get("BACKEND", "")
    return not backend.endswith("ImmediateBackend")


def kept_partial(team_ids: Iterable[int], period: Period, *, fresh: bool = True) -> Kept:
    """The summed partial of ``team_ids`` for the calendar ``period``.

    Missing rows are counted now and kept. Stale rows are counted again now when ``fresh``
    (published figures), when no worker runs, or when the worker is late; otherwise the kept
    counts are used and ``pending`` says that newer entries are on their way.
    """
    if not is_kept(period):
        raise ValueError(f"{period} is not a calendar period")
    ids = sorted(set(team_ids))
    rows = {
        row.team_id: row
        for row in PeriodAggregate.objects.filter(
            team_id__in=ids, starts_on=period.start, ends_on=period.end
        )
    }
    now = timezone.now()
    partials: list[Partial] = []
    times: list[datetime] = []
    pending = False
    for team_id in ids:
        row = rows.get(team_id)
        if row is None:
            row = _create(team_id, period)
        elif not row.is_current:
            late = row.stale_since is None or now - row.stale_since > WORKER_GRACE
            if fresh or not background_refresh() or late or row.payload is None:
                row = refresh(row)
            else:
                pending = True
        try:
            partials.append(Partial.from_json(row.payload or {}))
        except ValueError:
            # Kept by an older Lotse whose partials had another shape: count it again.
            partials.append(Partial.from_json(refresh(row).payload or {}))
        if row.computed_at:
            times.append(row.computed_at)
    return Kept(total(partials), min(times) if times else None, pending)


def _create(team_id: int, period: Period) -> PeriodAggregate:
    partial = gather([team_id], period)
    try:
        with transaction.atomic():
            return PeriodAggregate.objects.create(
                team_id=team_id,
                starts_on=period.start,
                ends_on=period.end,
                payload=partial.to_json(),
                generation=1,
                built_generation=1,
                computed_at=timezone.now(),
            )
    except IntegrityError:
        # Another request kept it first; theirs is as good as ours, or stale and refreshed.
        row = PeriodAggregate.objects.get(
            team_id=team_id, starts_on=period.start, ends_on=period.end
        )
        return row if row.is_current else refresh(row)


def refresh(row: PeriodAggregate) -> PeriodAggregate:
    """Count ``row``'s team and period again from the raw rows.

    The generation read before counting guards the write: a change committed while counting
    bumped it, so the row stays stale and is counted once more — never marked current with
    counts that miss that change.
    """
    generation = PeriodAggregate.objects.filter(pk=row.pk).values_list("generation", flat=True)
    seen = generation.first()
    if seen is None:
        return row
    partial = gather([row.team_id], Period(row.starts_on, row.ends_on))
    payload = partial.to_json()
    now = timezone.now()
    written = PeriodAggregate.objects.filter(pk=row.pk, generation=seen).update(
        payload=payload, built_generation=seen, stale_since=None, computed_at=now
    )
    row.payload = payload
    row.computed_at = now
    if written:
        row.generation = row.built_generation = seen
    return row


def refresh_stale(limit: int | None = None) -> int:
    """Refresh stale rows, the newest periods first; the number refreshed."""
    stale = PeriodAggregate.objects.exclude(built_generation=F("generation")).order_by(
        "-ends_on", "starts_on", "team_id"
    )
    done = 0
    for row in stale[:limit] if limit else stale:
        refresh(row)
        done += 1
    return done


def mark_stale(team_ids: Iterable[int | None], since: date | None) -> int:
    """Rows of ``team_ids`` whose period ends on or after ``since`` (all when None) are out
        of date; the number of rows marked (``lotse.stats.signals`` asks the worker to count them
    again once the change is committed)."""
    ids = sorted({t for t in team_ids if t is not None})
    if not ids:
        return 0
    rows = PeriodAggregate.objects.filter(team_id__in=ids)
    if since is not None:
        rows = rows.filter(ends_on__gte=since)
    return rows.update(
        generation=F("generation") + 1, stale_since=Coalesce(F("stale_since"), timezone.now())
    )


def first_activity(client_ids: Iterable[int]) -> date | None:
    """The earliest date of a contact, first contact or group offer date of the clients: a
    change of their details reaches every period from there on."""
    ids = list(client_ids)
    dates = [
        model.objects.filter(client_id__in=ids).aggregate(d=Min("date"))["d"]
        for model in (CounsellingContact, Intake)
    ]
    dates.append(
        GroupOfferDate.objects.filter(offer__participants__client_id__in=ids).aggregate(
            d=Min("date")
        )["d"]
    )
    found = [d for d in dates if d is not None]
    return min(found) if found else None


def rebuild(*, first_year: int | None = None, today: date | None = None) -> int:
    """Forget every kept row and count all calendar periods of every team from the first
    year with a record (or ``first_year``) to today; the number of rows kept."""
    today = today or timezone.localdate()
    if first_year is None:
        first = _first_record()
        if first is None:
            PeriodAggregate.objects.all().delete()
            return 0
        first_year = first.year
    periods = calendar_periods(date(first_year, 1, 1), today)
    PeriodAggregate.objects.all().delete()
    kept = 0
    for team_id in Team.objects.order_by("pk").values_list("pk", flat=True):
        for period in periods:
            _create(team_id, period)
            kept += 1
    return kept


def keep_missing(*, today: date | None = None, since: date | None = None) -> int:
    """Count and keep every calendar period begun by today, from the year of the first record
    (or of ``since``) on, that a team has no kept row for yet (a new month, quarter or team, a
    year nobody looked at); the number kept.

    Run nightly, so the statistics page reads kept counts from the first view of any period
    on instead of counting a year of raw rows while the user waits (8 s at 1,000,000 contacts
    on PostgreSQL). The first run after an upgrade counts the whole history once; later runs
    find only the new periods. Rows that exist are left alone: the writes keep them current."""
    today = today or timezone.localdate()
    first = min(since or _first_record() or today, today)
    periods = calendar_periods(date(first.year, 1, 1), today)
    existing = set(
        PeriodAggregate.objects.filter(starts_on__gte=periods[0].start).values_list(
            "team_id", "starts_on", "ends_on"
        )
    )
    kept = 0
    for team_id in Team.objects.order_by("pk").values_list("pk", flat=True):
        for period in periods:
            if (team_id, period.start, period.end) not in existing:
                _create(team_id, period)
                kept += 1
    return kept


def _first_record() -> date | None:
    dates = [
        m.objects.aggregate(d=Min("date"))["d"]
        for m in (CounsellingContact, Intake, GroupOfferDate)
    ]
    dates.append(Case.objects.aggregate(d=Min("opened_on"))["d"])
    found = [d for d in dates if d is not None]
    return min(found) if found else None


def stale_count() -> int:
    return PeriodAggregate.objects.filter(~Q(built_generation=F("generation"))).count()
