"""Integration courses (§D6): participations, attendance, drop-out risk and who sees it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from lotse.audit.models import AuditEntry
from lotse.clients.services import consent_withdraw
from lotse.common.errors import DomainError
from lotse.courses import services
from lotse.courses.models import CourseParticipation
from lotse.courses.rules import attendance_suggests_risk
from lotse.courses.selectors import provider_at_risk_list
from lotse.network.choices import PartnerCategory
from lotse_testing import make_consent
from network.samples import LANGUAGE_SCHOOL, make_course, make_participation, make_partner

TODAY = date(2026, 6, 30)


def days_ago(n: int) -> date:
    return TODAY - timedelta(days=n)


@pytest.mark.parametrize(
    ("signals", "expected"),
    [
        ([], False),
        ([(days_ago(1), "regular")], False),
        ([(days_ago(d), "unexcused") for d in (1, 5)], False),
        ([(days_ago(d), "unexcused") for d in (1, 5, 9)], True),
        # old absences do not count
        ([(days_ago(d), "unexcused") for d in (1, 30, 40)], False),
        ([(days_ago(d), "excused") for d in (1, 2, 3, 4)], False),
        ([(days_ago(d), "excused") for d in (1, 2, 3, 4)] + [(days_ago(6), "unexcused")], True),
        ([(days_ago(3), "provider_notice")], True),
        ([(days_ago(20), "provider_notice")], False),
        # nothing from the future
        ([(TODAY + timedelta(days=d), "unexcused") for d in (1, 2, 3)], False),
    ],
)
def test_attendance_suggests_risk(signals, expected) -> None:
    assert attendance_suggests_risk(signals, today=TODAY) is expected


@pytest.mark.django_db
def test_only_course_providers_run_courses(org) -> None:
    with pytest.raises(DomainError):
        services.course_create(
            provider=make_partner(org),
            data={"course_type": "general", "title": "X", "start_on": TODAY},
        )
    with pytest.raises(DomainError):
        make_course(org, start_on=TODAY, end_on=days_ago(1))


@pytest.mark.django_db
def test_a_client_is_registered_once_per_course(org) -> None:
    participation = make_participation(org)
    with pytest.raises(DomainError):
        make_participation(org, course=participation.course)
    with pytest.raises(DomainError):
        make_participation(
            org, client=org.client_b, course=make_course(org, title="B"), childcare_arranged=True
        )


def flag(participation, reason="childcare"):
    return services.participation_flag_risk(
        participation=participation,
        expected_version=participation.version,
        reason=reason,
        flagged_on=timezone.localdate(),
        intervention="Kita-Platz gesucht",
    )


@pytest.mark.django_db
def test_at_risk_list_of_a_provider_respects_consent(org) -> None:
    course = make_course(org)
    provider = course.provider
    flag(make_participation(org, course=course))
    listed, withheld = provider_at_risk_list(org.users["counsellor"], provider)
    assert (listed, withheld) == ([], 1)  # no consent yet
    consent = make_consent(org, partners=f"Jobcenter Musterstadt\n{LANGUAGE_SCHOOL}")
    listed, withheld = provider_at_risk_list(org.users["counsellor"], provider)
    assert [p.client for p in listed] == [org.client_a] and withheld == 0
    consent_withdraw(
        consent=consent, withdrawn_on=timezone.localdate(), recorded_by=org.users["counsellor"]
    )
    assert provider_at_risk_list(org.users["counsellor"], provider) == ([], 1)
    # team B's counsellor sees nothing of team A's clients, not even the count
    assert provider_at_risk_list(org.users["stranger"], provider) == ([], 0)


@pytest.mark.django_db
def test_at_risk_page(org, as_persona) -> None:
    course = make_course(org)
    flag(make_participation(org, course=course))
    url = reverse("course_at_risk", args=[course.provider_id])
    page = as_persona("counsellor").get(url).content.decode()
    assert 'data-testid="withheld"' in page and org.client_a.file_number not in page
    make_consent(org, partners=LANGUAGE_SCHOOL)
    page = as_persona("counsellor").get(url).content.decode()
    assert 'data-testid="at-risk-row"' in page and org.client_a.file_number in page
    other = make_partner(org)
    assert (
        as_persona("counsellor").get(reverse("course_at_risk", args=[other.pk])).status_code == 404
    )


@pytest.mark.django_db
def test_risk_appears_on_the_dashboard_of_the_clients_team_only(org, as_persona) -> None:
    participation = make_participation(org)
    dashboard = reverse("dashboard")
    assert (
        'data-testid="course-risk-total">0<'
        in as_persona("counsellor").get(dashboard).content.decode()
    )
    flag(participation)
    assert AuditEntry.objects.filter(
        action="course.risk_flagged", client_id=org.client_a.pk
    ).exists()
    page = as_persona("counsellor").get(dashboard).content.decode()
    assert 'data-testid="course-risk-total">1<' in page and org.client_a.file_number in page
    assert (
        'data-testid="course-risk-total">0<'
        in as_persona("stranger").get(dashboard).content.decode()
    )
    assert "course-risk-total" not in as_persona("admin").get(dashboard).content.decode()
    participation.refresh_from_db()
    services.participation_clear_risk(
        participation=participation, expected_version=participation.version
    )
    assert (
        'data-testid="course-risk-total">0<'
        in as_persona("counsellor").get(dashboard).content.decode()
    )


@pytest.mark.django_db
def test_risk_is_flagged_through_the_client_tab(org, as_persona) -> None:
    participation = make_participation(org)
    url = reverse("course_participation_risk", args=[org.client_a.pk, participation.pk])
    http = as_persona("counsellor")
    missing_reason = http.post(url, {"version": 1, "at_risk": "on", "intervention": "Gespräch"})
    assert missing_reason.status_code == 200 and "Gespräch" in missing_reason.content.decode()
    response = http.post(
        url, {"version": 1, "at_risk": "on", "risk_reason": "work", "intervention": "Gespräch"}
    )
    assert response.status_code == 302
    participation.refresh_from_db()
    assert participation.at_risk and participation.risk_reason == "work"
    assert participation.risk_flagged_on == timezone.localdate()
    tab = (
        as_persona("reader")
        .get(reverse("course_client_tab", args=[org.client_a.pk]))
        .content.decode()
    )
    assert 'data-testid="risk-flag"' in tab
    stale = http.post(url, {"version": 1, "risk_reason": "", "intervention": "x"})
    assert stale.status_code == 409


@pytest.mark.django_db
def test_participation_is_registered_and_finished_through_the_client_tab(org, as_persona) -> None:
    course = make_course(org)
    http = as_persona("counsellor")
    create = reverse("course_participation_create", args=[org.client_a.pk])
    data = {
        "course": course.pk,
        "obligation": "jobcenter",
        "entitlement": "entitled",
        "fee_financing": "exempt",
        "childcare_needed": "on",
        "status": "attending",
    }
    assert http.post(create, data).status_code == 302
    assert http.post(create, data).status_code == 200  # already registered: said in words
    participation = CourseParticipation.objects.get()
    edit = reverse("course_participation_edit", args=[org.client_a.pk, participation.pk])
    response = http.post(
        edit,
        {
            **data,
            "version": participation.version,
            "status": "completed",
            "exam": "dtz",
            "level_reached": "B1",
            "finished_on": timezone.localdate().strftime("%d.%m.%Y"),
            "follow_up": "job_german",
        },
    )
    assert response.status_code == 302
    participation.refresh_from_db()
    assert (participation.status, participation.level_reached, participation.follow_up) == (
        "completed",
        "B1",
        "job_german",
    )


@pytest.mark.django_db
def test_attendance_signals_with_htmx(org, as_persona) -> None:
    participation = make_participation(org)
    url = reverse("course_attendance_add", args=[org.client_a.pk, participation.pk])
    http = as_persona("counsellor")
    day = timezone.localdate().strftime("%d.%m.%Y")
    for _ in range(3):
        response = http.post(
            url,
            {"noted_on": day, "kind": "unexcused", "source": "provider"},
            HTTP_HX_REQUEST="true",
        )
        assert response.status_code == 200
    assert participation.signals.count() == 3
    assert (
        "alert-info"
        in http.get(reverse("course_client_tab", args=[org.client_a.pk])).content.decode()
    )
    too_early = http.post(
        url,
        {"noted_on": "01.01.2000", "kind": "regular", "source": "client"},
        HTTP_HX_REQUEST="true",
    )
    assert "alert-danger" in too_early.content.decode()
    assert participation.signals.count() == 3


@pytest.mark.django_db
def test_course_pages_show_only_own_teams_participants(org, as_persona) -> None:
    course = make_course(org)
    make_participation(org, course=course)
    make_participation(org, client=org.client_b, course=course)
    page = as_persona("counsellor").get(reverse("course_detail", args=[course.pk])).content.decode()
    assert org.client_a.file_number in page and org.client_b.file_number not in page
    admin_page = (
        as_persona("admin").get(reverse("course_detail", args=[course.pk])).content.decode()
    )
    assert org.client_a.file_number not in admin_page
    listing = as_persona("coordinator").get(reverse("course_list")).content.decode()
    assert course.title in listing


@pytest.mark.django_db
def test_course_is_created_by_a_writer(org, as_persona) -> None:
    provider = make_partner(org, LANGUAGE_SCHOOL, PartnerCategory.COURSE_PROVIDER)
    data = {
        "provider": provider.pk,
        "course_type": "women",
        "title": "Frauenkurs",
        "start_on": "01.09.2026",
        "end_on": "30.06.2027",
    }
    response = as_persona("team_lead").post(reverse("course_create"), data)
    assert response.status_code == 302
    bad = as_persona("team_lead").post(reverse("course_create"), {**data, "end_on": "01.01.2026"})
    assert bad.status_code == 200 and 'value="Frauenkurs"' in bad.content.decode()
    assert as_persona("coordinator").post(reverse("course_create"), data).status_code == 403
