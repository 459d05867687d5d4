"""Per centre "Dienstnamen in Nachrichten nennen": the administrator's page and the texts
(issue #18 §2)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from lotse.appointments.models import Appointment
from lotse.audit.models import AuditEntry
from lotse.messaging.services import messages_for_booking
from lotse.organisation.models import Centre

from .helpers import BERLIN, appointment, consent

pytestmark = pytest.mark.django_db


@pytest.fixture
def second(org, centre) -> Centre:
    return Centre.objects.create(
        provider=org.provider,
        name="Migrationsberatung Nord",
        street="Nordweg 1",
        postal_code="12345",
        city="Musterstadt",
        phone="01234 11111",
        statistics_id="test-centre-nord",
    )


def test_a_new_centre_does_not_name_the_service(second) -> None:
    assert second.messages_name_service is False


def test_the_administrator_switches_it_per_centre(org, centre, second, as_persona) -> None:
    centre.name = "Migrationsberatung Musterstadt"
    centre.save()
    http = as_persona("admin")
    url = reverse("messaging_centres")
    page = http.get(url).content.decode()
    assert page.count('data-testid="centre-row"') == 2
    # Off: signed with the provider's name, not "Migrationsberatung …".
    assert org.provider.name in page
    response = http.post(url, {"name_service": [str(second.pk)]})
    assert response.status_code == 302
    second.refresh_from_db()
    centre.refresh_from_db()
    assert second.messages_name_service is True and centre.messages_name_service is False
    entry = AuditEntry.objects.get(action="centre.messages_name_service")
    assert entry.data == {"on": True}
    page = http.get(url).content.decode()
    assert f'value="{second.pk}" id="name-service-{second.pk}" checked' in page
    # Unticked again: off, one more entry.
    http.post(url, {})
    second.refresh_from_db()
    assert second.messages_name_service is False
    assert AuditEntry.objects.filter(action="centre.messages_name_service").count() == 2


@pytest.mark.parametrize("persona", ["counsellor", "team_lead", "dpo"])
def test_other_roles_may_not_change_it(org, second, as_persona, persona) -> None:
    response = as_persona(persona).post(
        reverse("messaging_centres"), {"name_service": [str(second.pk)]}
    )
    assert response.status_code == 403
    second.refresh_from_db()
    assert second.messages_name_service is False


def test_the_text_follows_the_switch_of_the_appointments_centre(org, centre, second) -> None:
    centre.name = "Migrationsberatung Musterstadt"
    centre.save()
    second.messages_name_service = True
    second.save()
    consent(org, org.client_a, "email")
    here, _ = messages_for_booking(appointment(org, org.client_a))
    day = timezone.localdate() + timedelta(days=4)
    there = Appointment.objects.create(
        centre=second,
        counsellor=org.users["counsellor"],
        client=org.client_a,
        starts_at=datetime.combine(day, time(10, 0), tzinfo=BERLIN),
        created_by=org.users["counsellor"],
    )
    named, _ = messages_for_booking(there)
    assert "Migrationsberatung" not in here.text and org.provider.name in here.text
    assert "Migrationsberatung Nord" in named.text
