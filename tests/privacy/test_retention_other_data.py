"""Retention for data that is not a client file: public requests and volunteers who left."""

from __future__ import annotations

from datetime import date

from lotse.appointments.models import AppointmentRequest
from lotse.audit.models import AuditEntry
from lotse.audit.services import verify_chain
from lotse.privacy.services import retention_run
from lotse.volunteers.models import Volunteer


def _request(org) -> AppointmentRequest:
    return AppointmentRequest.objects.create(
        centre=org.centre,
        service="mbe",
        name="Layla",
        phone="0151 000000",
        language="ar",
        page_language="ar",
        concern="Integrationskurs",
    )


def _due(reports, fragment: str) -> list[str]:
    return [label for report in reports for label in report.due if fragment in label]


def test_requests_without_a_file_are_deleted_after_half_a_year(org) -> None:
    request = _request(org)
    AppointmentRequest.objects.filter(pk=request.pk).update(created_at="2026-01-01T10:00:00Z")
    assert not _due(retention_run(today=date(2026, 6, 29), dry_run=True), f"#{request.pk} ")
    assert _due(retention_run(today=date(2026, 6, 30), dry_run=True), f"#{request.pk} ")
    retention_run(today=date(2026, 6, 30), dry_run=False)
    assert not AppointmentRequest.objects.filter(pk=request.pk).exists()
    entries = AuditEntry.objects.filter(
        object_type="appointments.appointmentrequest", object_id=str(request.pk)
    )
    assert entries.filter(action="appointmentrequest.created", redacted_at__isnull=False).exists()
    # Only the deletion itself stays readable, and it holds no details.
    unredacted = entries.filter(redacted_at__isnull=True)
    assert [(e.action, e.data) for e in unredacted] == [("appointmentrequest.deleted", {})]
    assert verify_chain().ok


def test_requests_that_became_a_file_stay(org) -> None:
    request = _request(org)
    AppointmentRequest.objects.filter(pk=request.pk).update(
        created_at="2025-01-01T10:00:00Z", client=org.client_a
    )
    retention_run(today=date(2026, 6, 30), dry_run=False)
    assert AppointmentRequest.objects.filter(pk=request.pk).exists()


def test_volunteers_lose_names_years_after_leaving(org) -> None:
    from volunteers.samples import make_volunteer

    volunteer = make_volunteer(org, first_name="Greta", last_name="Sommer")
    Volunteer.objects.filter(pk=volunteer.pk).update(status="left", left_on=date(2022, 3, 1))
    assert not _due(retention_run(today=date(2025, 2, 28), dry_run=True), f"#{volunteer.pk} ")
    retention_run(today=date(2025, 3, 1), dry_run=False)
    volunteer.refresh_from_db()
    assert (volunteer.first_name, volunteer.last_name) == ("", "")
    assert volunteer.anonymised_at is not None
    again = retention_run(today=date(2025, 3, 1), dry_run=True)
    assert not _due(again, f"#{volunteer.pk} ")
    assert verify_chain().ok
