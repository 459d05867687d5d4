"""Odd query-string values found in issue #15 (item 5): a clear answer, never a 500.

Each case was a server error before lotse.common.query: digits that ``isdigit()`` and
``int()`` accept but the database does not, a week past the calendar's end, a ``next=`` to
another site.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse

from appointments import samples as appointment_samples


@pytest.mark.parametrize("value", ["¹²", "١٢", "99999999999999999999", "", "-1"])
def test_odd_per_page_and_contact_on_the_contact_list(org, as_persona, value) -> None:
    url = reverse("client_contacts", args=[org.client_a.pk])
    response = as_persona("counsellor").get(url, {"per_page": value, "contact": value})
    assert response.status_code == 200
    assert response.context["page"].paginator.per_page == 25


@pytest.mark.parametrize("value", ["¹²", "99999999999999999999", "x"])
def test_odd_counsellor_on_the_booking_page(org, as_persona, value) -> None:
    url = reverse("appointment_client_book", args=[org.client_a.pk])
    response = as_persona("counsellor").get(url, {"counsellor": value})
    assert response.status_code == 200


def test_odd_counsellor_on_a_request_booking_page(org, as_persona) -> None:
    request_id = appointment_samples.appointment_request_a(org)
    url = reverse("appointment_request_book", args=[request_id])
    assert as_persona("counsellor").get(url, {"counsellor": "²"}).status_code == 200


@pytest.mark.parametrize("week", ["9999-12-31", "0001-01-01", "٢٠٢٦-٠٣-٠٤", "2026-W99"])
def test_a_week_beyond_the_calendar_shows_this_week(org, as_persona, week) -> None:
    response = as_persona("counsellor").get(reverse("appointment_list"), {"week": week})
    assert response.status_code == 200
    today = response.context["today"]
    assert response.context["week"] == today - timedelta(days=today.weekday())


def test_a_week_by_iso_week_number(org, as_persona) -> None:
    response = as_persona("counsellor").get(reverse("appointment_list"), {"week": "2026-W10"})
    assert response.context["week"] == date(2026, 3, 2)


@pytest.mark.parametrize(
    "target", ["https://evil.example/phish", "//evil.example/", "/\\evil.example"]
)
def test_legal_hold_does_not_redirect_to_another_site(org, as_persona, target) -> None:
    response = as_persona("team_lead").post(
        reverse("privacy_legal_hold"),
        {"file_number": org.client_a.file_number, "reason": "court order", "next": target},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")


def test_legal_hold_returns_to_a_page_of_this_site(org, as_persona) -> None:
    back = reverse("client_detail", args=[org.client_a.pk])
    response = as_persona("team_lead").post(
        reverse("privacy_legal_hold"),
        {"file_number": org.client_a.file_number, "reason": "court order", "next": back},
    )
    assert response["Location"] == back


def test_follow_up_done_does_not_redirect_to_another_site(org, as_persona) -> None:
    from test_access_matrix import SAMPLES

    contact_id = SAMPLES["contact_a"](org)
    response = as_persona("counsellor").post(
        reverse("client_contact_follow_up_done", args=[org.client_a.pk, contact_id]),
        {"next": "https://evil.example/"},
    )
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


@pytest.mark.parametrize("url_name", ["stats_dashboard", "volunteer_figures"])
def test_a_period_ending_in_year_9999_is_refused_not_a_crash(org, as_persona, url_name) -> None:
    """Found by tests/security/test_query_fuzzing.py: the month after 31.12.9999 overflowed."""
    response = as_persona("team_lead").get(
        reverse(url_name), {"start": "9999-01-01", "end": "9999-12-31"}
    )
    assert response.status_code == 200
    assert "end" in response.context["form"].errors
