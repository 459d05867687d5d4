"""Staff pages of appointments: booking, letters, calendar export, no-shows, inbox, capacity."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lotse.accounts.models import Membership, User
from lotse.appointments.access import centre_ids_for, request_scope
from lotse.appointments.models import Appointment, AppointmentRequest, OfficeHours
from lotse.audit.models import AuditEntry
from lotse.clients.models import Intake
from lotse.documents.rendering import format_document_date
from lotse_testing import make_user, make_waiting_intake, sign_in

pytestmark = pytest.mark.django_db
BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def counsellor(org, centre) -> HttpClient:
    return sign_in(HttpClient(), org.users["counsellor"])


def first_slot(html: str) -> str:
    match = re.search(r'<option value="(\d{4}-\d\d-\d\dT[^"]+)"', html)
    assert match, "no free slot offered"
    return match.group(1)


def make_request(org, **values) -> AppointmentRequest:
    data = {
        "centre": org.centre,
        "service": "mbe",
        "name": "Layla",
        "phone": "0151 000000",
        "language": "ar",
        "page_language": "ar",
    }
    data.update(values)
    return AppointmentRequest.objects.create(**data)


def book(http: HttpClient, page: str, **extra) -> tuple[str, object]:
    html = http.get(page).content.decode()
    slot = first_slot(html)
    response = http.post(page, {"slot": slot, "language": "ar", "note": "", **extra})
    return slot, response


def test_booking_for_a_client_takes_a_free_slot_once(org, counsellor) -> None:
    page = reverse("appointment_client_book", args=[org.client_a.pk])
    counsellor_id = org.users["counsellor"].pk
    slot, response = book(counsellor, page, counsellor=counsellor_id)
    appointment = Appointment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("appointment_detail", args=[appointment.pk])
    assert appointment.client == org.client_a and appointment.request is None
    assert appointment.starts_at == datetime.fromisoformat(slot)
    assert appointment.duration_minutes == 45 and appointment.language == "ar"
    # the slot is gone, and posting it again is refused
    assert slot not in counsellor.get(page).content.decode()
    again = counsellor.post(page, {"slot": slot, "language": "de", "counsellor": counsellor_id})
    assert again.status_code == 200 and Appointment.objects.count() == 1
    assert AuditEntry.objects.filter(action="appointment.booked").count() == 1


def test_a_slot_outside_office_hours_is_refused(org, counsellor) -> None:
    page = reverse("appointment_client_book", args=[org.client_a.pk])
    night = datetime.combine(timezone.localdate() + timedelta(days=1), time(22, 0), tzinfo=BERLIN)
    response = counsellor.post(
        page,
        {"slot": night.isoformat(), "language": "de", "counsellor": org.users["counsellor"].pk},
    )
    assert response.status_code == 200 and not Appointment.objects.exists()


def test_booking_from_a_public_request_links_them(org, counsellor) -> None:
    item = make_request(org)
    page = reverse("appointment_request_book", args=[item.pk])
    _slot, response = book(counsellor, page, counsellor=org.users["counsellor"].pk)
    assert response.status_code == 302
    appointment = Appointment.objects.get()
    item.refresh_from_db()
    assert appointment.request == item and appointment.client is None
    assert item.status == "booked" and item.handled_by == org.users["counsellor"]
    detail = counsellor.get(reverse("appointment_request_detail", args=[item.pk])).content
    assert reverse("appointment_detail", args=[appointment.pk]).encode() in detail


def test_the_reader_and_other_centres_cannot_book(org, centre) -> None:
    item = make_request(org)
    reader = sign_in(HttpClient(), org.users["reader"])
    assert reader.get(reverse("appointment_request_book", args=[item.pk])).status_code == 403
    assert reader.get(reverse("appointment_request_detail", args=[item.pk])).status_code == 200
    from lotse.accounts.models import Membership
    from lotse.organisation.models import Centre, Service, Team

    other = Centre.objects.create(provider=org.provider, name="Andere Stelle", statistics_id="t-2")
    team = Team.objects.create(service=Service.objects.create(centre=other, kind="mbe"), name="X")
    outsider = make_user("outsider@test.invalid")
    Membership.objects.create(user=outsider, team=team, role="counsellor")
    http = sign_in(HttpClient(), outsider)
    assert http.get(reverse("appointment_request_detail", args=[item.pk])).status_code == 404
    assert "Layla" not in http.get(reverse("appointment_request_list")).content.decode()


def past_appointment(org, **values) -> Appointment:
    data = {
        "centre": org.centre,
        "counsellor": org.users["counsellor"],
        "client": org.client_a,
        "starts_at": timezone.now() - timedelta(hours=2),
        "created_by": org.users["counsellor"],
        "language": "de",
    }
    data.update(values)
    return Appointment.objects.create(**data)


def test_a_no_show_is_recorded_after_the_time(org, counsellor) -> None:
    appointment = past_appointment(org)
    status_url = reverse("appointment_status", args=[appointment.pk])
    response = counsellor.post(status_url, {"status": "no_show", "version": 1})
    assert response.status_code == 302
    appointment.refresh_from_db()
    assert appointment.status == "no_show" and appointment.version == 2
    assert AuditEntry.objects.filter(action="appointment.no_show").count() == 1
    # the form of an older version is refused (conflict), nothing changes
    counsellor.post(status_url, {"status": "attended", "version": 1})
    appointment.refresh_from_db()
    assert appointment.status == "no_show"


def test_no_show_cannot_be_recorded_in_advance(org, counsellor) -> None:
    appointment = past_appointment(org, starts_at=timezone.now() + timedelta(days=1))
    counsellor.post(
        reverse("appointment_status", args=[appointment.pk]), {"status": "no_show", "version": 1}
    )
    appointment.refresh_from_db()
    assert appointment.status == "booked"
    counsellor.post(
        reverse("appointment_status", args=[appointment.pk]), {"status": "cancelled", "version": 1}
    )
    appointment.refresh_from_db()
    assert appointment.status == "cancelled"


def pdf_text(pdf: bytes) -> str:
    pdftotext = shutil.which("pdftotext")
    assert pdftotext
    result = subprocess.run(  # noqa: S603 - fixed program, our own PDF
        [pdftotext, "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return re.sub(r"\s+", " ", re.sub("[\u2066-\u2069\u200e\u200f]", "", result.stdout.decode()))


@pytest.mark.parametrize(
    ("lang", "phrase"),
    [("de", "Ihr Termin"), ("ar", "يرجى إحضار"), ("fa", "مشاور شما"), ("tr", "Randevunuz")],
)
def test_appointment_letter_in_the_persons_language(org, counsellor, lang, phrase) -> None:
    day = date(2030, 3, 12)
    appointment = past_appointment(
        org, starts_at=datetime.combine(day, time(10, 30), tzinfo=BERLIN), language=lang
    )
    response = counsellor.get(reverse("appointment_letter", args=[appointment.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert format_document_date(day, lang) in text  # the date of the appointment
    assert "10:30" in text
    assert "Beratungsstelle Test" in text  # the centre's name
    assert phrase in text
    # the language can be changed per print
    german = pdf_text(
        counsellor.get(reverse("appointment_letter", args=[appointment.pk]) + "?lang=de").content
    )
    assert "12.03.2030" in german and "Dienstag" in german


def test_letter_for_a_request_uses_its_name(org, counsellor) -> None:
    item = make_request(org, name="Samira")
    appointment = past_appointment(org, client=None, request=item, language="ar")
    text = pdf_text(counsellor.get(reverse("appointment_letter", args=[appointment.pk])).content)
    assert "Samira" in text and item.reference in text


def test_ics_export_for_the_counsellor(org, counsellor) -> None:
    appointment = past_appointment(org, starts_at=timezone.now() + timedelta(days=2))
    response = counsellor.get(reverse("appointment_ics", args=[appointment.pk]))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.endswith("END:VCALENDAR\r\n")
    assert f"UID:appointment-{appointment.pk}@lotse" in body
    assert org.client_a.file_number in body
    assert "Amira" not in body and "Haddad" not in body  # no client name in calendars
    feed = counsellor.get(reverse("appointment_calendar_ics")).content.decode()
    assert f"UID:appointment-{appointment.pk}@lotse" in feed


def test_calendar_dashboard_and_client_tab(org, counsellor) -> None:
    today = timezone.localdate()
    appointment = past_appointment(
        org, starts_at=datetime.combine(today, time(23, 0), tzinfo=BERLIN)
    )
    make_request(org, name="Neue Anfrage")
    dashboard = counsellor.get(reverse("dashboard")).content.decode()
    assert 'data-testid="appointments-today-total">1<' in dashboard
    assert 'data-testid="public-requests-total">1<' in dashboard
    calendar = counsellor.get(reverse("appointment_list")).content.decode()
    assert reverse("appointment_detail", args=[appointment.pk]) in calendar
    tab = counsellor.get(reverse("appointment_client_list", args=[org.client_a.pk])).content
    assert reverse("appointment_detail", args=[appointment.pk]).encode() in tab


def test_capacity_and_language_matched_waiting_list(org, counsellor) -> None:
    client = org.client_a
    client.languages.create(language="ar", level="native")
    intake = make_waiting_intake(org)
    Intake.objects.filter(pk=intake.pk).update(priority=True)
    html = counsellor.get(reverse("capacity_overview")).content.decode()
    # team A: the counsellor (1.0 post) → 150 a year; one client waiting
    assert 'data-testid="capacity">150<' in html
    assert client.display_name in html
    suggestion = re.search(r'data-testid="suggestion">([^<]+)<', html).group(1)
    assert "Counsellor" in suggestion and "(ar)" in suggestion


def test_office_hours_are_changed_by_the_team_lead(org, centre) -> None:
    lead = sign_in(HttpClient(), org.users["team_lead"])
    page = reverse("office_hours_edit", args=[centre.pk])
    assert lead.get(page).status_code == 200
    data = {"d0_0_start": "09:00", "d0_0_end": "12:00", "d0_1_start": "13:00", "d0_1_end": "15:00"}
    assert lead.post(page, data).status_code == 302
    rows = list(OfficeHours.objects.filter(centre=centre).values_list("weekday", "starts_at"))
    assert rows == [(0, time(9, 0)), (0, time(13, 0))]
    bad = lead.post(page, {"d1_0_start": "12:00", "d1_0_end": "09:00"})
    assert bad.status_code == 200 and OfficeHours.objects.filter(centre=centre).count() == 2
    counsellor = sign_in(HttpClient(), org.users["counsellor"])
    assert counsellor.get(page).status_code == 403


@pytest.mark.parametrize(
    ("service", "mbe_sees", "jmd_sees"),
    [
        ("mbe", True, False),
        ("jmd", False, True),
        ("", True, True),  # no service named: anybody at the centre triages it
        ("refugee", True, True),  # the centre has no refugee team: nobody would see it otherwise
    ],
)
def test_the_request_inbox_is_scoped_by_service(org, centre, service, mbe_sees, jmd_sees) -> None:
    item = make_request(org, service=service)
    inbox = reverse("appointment_request_list")
    detail = reverse("appointment_request_detail", args=[item.pk])
    for persona, sees in (("counsellor", mbe_sees), ("stranger", jmd_sees)):
        http = sign_in(HttpClient(), org.users[persona])
        listed = str(item.pk) in re.findall(r"/appointments/requests/(\d+)/", http.get(inbox).text)
        assert listed is sees, (persona, service)
        assert http.get(detail).status_code == (200 if sees else 404), (persona, service)
        book = http.get(reverse("appointment_request_book", args=[item.pk]))
        assert book.status_code == (200 if sees else 404), (persona, service)


def test_centres_and_request_scope_come_from_the_memberships_read_once(org) -> None:
    """``centre_ids_for`` and ``request_scope`` take the user's centres and services from the
    memberships read once per request (issue #20), with the rule of ``with_client_role``:
    client roles only, read-only ones not for writing, an administrator's nowhere; a
    membership ended elsewhere counts from the next request."""
    counts = {}
    for persona in ("counsellor", "reader", "coordinator", "admin", "stranger"):
        user = User.objects.get(pk=org.users[persona].pk)
        user.roles()  # the request's memberships, read once
        with CaptureQueriesContext(connection) as captured:
            counts[persona] = (centre_ids_for(user), centre_ids_for(user, write=True))
        assert captured.captured_queries == []
    centre = org.centre.pk
    assert counts["counsellor"] == ([centre], [centre])
    assert counts["reader"] == ([centre], [])
    assert counts["coordinator"] == ([], [])
    assert counts["admin"] == ([], [])
    assert counts["stranger"] == ([centre], [centre])
    AppointmentRequest.objects.create(
        centre=org.centre, service="", name="Frau H.", language="de", page_language="de"
    )
    counsellor = User.objects.get(pk=org.users["counsellor"].pk)
    assert AppointmentRequest.objects.filter(request_scope(counsellor)).count() == 1
    Membership.objects.filter(user=counsellor, team=org.team_a).delete()
    next_request = User.objects.get(pk=counsellor.pk)
    assert centre_ids_for(next_request) == []
    assert not AppointmentRequest.objects.filter(request_scope(next_request)).exists()
