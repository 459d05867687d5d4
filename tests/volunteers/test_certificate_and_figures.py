"""The training certificate PDF, the figures selector, the demo step and the benchmark."""

from __future__ import annotations

import subprocess
from datetime import date, timedelta

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from lotse.audit.models import AuditEntry
from lotse.volunteers import services
from lotse.volunteers.bench import measure
from lotse.volunteers.models import Meeting, Partnership, Volunteer
from lotse.volunteers.selectors.figures import volunteer_figures
from volunteers.samples import complete_training, make_partner, make_partnership, make_volunteer

pytestmark = pytest.mark.django_db


def pdf_text(pdf: bytes) -> str:
    result = subprocess.run(
        ["/usr/bin/pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return result.stdout.decode()


def test_certificate_pdf_names_the_volunteer_and_the_40_hours(org, as_persona) -> None:
    volunteer = make_volunteer(org, first_name="Rosalie", last_name="Brenner", active=False)
    complete_training(org, volunteer)
    response = as_persona("coordinator").get(reverse("training_certificate", args=[volunteer.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Rosalie Brenner" in text
    assert "40 Stunden" in text
    assert "Teilnahmebescheinigung" in text and "Interkulturelle Kommunikation" in text
    assert AuditEntry.objects.filter(action="volunteer.certificate_printed").exists()


def test_no_certificate_before_the_training_is_complete(org, as_persona) -> None:
    volunteer = make_volunteer(org, active=False)
    response = as_persona("coordinator").get(reverse("training_certificate", args=[volunteer.pk]))
    assert response.status_code == 404


def test_figures_count_partnerships_meetings_training_and_retention(org) -> None:
    start, end = date(2026, 1, 1), date(2026, 12, 31)
    stays = make_volunteer(org, first_name="Stays", registered_on=date(2025, 5, 1))
    leaves = make_volunteer(org, first_name="Leaves", registered_on=date(2025, 6, 1))
    Volunteer.objects.filter(pk=leaves.pk).update(status="left", left_on=date(2026, 4, 1))
    make_volunteer(org, first_name="Young", birth_year=2004, registered_on=date(2026, 2, 1))
    make_volunteer(org, first_name="Applicant", active=False, registered_on=date(2026, 3, 1))
    partnership = make_partnership(org, stays, make_partner(org))
    Partnership.objects.filter(pk=partnership.pk).update(started_on=date(2026, 2, 1))
    for day in (date(2026, 2, 3), date(2026, 2, 10), date(2026, 3, 5)):
        Meeting.objects.create(
            partnership=partnership,
            date=day,
            duration_minutes=90,
            activities=["german"],
            logged_by=org.users["coordinator"],
        )
    trainee = make_volunteer(
        org, first_name="Trainee", active=False, registered_on=date(2026, 1, 5)
    )
    complete_training(org, trainee, first_day=date(2026, 3, 2))
    figures = volunteer_figures(team_ids=[org.team_a.pk], start=start, end=end)
    assert figures.partnerships_active == 1 and figures.partnerships_started == 1
    assert figures.meetings == 3 and figures.meeting_hours == 4.5
    assert figures.meetings_per_month[:3] == [
        (date(2026, 1, 1), 0),
        (date(2026, 2, 1), 2),
        (date(2026, 3, 1), 1),
    ]
    # Trainee in March; Young is made active (trained) a month after registering.
    assert figures.training_hours == 40 and figures.trainings_completed == 2
    # On board on 1 January: Stays and Leaves; only Stays is still there at the end.
    assert (figures.retention.cohort, figures.retention.retained) == (2, 1)
    assert figures.young_volunteers_active == 1
    # Applicants are not counted as volunteers yet; Trainee (in training) is.
    assert figures.volunteers_active == 4
    other_team = volunteer_figures(team_ids=[org.team_b.pk], start=start, end=end)
    assert other_team.meetings == 0 and other_team.retention.cohort == 0


@override_settings(DEMO_ALLOWED=True)
def test_demo_step_builds_volunteers_partnerships_and_is_idempotent() -> None:
    from lotse.demo.data import build_demo

    first = build_demo(clients=12)
    assert first["volunteers_created"] >= 20 and first["partnerships_created"] >= 8
    counts = (Volunteer.objects.count(), Partnership.objects.count(), Meeting.objects.count())
    assert build_demo(clients=12)["volunteers_created"] == 0
    assert (
        Volunteer.objects.count(),
        Partnership.objects.count(),
        Meeting.objects.count(),
    ) == counts
    assert Volunteer.objects.filter(training_completed_on__isnull=False).count() >= 10
    coordinator = Volunteer.objects.first().created_by
    from lotse.volunteers.selectors.dashboard import silent_partnerships

    assert len(silent_partnerships(user=coordinator, today=timezone.localdate())) == 2


def test_the_ranking_benchmark_measures_against_its_baseline() -> None:
    # Speed is shown by `python -m lotse.volunteers.bench` (figures and the ratio to a plain
    # language filter measured in the same run), not asserted here: a timed test only measures
    # how busy the machine is.
    result = measure(count=200, runs=5)
    assert (result["volunteers"], result["runs"]) == (200, 5)
    assert result["baseline_p50_ms"] > 0
    assert 0 < result["p50_ms"] <= result["max_ms"]
    assert result["ratio_p50"] == result["p50_ms"] / result["baseline_p50_ms"]


def test_attendance_before_registration_does_not_break_the_dates(org) -> None:
    volunteer = make_volunteer(
        org, active=False, registered_on=timezone.localdate() - timedelta(days=3)
    )
    complete_training(org, volunteer, first_day=timezone.localdate() - timedelta(days=40))
    assert volunteer.status_since >= volunteer.registered_on
    services.volunteer_change_status(
        volunteer=volunteer, target="active", expected_version=volunteer.version
    )
