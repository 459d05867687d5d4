"""The messages card on the file, the appointment page and the dashboard panel."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse

from lotse.audit.models import AuditEntry
from lotse.messaging.gateways import FileGateway
from lotse.messaging.models import MAX_ATTEMPTS, ContactChannel, OutgoingMessage, State
from lotse.messaging.services import messages_for_booking, send_due_messages

from .helpers import appointment, consent
from .test_services import FailingGateway

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def _give_up(org, client, by="counsellor") -> OutgoingMessage:
    consent(org, client, "sms", by=by)
    first, _ = messages_for_booking(appointment(org, client))
    for _attempt in range(MAX_ATTEMPTS):
        send_due_messages(gateway=FailingGateway())
    first.refresh_from_db()
    assert first.state == State.FAILED
    return first


def test_recording_sms_consent_in_arabic_on_the_file(org, centre, as_persona) -> None:
    client = org.client_a
    client.phone = "+49 151 2345678"
    client.save()
    http = as_persona("counsellor")
    url = reverse("messaging_preference", args=[client.pk])
    response = http.post(
        url,
        {
            "sms_agreed": "on",
            "sms_scope": "appointments",
            "sms_consent_on": "01.11.2026",
            "language": "ar",
        },
        **HTMX,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="client-messages"' in html and "<html" not in html
    assert "01.11.2026" in html
    preference = client.contact_preference
    assert preference.language == "ar"
    assert [(row.channel, row.active) for row in preference.channels.all()] == [("sms", True)]
    assert AuditEntry.objects.filter(action="contact_preference.set").exists()


def test_sms_consent_needs_a_date_and_a_number(org, as_persona) -> None:
    http = as_persona("counsellor")
    url = reverse("messaging_preference", args=[org.client_a.pk])
    no_date = {"sms_agreed": "on", "sms_scope": "appointments", "language": "de"}
    html = http.post(url, no_date, **HTMX).content.decode()
    assert "Datum der Einwilligung" in html
    with_date = {**no_date, "sms_consent_on": "01.11.2026"}
    org.client_a.phone = ""
    org.client_a.save()
    html = http.post(url, with_date, **HTMX).content.decode()
    assert "keine Telefonnummer" in html
    assert not ContactChannel.objects.filter(preference__client=org.client_a).exists()


def test_the_file_lists_the_messages_with_their_text(org, centre, as_persona) -> None:
    consent(org, org.client_a, "sms", "ar")
    confirmation, _reminder = messages_for_booking(appointment(org, org.client_a))
    html = as_persona("counsellor").get(reverse("client_detail", args=[org.client_a.pk]))
    page = html.content.decode()
    assert 'data-testid="client-messages"' in page
    assert page.count('data-testid="message-row"') == 2
    assert "14:30" in page and 'dir="rtl"' in page
    assert confirmation.text.splitlines()[0] in page


def test_the_reader_sees_but_cannot_change_and_the_stranger_sees_nothing(org, as_persona) -> None:
    url = reverse("messaging_preference", args=[org.client_a.pk])
    data = {"language": "de"}
    assert as_persona("reader").post(url, data, **HTMX).status_code == 403
    assert as_persona("stranger").post(url, data, **HTMX).status_code == 404
    assert (
        as_persona("admin")
        .get(reverse("messaging_client", args=[org.client_a.pk]), **HTMX)
        .status_code
        == 404
    )
    page = as_persona("reader").get(reverse("client_detail", args=[org.client_a.pk]))
    assert 'data-testid="messages-preference-form"' not in page.content.decode()


def test_withdrawing_on_the_file_cancels_queued_messages(org, centre, as_persona) -> None:
    consent(org, org.client_a, "email")
    messages_for_booking(appointment(org, org.client_a))
    preference = org.client_a.contact_preference
    http = as_persona("team_lead")
    data = {"language": "de", "version": preference.version}  # no channel ticked
    html = http.post(reverse("messaging_preference", args=[org.client_a.pk]), data, **HTMX)
    assert html.status_code == 200
    assert set(OutgoingMessage.objects.values_list("state", flat=True)) == {State.CANCELLED}
    assert 'data-state="cancelled"' in html.content.decode()


def test_the_appointment_page_shows_the_delivery_state(org, centre, as_persona) -> None:
    failed = _give_up(org, org.client_a)
    page = as_persona("counsellor").get(reverse("appointment_detail", args=[failed.appointment_id]))
    html = page.content.decode()
    assert 'data-testid="appointment-messages"' in html
    assert 'data-state="failed"' in html and "(503)" in html


def test_the_dashboard_lists_undelivered_messages_of_the_users_teams(
    org, centre, as_persona
) -> None:
    _give_up(org, org.client_a)
    own = as_persona("counsellor").get(reverse("dashboard")).content.decode()
    assert 'data-testid="panel-messages-failed"' in own
    assert org.client_a.file_number in own
    other = as_persona("stranger").get(reverse("dashboard")).content.decode()
    assert 'data-testid="panel-messages-failed"' not in other
    _give_up(org, org.client_b, by="stranger")
    other = as_persona("stranger").get(reverse("dashboard")).content.decode()
    assert org.client_b.file_number in other and org.client_a.file_number not in other


def test_the_sent_page_exists_only_in_development_for_team_leads(
    org, centre, as_persona, tmp_path
) -> None:
    consent(org, org.client_a, "email")
    messages_for_booking(appointment(org, org.client_a))
    send_due_messages(gateway=FileGateway(tmp_path))
    url = reverse("messaging_sent")
    assert as_persona("team_lead").get(url).status_code == 404
    with override_settings(DEBUG=True):
        page = as_persona("team_lead").get(url)
        assert page.status_code == 200
        assert "person@example.invalid" in page.content.decode()
        assert as_persona("counsellor").get(url).status_code == 403
        other = as_persona("stranger").get(url)
        assert "person@example.invalid" not in other.content.decode()


def test_the_form_records_several_channels_with_their_scopes(org, centre, as_persona) -> None:
    client = org.client_a
    client.email = "person@example.invalid"
    client.phone = "+49 151 2345678"
    client.save()
    http = as_persona("counsellor")
    url = reverse("messaging_preference", args=[client.pk])
    data = {
        "email_agreed": "on",
        "email_scope": "information",
        "email_consent_on": "02.11.2026",
        "sms_agreed": "on",
        "sms_scope": "appointments",
        "sms_consent_on": "01.11.2026",
        "letter_agreed": "on",
        "letter_scope": "appointments",
        "preferred": "sms",
        "language": "tr",
    }
    html = http.post(url, data, **HTMX).content.decode()
    assert 'data-testid="consent-email"' in html and 'data-testid="consent-sms"' in html
    assert 'data-testid="consent-letter"' in html and "02.11.2026" in html
    preference = client.contact_preference
    rows = {
        row.channel: (row.scope, row.consent_on, row.active) for row in preference.channels.all()
    }
    assert rows["email"][0] == "information" and rows["sms"][0] == "appointments"
    assert rows["letter"] == ("appointments", None, True)  # a letter needs no date
    assert preference.preferred_channel == "sms"
    # The form shows what is recorded: the three channels ticked.
    page = http.get(reverse("client_detail", args=[client.pk])).content.decode()
    for channel in ("email", "sms", "letter"):
        assert (
            f'name="{channel}_agreed" class="form-check-input" id="id_{channel}_agreed" checked'
            in page
        )
    assert len(messages_for_booking(appointment(org, client))) == 2


def test_unticking_one_channel_on_the_form_cancels_only_its_messages(
    org, centre, as_persona
) -> None:
    client = org.client_a
    consent(org, client, "sms")
    messages_for_booking(appointment(org, client))
    http = as_persona("counsellor")
    url = reverse("messaging_preference", args=[client.pk])
    both = {
        "email_agreed": "on",
        "email_consent_on": "01.11.2026",
        "sms_agreed": "on",
        "sms_consent_on": "01.11.2026",
        "preferred": "email",
        "language": "de",
    }
    http.post(url, both, **HTMX)
    messages_for_booking(appointment(org, client, days=5))
    assert set(OutgoingMessage.objects.values_list("channel", "state")) == {
        ("sms", State.QUEUED),
        ("email", State.QUEUED),
    }
    without_sms = {k: v for k, v in both.items() if k != "sms_agreed"}
    html = http.post(url, without_sms, **HTMX).content.decode()
    assert 'data-testid="withdrawn-sms"' in html and "widerrufen" in html
    assert set(OutgoingMessage.objects.values_list("channel", "state")) == {
        ("sms", State.CANCELLED),
        ("email", State.QUEUED),
    }
    assert AuditEntry.objects.filter(action="contact_preference.set").count() >= 2
