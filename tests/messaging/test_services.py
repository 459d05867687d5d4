"""Consent, queueing, withdrawal and sending of confirmations and reminders (issue #18 §2)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.core import mail
from django.utils import timezone, translation

from lotse.appointments.models import AppointmentStatus
from lotse.appointments.services import appointment_book, appointment_set_status
from lotse.messaging.gateways import FileGateway, GatewayError
from lotse.messaging.models import MAX_ATTEMPTS, OutgoingMessage, State
from lotse.messaging.services import (
    messages_for_booking,
    preference_withdraw,
    send_due_messages,
)
from lotse.messaging.texts import FSI, PDI
from lotse.privacy.anonymise import anonymise_client
from lotse.privacy.subject_access import subject_access_data

from .helpers import BERLIN, appointment, consent

pytestmark = pytest.mark.django_db


class FailingGateway:
    def __init__(self) -> None:
        self.calls = 0

    def send(self, *, to: str, text: str, reference: str) -> None:
        self.calls += 1
        raise GatewayError("sms_http_503")


def test_without_consent_nothing_is_queued(org, centre) -> None:
    assert messages_for_booking(appointment(org, org.client_a)) == []
    assert not OutgoingMessage.objects.exists()


def test_email_consent_queues_a_confirmation_now_and_a_reminder_a_day_before(org, centre) -> None:
    consent(org, org.client_a, "email", "de")
    booked = appointment(org, org.client_a)
    confirmation, reminder = messages_for_booking(booked)
    assert confirmation.kind == "confirmation" and confirmation.send_after <= timezone.now()
    assert reminder.kind == "reminder"
    assert reminder.send_after == booked.starts_at - timedelta(hours=24)
    assert confirmation.recipient == "person@example.invalid"
    local = timezone.localtime(booked.starts_at)
    assert f"{local:%d.%m.%Y}, 14:30 Uhr" in confirmation.text
    assert "Beispielstraße 12, 12345 Musterstadt" in confirmation.text
    assert "01234 56789-0" in confirmation.text


def test_arabic_sms_text_isolates_the_time_and_date(org, centre) -> None:
    consent(org, org.client_a, "sms", "ar")
    booked = appointment(org, org.client_a)
    confirmation, _reminder = messages_for_booking(booked)
    assert confirmation.channel == "sms" and confirmation.recipient == "+49 151 2345678"
    assert f"{FSI}14:30{PDI}" in confirmation.text
    local = timezone.localtime(booked.starts_at)
    assert f"{FSI}{local:%d.%m.%Y}{PDI}" in confirmation.text
    assert f"{FSI}01234 56789-0{PDI}" in confirmation.text
    assert "موعدك" in confirmation.text


def test_the_booking_service_queues_the_messages(org, centre) -> None:
    consent(org, org.client_a, "sms", "fa")
    day = timezone.localdate() + timedelta(days=2)
    starts = datetime.combine(day, time(8, 0), tzinfo=BERLIN)  # the day's first slot
    booked = appointment_book(
        centre=centre,
        counsellor=org.users["counsellor"],
        starts_at=starts,
        by=org.users["counsellor"],
        client=org.client_a,
    )
    kinds = sorted(booked.outgoing_messages.values_list("kind", flat=True))
    assert kinds == ["confirmation", "reminder"]
    # Cancelling the appointment cancels what has not gone yet.
    appointment_set_status(
        appointment=booked,
        status=AppointmentStatus.CANCELLED,
        by=org.users["counsellor"],
        expected_version=booked.version,
    )
    states = set(booked.outgoing_messages.values_list("state", "failure_reason"))
    assert states == {(State.CANCELLED, "appointment_cancelled")}


def test_withdrawal_cancels_every_queued_message(org, centre) -> None:
    consent(org, org.client_a, "email")
    messages_for_booking(appointment(org, org.client_a))
    messages_for_booking(appointment(org, org.client_a, days=5))
    assert OutgoingMessage.objects.filter(state=State.QUEUED).count() == 4
    preference = preference_withdraw(client=org.client_a, by=org.users["counsellor"])
    assert preference is not None
    (row,) = preference.channels.all()
    assert row.withdrawn_on == timezone.localdate()
    assert set(OutgoingMessage.objects.values_list("state", "failure_reason")) == {
        (State.CANCELLED, "withdrawn")
    }
    # A booking after the withdrawal queues nothing.
    assert messages_for_booking(appointment(org, org.client_a, days=6)) == []


def test_send_due_messages_sends_email_and_sms(org, centre, tmp_path) -> None:
    consent(org, org.client_a, "email")
    consent(org, org.client_b, "sms", "ar", by="stranger")
    email_first, _ = messages_for_booking(appointment(org, org.client_a))
    sms_first, _ = messages_for_booking(appointment(org, org.client_b, at=time(9, 0)))
    report = send_due_messages(gateway=FileGateway(tmp_path))
    assert report.sent == 2  # the reminders are not due yet
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["person@example.invalid"]
    assert mail.outbox[0].subject == "Ihr Termin"
    assert mail.outbox[0].body == email_first.text
    (sms_file,) = tmp_path.iterdir()
    written = sms_file.read_text(encoding="utf-8")
    assert "+49 151 2345678" in written and f"{FSI}09:00{PDI}" in written
    for message in (email_first, sms_first):
        message.refresh_from_db()
        assert message.state == State.SENT and message.sent_at is not None
        assert message.attempts == 1
    assert send_due_messages(gateway=FileGateway(tmp_path)).sent == 0  # nothing twice


def test_a_failing_gateway_retries_then_gives_up(org, centre) -> None:
    consent(org, org.client_a, "sms")
    first, _ = messages_for_booking(appointment(org, org.client_a))
    gateway = FailingGateway()
    for attempt in range(1, MAX_ATTEMPTS + 1):
        send_due_messages(gateway=gateway)
        first.refresh_from_db()
        assert first.attempts == attempt and first.failure_reason == "sms_http_503"
        assert first.state == (State.FAILED if attempt == MAX_ATTEMPTS else State.QUEUED)
    send_due_messages(gateway=gateway)
    assert gateway.calls == MAX_ATTEMPTS  # given up: not tried a fourth time
    first.refresh_from_db()
    assert first.state == State.FAILED
    # The reason holds no personal data.
    assert "151" not in first.failure_reason and "@" not in first.failure_reason


def test_the_text_never_names_the_service_or_a_topic(org, centre) -> None:
    centre.name = "Migrationsberatung Musterstadt"
    centre.save()
    assert centre.messages_name_service is False  # the default
    consent(org, org.client_a, "email")
    booked = appointment(org, org.client_a)
    booked.note = "Bitte Bescheid der Ausländerbehörde mitbringen (Asylverfahren)"
    booked.save()
    for language in ("de", "en", "ar", "fa", "tr", "fr", "ru", "uk"):
        preference = org.client_a.contact_preference
        preference.language = language
        preference.save()
        for message in messages_for_booking(booked):
            lowered = message.text.casefold()
            for word in ("migration", "beratung", "asyl", "ausländer", "bescheid"):
                assert word not in lowered, (language, word, message.text)
            assert org.provider.name in message.text


def test_a_centre_may_switch_the_service_name_on(org, centre) -> None:
    centre.name = "Migrationsberatung Musterstadt"
    centre.messages_name_service = True
    centre.save()
    consent(org, org.client_a, "email")
    confirmation, _ = messages_for_booking(appointment(org, org.client_a))
    assert "Migrationsberatung Musterstadt" in confirmation.text


def test_a_message_queued_before_a_withdrawal_is_never_sent(org, centre, tmp_path) -> None:
    consent(org, org.client_a, "sms")
    first, _ = messages_for_booking(appointment(org, org.client_a))
    # Withdrawn behind the service's back (e.g. a restored backup): checked again when due.
    row = org.client_a.contact_preference.channels.get(channel="sms")
    row.withdrawn_on = timezone.localdate()
    row.save()
    report = send_due_messages(gateway=FileGateway(tmp_path))
    assert report.sent == 0 and report.cancelled == 1
    assert not list(tmp_path.iterdir())
    first.refresh_from_db()
    assert (first.state, first.failure_reason) == (State.CANCELLED, "no_consent")


def test_subject_access_lists_the_preference_and_the_messages(org, centre) -> None:
    consent(org, org.client_a, "sms", "ar")
    confirmation, _ = messages_for_booking(appointment(org, org.client_a))
    with translation.override("en"):
        records = subject_access_data(org.client_a)["records"]
    assert records["contact preferences"][0]["language of the messages"]
    assert records["consented channels"][0]["channel"] == "SMS"
    texts = [row["text of the message"] for row in records["messages to the client"]]
    assert confirmation.text in texts


def test_erasure_blanks_recipient_and_text(org, centre) -> None:
    consent(org, org.client_a, "email")
    confirmation, _ = messages_for_booking(appointment(org, org.client_a))
    anonymise_client(org.client_a, reason="test")
    confirmation.refresh_from_db()
    assert confirmation.recipient == "" and confirmation.text == ""
