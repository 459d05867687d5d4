"""The dashboard's panels kept for a minute per session (issue #20): fewer queries on a
repeated view, fresh after the user's own write or a change of their roles, each view
audited with the people it shows."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lotse.accounts.models import Membership
from lotse.accounts.roles import Role
from lotse.audit.models import AuditEntry
from lotse.clients.models import CounsellingContact

pytestmark = pytest.mark.usefixtures("kept_dashboard")


@pytest.fixture
def kept_dashboard(settings):
    settings.LOTSE_DASHBOARD_CACHE_SECONDS = 60
    caches["derived"].clear()
    yield
    caches["derived"].clear()


def follow_up(org, days: int = 0) -> CounsellingContact:
    return org.client_a.contacts.create(
        date=timezone.localdate() - timedelta(days=3),
        duration_minutes=30,
        form="in_person",
        follow_up_on=timezone.localdate() + timedelta(days=days),
        counsellor=org.users["counsellor"],
    )


def view(http) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = http.get(reverse("dashboard"))
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def listed(org) -> list[list[int]]:
    entries = AuditEntry.objects.filter(action="people.listed").order_by("at", "chain", "seq")
    return [e.data.get("client_ids", []) for e in entries if e.data.get("page") == "dashboard"]


def test_a_second_view_within_the_minute_reuses_the_panels_and_is_audited_alike(
    org, as_persona
) -> None:
    follow_up(org)
    http = as_persona("counsellor")
    first, fresh_queries = view(http)
    second, kept_queries = view(http)
    assert org.client_a.file_number in first and org.client_a.file_number in second
    assert kept_queries < fresh_queries - 5, (kept_queries, fresh_queries)
    # Both views name client A in their own audit entry.
    assert listed(org)[-2:] == [[org.client_a.pk], [org.client_a.pk]]


def test_a_colleagues_change_shows_within_the_minute_not_at_once(org, as_persona) -> None:
    http = as_persona("counsellor")
    before, _ = view(http)
    contact = follow_up(org)  # written by someone else, behind this session's back
    kept, _ = view(http)
    assert f"follow-up-{contact.pk}" not in kept
    caches["derived"].clear()  # the minute has passed
    fresh, _ = view(http)
    assert f"follow-up-{contact.pk}" in fresh
    assert f"follow-up-{contact.pk}" not in before


def test_the_users_own_write_shows_at_once(org, as_persona) -> None:
    contact = follow_up(org)
    http = as_persona("counsellor")
    before, _ = view(http)
    assert f'id="follow-up-{contact.pk}"' in before
    url = reverse("client_contact_follow_up_done", args=[org.client_a.pk, contact.pk])
    assert http.post(url, {}, HTTP_HX_REQUEST="true").status_code == 200
    after, _ = view(http)
    assert f'id="follow-up-{contact.pk}"' not in after


def test_a_refused_write_keeps_the_panels(org, as_persona) -> None:
    follow_up(org)
    http = as_persona("reader")
    view(http)
    contact = follow_up(org, days=1)
    url = reverse("client_contact_follow_up_done", args=[org.client_a.pk, contact.pk])
    assert http.post(url, {}, HTTP_HX_REQUEST="true").status_code == 403
    kept, _ = view(http)
    assert f"follow-up-{contact.pk}" not in kept


def test_a_changed_membership_shows_at_once(org, as_persona) -> None:
    follow_up(org)
    http = as_persona("counsellor")
    before, _ = view(http)
    assert org.client_a.file_number in before
    Membership.objects.filter(user=org.users["counsellor"], role=Role.COUNSELLOR).delete()
    after, _ = view(http)
    assert org.client_a.file_number not in after


def test_another_session_of_the_same_user_does_not_see_the_kept_copy(
    org, as_persona, settings
) -> None:
    first = as_persona("counsellor")
    view(first)
    contact = follow_up(org)
    second = as_persona("counsellor")
    name = settings.SESSION_COOKIE_NAME
    assert first.cookies[name].value != second.cookies[name].value
    page, _ = view(second)
    assert f"follow-up-{contact.pk}" in page
