"""Sample objects for the access matrix (tests/test_access_matrix.py::SAMPLES)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from lotse.appointments.models import Appointment, AppointmentRequest
from lotse_testing import Org


def public_centre(org: Org) -> int:
    return org.centre.pk


def appointment_a(org: Org) -> int:
    """An appointment of client A with the counsellor, tomorrow at 10:00."""
    day = timezone.localdate() + timedelta(days=1)
    return Appointment.objects.create(
        centre=org.centre,
        counsellor=org.users["counsellor"],
        client=org.client_a,
        starts_at=datetime.combine(day, time(10, 0), tzinfo=ZoneInfo("Europe/Berlin")),
        language="ar",
        created_by=org.users["counsellor"],
    ).pk


def appointment_request_a(org: Org) -> int:
    """A request from the public page to team A's centre."""
    return AppointmentRequest.objects.create(
        centre=org.centre,
        service="mbe",
        name="Layla",
        phone="0151 000000",
        language="ar",
        page_language="ar",
        concern="Integrationskurs",
    ).pk


def prepare_centre(org: Org) -> None:
    """Address, phone, staff languages and office hours every day 08:00–20:00 (bookable now)."""
    from lotse.appointments.models import OfficeHours

    centre = org.centre
    centre.street = "Beispielstraße 12"
    centre.postal_code = "12345"
    centre.city = "Musterstadt"
    centre.phone = "01234 56789-0"
    centre.email = "beratung@test.invalid"
    centre.save()
    for persona, languages in (("counsellor", "ar,fr,de"), ("team_lead", "de,en")):
        user = org.users[persona]
        user.languages = languages
        user.save()
    stranger = org.users["stranger"]
    stranger.languages = "ru,uk,de"
    stranger.save()
    for day in range(7):
        OfficeHours.objects.create(
            centre=centre, weekday=day, starts_at=time(8, 0), ends_at=time(20, 0)
        )


def build_public_world() -> dict[str, object]:
    """A centre like the demo's (seed 001) with its staff, a few clients, requests and an
    appointment — for browser tests that must not depend on every app's demo step.

    Users have the demo e-mail addresses, password and TOTP secret (lotse_browser.log_in).
    """
    from datetime import date
    from decimal import Decimal

    from allauth.mfa.totp.internal.auth import TOTP

    from lotse.accounts.models import Membership, User
    from lotse.accounts.roles import Role
    from lotse.appointments.models import OfficeHours, SpamReason
    from lotse.clients.models import Intake
    from lotse.clients.services import ClientData, client_create
    from lotse.demo.data import DEMO_PASSWORD, DEMO_TOTP_SECRET
    from lotse.organisation.models import Centre, Provider, Service, ServiceKind, Team

    provider = Provider.objects.create(name="AWO Kreisverband Musterstadt e.V.")
    centre = Centre.objects.create(
        provider=provider,
        name="Migrationsberatung Musterstadt",
        street="Beispielstraße 12",
        postal_code="12345",
        city="Musterstadt",
        phone="01234 56789-0",
        email="migration@demo.lotse.invalid",
        office_hours="Mo–Fr 09:00–15:00, Termine nach Vereinbarung",
        statistics_id="browser-centre-1",
    )
    teams = {
        kind: Team.objects.create(
            service=Service.objects.create(centre=centre, kind=kind), name=f"{kind.upper()}-Team"
        )
        for kind in (ServiceKind.MBE, ServiceKind.JMD)
    }
    staff = [
        ("beratung1", "Bouchra Baboua", Role.COUNSELLOR, "mbe", "1.00", "ar,fr,de"),
        ("beratung2", "Züleyha Lale", Role.COUNSELLOR, "mbe", "0.50", "tr,en,de"),
        ("jmd", "Olena Koval", Role.COUNSELLOR, "jmd", "1.00", "ru,uk,de"),
        ("teamleitung", "Michael Mommer", Role.TEAM_LEAD, "mbe", "0.50", "de,en"),
    ]
    users = {}
    for local, name, role, team, fte, languages in staff:
        user = User.objects.create_user(
            email=f"{local}@demo.lotse.invalid",
            password=DEMO_PASSWORD,
            full_name=name,
            fte=Decimal(fte),
            languages=languages,
        )
        TOTP.activate(user, DEMO_TOTP_SECRET)
        Membership.objects.create(user=user, team=teams[team], role=role)
        users[local] = user
    for day in range(5):
        OfficeHours.objects.create(
            centre=centre, weekday=day, starts_at=time(9, 0), ends_at=time(15, 0)
        )
    clients = [
        client_create(
            team=teams["mbe"],
            data=ClientData(
                first_name=first, last_name=last, birth_date=born, document_language=language
            ),
        )
        for first, last, born, language in (
            ("Amira", "Haddad", date(1980, 5, 17), "ar"),
            ("Ayşe", "Öztürk", date(1975, 2, 3), "tr"),
            ("Hamid", "Rahimi", date(1990, 9, 9), "fa"),
        )
    ]
    clients[0].languages.create(language="ar", level="native")
    Intake.objects.create(
        client=clients[2],
        service="mbe",
        date=timezone.localdate() - timedelta(days=20),
        access_channel="walk_in",
        outcome="waiting_list",
        priority=True,
        counsellor=users["beratung1"],
    )
    for name, spam in (("Samira", ""), ("Best offer", SpamReason.HONEYPOT)):
        AppointmentRequest.objects.create(
            centre=centre,
            service="mbe",
            name=name,
            phone="0151 000000",
            language="ar",
            page_language="ar",
            concern="Integrationskurs",
            suspected_spam=bool(spam),
            spam_reason=spam,
        )
    tomorrow = timezone.localdate() + timedelta(days=1)
    Appointment.objects.create(
        centre=centre,
        counsellor=users["beratung1"],
        client=clients[0],
        starts_at=datetime.combine(tomorrow, time(14, 15), tzinfo=ZoneInfo("Europe/Berlin")),
        language="ar",
        created_by=users["beratung1"],
    )
    return {"centre": centre, "teams": teams, "users": users, "clients": clients}
