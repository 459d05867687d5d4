"""The case list's computed sort orders as index walks (issue #20).

Sorting by phase, by the client's file number or by the next open review cannot walk an index
of the case table: the phase's place in the process is a ``CASE`` expression, the file number
lives on the client and the next review is a subquery per case. Ordered in SQL, every visible
case (15,000 in the benchmark's MBE team) was joined, computed and sorted to show 25: 35–40 ms
of a 70 ms page. A page needs only its first ``stop`` ids in that order, so each walk reads
rows in index order until it has them:

- phase: one walk of ``case_phase_opened_idx`` per phase, in the process's order;
- file number: per team, the files in file-number order (``client_team_file_number_idx``), a
  chunk at a time, keeping those with a listed case (one query per chunk), merged across teams;
  then their cases;
- next review: the open reviews in date order (``review_due_case_idx``), a chunk at a time,
  keeping those of listed cases, each case at its earliest open review; then the cases
  without one.

Each gives exactly the order of ``worklist._sorts()`` (tests/cases/test_worklist_walks.py
compares every page with the plain ``ORDER BY``). A walk reads rows the filters then drop, so
it pays only on a long list: the caller sorts lists of up to ``COUNT_CAP`` cases in SQL, and
the file-number walk only up to page 20 (``walks``). The filters are checked by id lists, not
by ``EXISTS`` per row: for that PostgreSQL built a hash of every visible case first (25–37 ms).
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import Exists, F, Min, OuterRef, QuerySet

from lotse.clients.models import Client
from lotse.common.id_list import id_in, id_limit

from ..models import Case, Review
from ..phases import Phase

WALKED_SORTS = frozenset({"phase", "file_number", "next_review"})
_CHUNK = 200
# The file-number walk reads about five files per listed case (a fifth of the files are in
# case management): past page 20 sorting the scoped ids is cheaper (bench at 100,000 files).
FILE_NUMBER_WALK_ROWS = 501


def walks(sort: str, stop: int) -> bool:
    """Whether the first ``stop`` rows of a long list in the order ``sort`` are walked."""
    key = sort.lstrip("-")
    return key in WALKED_SORTS and (key != "file_number" or stop <= FILE_NUMBER_WALK_ROWS)


def walk_ids(cases: QuerySet[Case], sort: str, stop: int, *, teams: Iterable[int]) -> list[int]:
    """The first ``stop`` ids of ``cases`` in the order ``sort`` (a key of ``WALKED_SORTS``,
    "-" for descending). ``teams`` holds the teams of the listed cases' files (the user's
    client teams): the file-number walk reads those teams' files only."""
    key, descending = sort.lstrip("-"), sort.startswith("-")
    if key == "phase":
        return _by_phase(cases, descending, stop)
    if key == "file_number":
        return _by_file_number(cases, teams, descending, stop)
    if key == "next_review":
        return _by_next_review(cases, descending, stop)
    raise ValueError(f"no walk for the sort {sort!r}")


def _by_phase(cases: QuerySet[Case], descending: bool, stop: int) -> list[int]:
    # Within a phase the newest opening first, in both directions (as ``_sorts``).
    ids: list[int] = []
    for phase in reversed(Phase) if descending else Phase:
        if len(ids) >= stop:
            break
        ids += (
            cases.filter(phase=phase)
            .order_by(F("opened_on").desc(), F("pk").desc())
            .values_list("pk", flat=True)[: stop - len(ids)]
        )
    return ids


def _in_chunks(rows: QuerySet[Any], wanted: int) -> Iterator[list[Any]]:
    """``rows`` (ordered) a chunk at a time, the first twice ``wanted`` rows, then doubling up
    to the ids one condition may carry (each chunk's ids are checked in one query)."""
    most = id_limit()
    size, start = min(max(2 * wanted, _CHUNK), most), 0
    while True:
        chunk = list(rows[start : start + size])
        if chunk:
            yield chunk
        if len(chunk) < size:
            return
        start += size
        size = min(size * 2, most)


def _listed_clients(cases: QuerySet[Case], team: int, descending: bool, stop: int) -> Iterator[Any]:
    """(file number, id) of the team's files that have a listed case, in file-number order."""
    number = F("file_number").desc() if descending else F("file_number").asc()
    walk = (
        Client.objects.filter(team_id=team, merged_into__isnull=True)
        .order_by(number)
        .values_list("file_number", "pk")
    )
    for chunk in _in_chunks(walk, stop):
        ids = [pk for _number, pk in chunk]
        listed = set(cases.filter(id_in("client_id", ids)).values_list("client_id", flat=True))
        yield from (row for row in chunk if row[1] in listed)


def _by_file_number(
    cases: QuerySet[Case], teams: Iterable[int], descending: bool, stop: int
) -> list[int]:
    # One walk per team along ``client_team_file_number_idx`` (team, file_number, id), merged:
    # one walk over all files would first pass every other team's file numbers ("JMD-…" before
    # "MBE-…"). Every client kept has a listed case, so the first ``stop`` of them hold the
    # first ``stop`` cases (file numbers are unique).
    # A team without a listed case (a filter for another team or service) is not walked: the
    # merge would read every one of its files before giving up on it.
    walks = [
        _listed_clients(cases, team, descending, stop)
        for team in sorted(teams)
        if cases.filter(client__team_id=team).exists()
    ]
    merged = heapq.merge(*walks, reverse=descending)
    walked = [pk for _number, pk in itertools.islice(merged, stop)]
    number = F("client__file_number").desc() if descending else F("client__file_number").asc()
    pk = F("pk").desc() if descending else F("pk").asc()
    return list(
        cases.filter(client_id__in=walked).order_by(number, pk).values_list("pk", flat=True)[:stop]
    )


def _open_reviews_in_order(
    cases: QuerySet[Case], descending: bool, wanted: int
) -> Iterator[tuple[int, Any]]:
    """(case id, date) of the listed cases' open reviews in date order, ties by case id."""
    order = (
        (F("scheduled_on").desc(), F("case_id").desc())
        if descending
        else (F("scheduled_on").asc(), F("case_id").asc())
    )
    walk = Review.objects.filter(held_on__isnull=True).order_by(*order)
    for chunk in _in_chunks(walk.values_list("case_id", "scheduled_on"), wanted):
        ids = sorted({case for case, _day in chunk})
        listed = set(cases.filter(id_in("pk", ids)).values_list("pk", flat=True))
        yield from (row for row in chunk if row[0] in listed)


def _by_next_review(cases: QuerySet[Case], descending: bool, stop: int) -> list[int]:
    ids: list[int] = []
    taken: set[int] = set()
    if descending:
        # Walking backwards a case is met at its latest open review first: it is placed where
        # the walk meets its earliest, which is checked for a chunk of cases at a time.
        earliest: dict[int, Any] = {}
        pending: list[tuple[int, Any]] = []

        def place(rows: list[tuple[int, Any]]) -> None:
            unknown = sorted({case for case, _ in rows if case not in earliest})
            if unknown:
                earliest.update(
                    Review.objects.filter(id_in("case_id", unknown), held_on__isnull=True)
                    .values("case_id")
                    .annotate(first=Min("scheduled_on"))
                    .values_list("case_id", "first")
                )
            for case, day in rows:
                # (.get: a review held since the walk read it leaves its case out of the query)
                if case not in taken and earliest.get(case) == day and len(ids) < stop:
                    taken.add(case)
                    ids.append(case)

        for row in _open_reviews_in_order(cases, True, stop):
            if len(ids) >= stop:
                break
            pending.append(row)
            if len(pending) >= _CHUNK:
                place(pending)
                pending = []
        place(pending)
    else:
        for case, _day in _open_reviews_in_order(cases, False, stop):
            if len(ids) >= stop:
                break
            if case not in taken:
                taken.add(case)
                ids.append(case)
    if len(ids) < stop:
        # No open review: last, in both directions (``nulls_last``), by id.
        without = cases.exclude(
            Exists(Review.objects.filter(case_id=OuterRef("pk"), held_on__isnull=True))
        ).order_by(F("pk").desc() if descending else F("pk").asc())
        ids += without.values_list("pk", flat=True)[: stop - len(ids)]
    return ids
