"""The case list's computed orders walked along indexes (issue #20): every page exactly as the
plain ``ORDER BY``, for each sort, filter and depth, and the walk taken for a long list only."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from lotse.accounts.models import Membership
from lotse.accounts.roles import Role
from lotse.cases.models import Case, Review
from lotse.cases.phases import Phase
from lotse.cases.selectors import worklist, worklist_walks
from lotse.cases.selectors.worklist import (
    CaseFilters,
    case_page,
    filtered_cases,
    next_review_q,
)
from lotse.clients.services import ClientData, client_create
from lotse.organisation.models import Service, ServiceKind, Team

TODAY = timezone.localdate()
SORTS = ("phase", "-phase", "file_number", "-file_number", "next_review", "-next_review")


def _plain(cases, sort: str, stop: int) -> list[int]:
    """The reference: the list sorted by the database along ``worklist._sorts``."""
    ordered = cases.annotate(next_review=next_review_q()).order_by(*worklist._order(sort))
    return list(ordered.values_list("pk", flat=True)[:stop])


@pytest.fixture
def listed(org):
    """40 files in two of the counsellor's teams ("MBE-…" and "JMD-…" numbers interleave in
    neither order) and 8 of a stranger's team; cases in every phase with ties in the opening
    date, 0–3 open reviews (some on the same day, some of them held) and a few without any."""
    rng = random.Random(20)
    jmd = Service.objects.get(centre=org.centre, kind=ServiceKind.JMD)
    team_c = Team.objects.create(service=jmd, name="Team C")
    Membership.objects.create(user=org.users["counsellor"], team=team_c, role=Role.COUNSELLOR)
    teams = [(org.team_a, "MBE", ServiceKind.MBE), (team_c, "JMD", ServiceKind.JMD)]
    teams += [(org.team_b, "ZZZ", ServiceKind.JMD)]
    phases = list(Phase)
    for n in range(48):
        team, prefix, service = teams[0 if n < 20 else 1 if n < 40 else 2]
        client = client_create(team=team, data=ClientData(first_name=f"P{n}", last_name="Walk"))
        number = f"{prefix}-{rng.randrange(10_000):05d}-{n}"
        type(client).objects.filter(pk=client.pk).update(file_number=number)
        opened = TODAY - timedelta(days=rng.choice([10, 10, 10, 200, 400]))
        case = Case.objects.create(
            client=client,
            service=service,
            phase=rng.choice(phases),
            phase_since=opened,
            opened_on=opened,
            counsellor=org.users["counsellor" if n % 3 else "team_lead"],
        )
        for _ in range(rng.choice([0, 1, 1, 2, 3])):
            Review.objects.create(
                case=case,
                scheduled_on=TODAY + timedelta(days=rng.choice([-30, 5, 5, 60])),
                held_on=TODAY if rng.random() < 0.2 else None,
            )
    return org.users["counsellor"]


FILTERS = [
    CaseFilters(),
    CaseFilters(status="open"),
    CaseFilters(service=ServiceKind.JMD),
    CaseFilters(phase=Phase.IMPLEMENTATION),
    CaseFilters(review="overdue"),
]


@pytest.mark.django_db
@pytest.mark.parametrize("sort", SORTS)
def test_every_walk_gives_the_plain_order_at_every_depth(listed, org, sort, monkeypatch):
    # Chunks of two rows growing to at most three, so that every walk reads several chunks and
    # several "earliest review" checks before it has its rows.
    monkeypatch.setattr(worklist_walks, "_CHUNK", 2)
    monkeypatch.setattr(worklist_walks, "id_limit", lambda: 3)
    teams = listed.client_team_ids()
    # One of the counsellor's two teams only: the other team's walk has nothing to find.
    for filters in [*FILTERS, CaseFilters(team=org.team_a.pk)]:
        cases = filtered_cases(user=listed, filters=filters, today=TODAY)
        total = cases.count()
        for stop in (1, 3, 7, 20, total, total + 5):
            walked = worklist_walks.walk_ids(cases, sort, stop, teams=teams)
            assert walked == _plain(cases, sort, stop), (filters, stop)


@pytest.mark.django_db
def test_walks_never_show_a_strangers_case(listed, org):
    strangers = set(Case.objects.filter(client__team=org.team_b).values_list("pk", flat=True))
    assert len(strangers) == 8
    cases = filtered_cases(user=listed, filters=CaseFilters(), today=TODAY)
    # Even asked to walk the stranger's team too, the filters of the list keep its files out.
    teams = {*listed.client_team_ids(), org.team_b.pk}
    for sort in SORTS:
        assert not strangers & set(worklist_walks.walk_ids(cases, sort, 100, teams=teams))


@pytest.mark.django_db
def test_a_long_list_is_walked_and_a_short_one_sorted(listed, monkeypatch):
    calls: list[str] = []
    real = worklist_walks.walk_ids

    def spy(cases, sort, stop, *, teams):
        calls.append(sort)
        return real(cases, sort, stop, teams=teams)

    monkeypatch.setattr(worklist, "walk_ids", spy)
    cases = filtered_cases(user=listed, filters=CaseFilters(), today=TODAY)
    teams = listed.client_team_ids()
    short = case_page(cases=cases, sort="phase", number=1, size=5, teams=teams)
    assert calls == []  # 40 cases: under the cap, the database sorts them
    monkeypatch.setattr(worklist, "COUNT_CAP", 10)
    for sort in SORTS:
        page = case_page(cases=cases, sort=sort, number=2, size=5, teams=teams)
        assert [case.pk for case in page] == _plain(cases, sort, 10)[5:10]
    assert calls == list(SORTS)
    assert [case.pk for case in short] == _plain(cases, "phase", 5)


@pytest.mark.django_db
def test_the_file_number_walk_stops_at_page_twenty():
    assert worklist_walks.walks("file_number", worklist_walks.FILE_NUMBER_WALK_ROWS)
    assert not worklist_walks.walks("-file_number", worklist_walks.FILE_NUMBER_WALK_ROWS + 1)
    assert worklist_walks.walks("-next_review", 1001) and worklist_walks.walks("phase", 1001)
    assert not worklist_walks.walks("-opened", 26)


@pytest.mark.django_db
def test_a_phase_outside_the_process_is_refused_by_the_database(listed):
    case = Case.objects.filter(client__team__memberships__user=listed).first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.filter(pk=case.pk).update(phase="paused")


@pytest.mark.django_db
def test_the_file_number_walk_leaves_out_a_team_without_listed_cases(listed, org, monkeypatch):
    walked: list[int] = []
    real = worklist_walks._listed_clients

    def spy(cases, team, descending, stop):
        walked.append(team)
        return real(cases, team, descending, stop)

    monkeypatch.setattr(worklist_walks, "_listed_clients", spy)
    cases = filtered_cases(user=listed, filters=CaseFilters(team=org.team_a.pk), today=TODAY)
    ids = worklist_walks.walk_ids(cases, "file_number", 5, teams=listed.client_team_ids())
    assert walked == [org.team_a.pk]
    assert ids == _plain(cases, "file_number", 5)
