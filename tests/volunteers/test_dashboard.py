"""The coordinator's dashboard panels with a fixed clock (``today`` is passed in)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import RequestFactory
from django.urls import reverse

from lotse.volunteers import services
from lotse.volunteers.shell import reminders_panel, silent_panel
from volunteers.samples import make_partner, make_partnership, make_volunteer

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 25)


def _request(user):
    request = RequestFactory().get("/dashboard/")
    request.user = user
    return request


def _meet(org, partnership, day: date) -> None:
    services.meeting_log(
        partnership=partnership,
        date=day,
        duration_minutes=60,
        activities=["german"],
        logged_by=org.users["coordinator"],
        today=TODAY,
    )


@pytest.fixture
def pairs(org):
    """Three active partnerships (started 2026-09-10) and a paused one."""
    result = {}
    for index, name in enumerate(("recent", "silent", "never", "paused")):
        volunteer = make_volunteer(org, first_name=name.title())
        partnership = make_partnership(org, volunteer, make_partner(org, first_name=f"P{index}"))
        partnership.started_on = partnership.proposed_on = date(2026, 9, 10)
        partnership.save()
        result[name] = partnership
    _meet(org, result["recent"], TODAY - timedelta(days=20))
    _meet(org, result["silent"], TODAY - timedelta(days=40))
    _meet(org, result["silent"], TODAY - timedelta(days=21))
    _meet(org, result["paused"], TODAY - timedelta(days=60))
    services.partnership_transition(
        partnership=result["paused"],
        target="paused",
        expected_version=result["paused"].version,
        on=TODAY - timedelta(days=59),
        today=TODAY,
    )
    return result


def test_silent_partnerships_are_flagged_after_three_weeks(org, pairs) -> None:
    panel = silent_panel(_request(org.users["coordinator"]), today=TODAY)
    assert panel is not None
    flagged = [(s.partnership, s.days, s.last_meeting) for s in panel["silent"]]
    assert flagged == [
        (pairs["never"], 76, None),  # no meeting since the start, longest first
        (pairs["silent"], 21, TODAY - timedelta(days=21)),
    ]


def test_the_clock_decides_a_day_earlier_nothing_is_silent_yet(org, pairs) -> None:
    earlier = TODAY - timedelta(days=1)
    panel = silent_panel(_request(org.users["coordinator"]), today=earlier)
    assert panel is not None
    assert [s.partnership for s in panel["silent"]] == [pairs["never"]]


def test_the_panels_are_only_for_volunteer_roles(org, pairs) -> None:
    for persona in ("counsellor", "stranger", "statistics", "dpo", "admin"):
        assert silent_panel(_request(org.users[persona]), today=TODAY) is None
        assert reminders_panel(_request(org.users[persona]), today=TODAY) is None
    assert silent_panel(_request(org.users["team_lead"]), today=TODAY) is not None


def test_reminders_list_missing_documents_and_suggest_the_next_evening(org) -> None:
    volunteer = make_volunteer(org, first_name="Dora")
    services.volunteer_document_add(
        volunteer=volunteer,
        kind="conduct",
        issued_on=date(2021, 12, 1),
        valid_until=None,
        seen_by=org.users["coordinator"],
        today=TODAY,
    )
    services.evening_create(
        team=org.team_a, date=date(2026, 10, 21), created_by=org.users["coordinator"]
    )
    panel = reminders_panel(_request(org.users["coordinator"]), today=TODAY)
    assert panel is not None
    [warning] = panel["documents"]
    assert {s.kind: s.state for s in warning.states} == {
        "conduct": "expiring",  # valid until 01.12.2026
        "confidentiality": "missing",
    }
    assert panel["upcoming"] is None and panel["suggestion"].suggested == date(2026, 12, 9)


def test_dashboard_page_shows_the_silent_partnership(org, as_persona) -> None:
    volunteer = make_volunteer(org, first_name="Ilse")
    make_partnership(org, volunteer, make_partner(org), started_days_ago=30)
    page = as_persona("coordinator").get(reverse("dashboard")).content.decode()
    assert 'data-testid="silent-partnership"' in page and "Ilse" in page
