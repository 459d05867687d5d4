"""The case working list (issue #17 §3, DOMAIN §D17): filters, sort orders and pages.

Every list starts at ``Case.objects.visible_to(user)`` (cases of visible files of the user's
teams); each filter adds one condition. Which index serves which filter and sort is listed in
docs/architecture.md "Working lists". Pages are bounded offsets: at most ``MAX_PAGES`` pages
of ``PAGE_SIZE`` (the first 1,000 rows, as far as the capped count reaches); further on the
list asks for a narrower filter. The client list walks keys instead (one index per sort, all on
plain columns); here the phase rank, the file number and the next review are not columns of
the case, so a long list reads them along other indexes (``worklist_walks``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from types import MappingProxyType
from typing import Any

from django.db.models import Case as SqlCase
from django.db.models import F, IntegerField, OuterRef, QuerySet, Subquery, Value, When
from django.db.models.expressions import OrderBy
from django.utils.formats import number_format

from lotse.clients.selectors.listing import COUNT_CAP
from lotse.common.id_list import in_column_of

from ..models import Case, Review
from ..phases import THREE_YEARS, Phase, add_months
from . import REVIEW_REMINDER_DAYS, limit_warning_months
from .worklist_walks import walk_ids, walks

PAGE_SIZE = 25
MAX_PAGES = COUNT_CAP // PAGE_SIZE  # 40 pages: the rows the capped count still counts

STATUS_OPEN = "open"
STATUS_CLOSED = "closed"
REVIEW_DUE = "due"
REVIEW_OVERDUE = "overdue"


@dataclass(frozen=True)
class CaseFilters:
    """The chosen filters, already validated (cases/forms/worklist.py)."""

    counsellor: int | None = None
    team: int | None = None
    service: str = ""
    phase: str = ""
    status: str = ""
    opened_from: date | None = None
    opened_to: date | None = None
    review: str = ""
    near_limit: bool = False


def _phase_rank() -> SqlCase:
    """The phase's place in the process (assessment first, closed last)."""
    return SqlCase(
        *(When(phase=phase.value, then=Value(rank)) for rank, phase in enumerate(Phase)),
        default=Value(len(Phase)),
        output_field=IntegerField(),
    )


def _sorts() -> Mapping[str, tuple[Any, ...]]:
    nulls_last = {"nulls_last": True}
    return MappingProxyType(
        {
            "opened": (F("opened_on").asc(), F("pk").asc()),
            "-opened": (F("opened_on").desc(), F("pk").desc()),
            "phase": (_phase_rank().asc(), F("opened_on").desc(), F("pk").desc()),
            "-phase": (_phase_rank().desc(), F("opened_on").desc(), F("pk").desc()),
            "file_number": (F("client__file_number").asc(), F("pk").asc()),
            "-file_number": (F("client__file_number").desc(), F("pk").desc()),
            "next_review": (F("next_review").asc(**nulls_last), F("pk").asc()),
            "-next_review": (F("next_review").desc(**nulls_last), F("pk").desc()),
        }
    )


SORT_KEYS: tuple[str, ...] = tuple(_sorts())
DEFAULT_SORT = "-opened"


def next_review_q() -> Subquery:
    """The earliest review of the case not yet held (``review_case_open_idx``)."""
    return Subquery(
        Review.objects.filter(case=OuterRef("pk"), held_on__isnull=True)
        .order_by("scheduled_on")
        .values("scheduled_on")[:1]
    )


def limit_cutoff(today: date) -> date:
    """Limit dates up to this day are "near the three-year limit" (as ``cases_near_limit``)."""
    return add_months(today, THREE_YEARS * 12 - limit_warning_months())


def filtered_cases(*, user: Any, filters: CaseFilters, today: date) -> QuerySet[Case]:
    """``user``'s visible cases narrowed by ``filters``; unordered, no case read yet (on
    PostgreSQL a review filter has read its reviews' case ids, ``in_column_of``)."""
    cases = Case.objects.visible_to(user)
    if filters.counsellor is not None:
        cases = cases.filter(counsellor_id=filters.counsellor)
    if filters.team is not None:
        cases = cases.filter(client__team_id=filters.team)
    if filters.service:
        cases = cases.filter(service=filters.service)
    if filters.phase:
        cases = cases.filter(phase=filters.phase)
    if filters.status == STATUS_OPEN:
        cases = cases.exclude(phase=Phase.CLOSED)
    elif filters.status == STATUS_CLOSED:
        cases = cases.filter(phase=Phase.CLOSED)
    if filters.opened_from is not None:
        cases = cases.filter(opened_on__gte=filters.opened_from)
    if filters.opened_to is not None:
        cases = cases.filter(opened_on__lte=filters.opened_to)
    if filters.review:
        # Reviews of open cases only, as on the dashboard: a closed case has no review due.
        reviews = Review.objects.filter(held_on__isnull=True)
        if filters.review == REVIEW_OVERDUE:
            reviews = reviews.filter(scheduled_on__lt=today)
        else:
            reviews = reviews.filter(
                scheduled_on__gte=today,
                scheduled_on__lte=today + timedelta(days=REVIEW_REMINDER_DAYS),
            )
        # The open reviews are few; their cases are read first (PostgreSQL misjudged the
        # subquery and walked every open case: 17 ms for the one case with an overdue review).
        cases = cases.exclude(phase=Phase.CLOSED).filter(in_column_of("pk", reviews, "case_id"))
    if filters.near_limit:
        cases = cases.exclude(phase=Phase.CLOSED).filter(
            limit_date__isnull=False, limit_date__lte=limit_cutoff(today)
        )
    return cases


def _order(sort: str) -> tuple[OrderBy, ...]:
    return tuple(_sorts().get(sort) or _sorts()[DEFAULT_SORT])


# What a row shows of the client and the counsellor: a file's other encrypted columns (address,
# phone, notes …) would be decrypted for nothing, about 15 per row.
ROW_FIELDS = (
    *(f.name for f in Case._meta.concrete_fields),
    "client__file_number",
    "client__first_name",
    "client__last_name",
    "client__pseudonym",
    "client__is_anonymous",
    "client__team_id",
    "counsellor__full_name",
    "counsellor__email",
)


def ordered_cases(cases: QuerySet[Case], sort: str) -> QuerySet[Case]:
    """``cases`` with what a row shows, in the whitelisted order ``sort`` (else the default)."""
    return (
        cases.select_related("client", "counsellor")
        .only(*ROW_FIELDS)
        .annotate(next_review=next_review_q())
        .order_by(*_order(sort))
    )


def _page_ids(
    cases: QuerySet[Case], sort: str, start: int, stop: int, *, walk_in: Iterable[int] | None
) -> list[int]:
    """The ids of one page: the database sorts ids and sort keys only. Sorting whole rows
    would carry every visible file's encrypted columns (and each case's next review, a
    subquery) through the sort, to show 25 of them. A long list (more than ``COUNT_CAP``
    cases) in a computed order is walked along an index instead (``worklist_walks``); its
    files lie in the teams ``walk_in``."""
    if walk_in is not None and walks(sort, stop):
        return walk_ids(cases, sort, stop, teams=walk_in)[start:stop]
    if sort.lstrip("-") == "next_review":
        cases = cases.annotate(next_review=next_review_q())
    return list(cases.order_by(*_order(sort)).values_list("pk", flat=True)[start:stop])


@dataclass(frozen=True)
class CasePage:
    """One page of the list; iterating it gives its cases."""

    rows: list[Case]
    count: int  # exact when not ``more``
    more: bool  # more than COUNT_CAP cases
    number: int
    has_next: bool

    def __iter__(self) -> Any:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def count_cap(self) -> str:
        """ "1.000" in German, "1,000" in English."""
        return number_format(COUNT_CAP, force_grouping=True)


def case_page(
    *,
    cases: QuerySet[Case],
    sort: str,
    number: int,
    size: int = PAGE_SIZE,
    teams: Iterable[int] | None = None,
) -> CasePage:
    """Page ``number`` (1 … MAX_PAGES) of ``cases`` in the order ``sort``; ``teams``, those of
    the cases' files (the user's client teams), lets a long list walk its computed orders
    (``_page_ids``)."""
    number = max(1, min(number, MAX_PAGES))
    start = (number - 1) * size
    counted = cases.order_by().values("pk")[: COUNT_CAP + 1].count()
    ids = _page_ids(
        cases, sort, start, start + size + 1, walk_in=teams if counted > COUNT_CAP else None
    )
    found = {case.pk: case for case in ordered_cases(Case.objects.filter(pk__in=ids), sort)}
    rows = [found[pk] for pk in ids if pk in found]
    return CasePage(
        rows=rows[:size],
        count=min(counted, COUNT_CAP),
        more=counted > COUNT_CAP,
        number=number,
        has_next=len(rows) > size and number < MAX_PAGES,
    )
