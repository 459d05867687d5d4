"""Reviews due and overdue, and the three-year list, for a fixed clock."""

from __future__ import annotations

from datetime import date

import pytest

from lotse.accounts.models import Membership
from lotse.accounts.roles import Role
from lotse.cases import services
from lotse.cases.models import Case
from lotse.cases.selectors import (
    cases_near_limit,
    reviews_due,
    reviews_overdue,
)
from lotse.clients.services import ClientData, client_create
from lotse_testing import make_user

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 2)


@pytest.fixture
def cases(org) -> dict[str, Case]:
    """Three MBE cases of team A (two for the counsellor, one for a colleague), one JMD case."""
    counsellor = org.users["counsellor"]
    colleague = make_user("colleague@test.invalid")
    Membership.objects.create(user=colleague, team=org.team_a, role=Role.COUNSELLOR)
    second = client_create(team=org.team_a, data=ClientData(first_name="Bahar", last_name="Yilmaz"))
    third = client_create(team=org.team_a, data=ClientData(first_name="Dmytro", last_name="Melnyk"))

    def open_case(client, user, opened: date) -> Case:
        return services.case_open(client=client, counsellor=user, opened_on=opened)

    return {
        # limit 2026-03-01: passed yesterday
        "passed": open_case(org.client_a, counsellor, date(2023, 3, 1)),
        # opened 30 months ago today (limit 2026-09-02): listed from today on
        "edge": open_case(second, counsellor, date(2023, 9, 2)),
        # 30 months tomorrow (limit 2026-09-03): not yet listed
        "later": open_case(third, colleague, date(2023, 9, 3)),
        "jmd": open_case(org.client_b, org.users["stranger"], date(2022, 1, 10)),
    }


def schedule(case: Case, org, *days: date) -> None:
    for day in days:
        services.review_schedule(case=case, scheduled_on=day, by=org.users["counsellor"])


def test_three_year_limit_list_for_team_leads(org, cases) -> None:
    lead = org.users["team_lead"]
    listed = list(cases_near_limit(user=lead, today=TODAY))
    assert listed == [cases["passed"], cases["edge"]]
    assert [c.limit_date for c in listed] == [date(2026, 3, 1), date(2026, 9, 2)]
    assert list(cases_near_limit(user=lead, today=date(2026, 3, 3))) == [
        cases["passed"],
        cases["edge"],
        cases["later"],
    ]
    # counsellors are no team leads; JMD cases have no limit
    assert not cases_near_limit(user=org.users["counsellor"], today=TODAY).exists()
    assert cases["jmd"].limit_date is None
    # a closed case leaves the list
    case = cases["passed"]
    services.case_close(
        case=case,
        reason="time_limit",
        livelihood="sgb_ii",
        note="",
        by=org.users["counsellor"],
        on=TODAY,
        expected_version=case.version,
    )
    assert list(cases_near_limit(user=lead, today=TODAY)) == [cases["edge"]]


def test_reviews_due_and_overdue(org, cases) -> None:
    schedule(cases["passed"], org, date(2026, 2, 20), date(2026, 3, 1), date(2026, 3, 2))
    schedule(cases["edge"], org, date(2026, 3, 16), date(2026, 3, 17))
    schedule(cases["later"], org, date(2026, 2, 1), date(2026, 3, 10))
    schedule(cases["jmd"], org, date(2026, 2, 1))
    counsellor, lead = org.users["counsellor"], org.users["team_lead"]

    overdue = reviews_overdue(user=counsellor, today=TODAY)
    assert [r.scheduled_on for r in overdue] == [date(2026, 2, 20), date(2026, 3, 1)]
    due = reviews_due(user=counsellor, today=TODAY)
    # today and up to 14 days ahead (16.03.), not the 17th; the colleague's case is not theirs
    assert [r.scheduled_on for r in due] == [date(2026, 3, 2), date(2026, 3, 16)]

    # the team lead sees the whole team A, not team B's JMD case
    assert [r.scheduled_on for r in reviews_overdue(user=lead, today=TODAY)] == [
        date(2026, 2, 1),
        date(2026, 2, 20),
        date(2026, 3, 1),
    ]
    assert [r.scheduled_on for r in reviews_due(user=lead, today=TODAY)] == [
        date(2026, 3, 2),
        date(2026, 3, 10),
        date(2026, 3, 16),
    ]
    # the stranger (JMD team) sees only their own case
    assert [r.case for r in reviews_overdue(user=org.users["stranger"], today=TODAY)] == [
        cases["jmd"]
    ]
    # roles without client access see nothing
    assert not reviews_overdue(user=org.users["statistics"], today=TODAY).exists()
    assert not reviews_overdue(user=org.users["reader"], today=TODAY).exists()
