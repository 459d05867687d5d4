"""Returned e-mails (RFC 3464) and the ``lotse mail_bounce`` command (issue #18 §2)."""

from __future__ import annotations

import io

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse

from lotse.audit.models import AuditEntry
from lotse.messaging.gateways import FileGateway
from lotse.messaging.models import OutgoingMessage, State
from lotse.messaging.services import (
    ReportError,
    mail_bounce_report,
    messages_for_booking,
    send_due_messages,
)
from lotse.messaging.services.bounces import parse_dsn, safe_code

from .helpers import appointment, consent

pytestmark = pytest.mark.django_db


def _sent_email(org, tmp_path) -> OutgoingMessage:
    consent(org, org.client_a, "email")
    first, _ = messages_for_booking(appointment(org, org.client_a))
    send_due_messages(gateway=FileGateway(tmp_path))
    first.refresh_from_db()
    assert first.state == State.SENT
    return first


def _dsn(message_id: str, *, action: str = "failed", status: str = "5.1.1") -> bytes:
    """A delivery status notification as Postfix writes it."""
    return f"""Return-Path: <>
From: MAILER-DAEMON@mx.example.invalid (Mail Delivery System)
To: lotse@beratung.example.invalid
Subject: Undelivered Mail Returned to Sender
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="B1"

--B1
Content-Type: text/plain; charset=utf-8

I'm sorry to have to inform you that your message could not be delivered.
<person@example.invalid>: host mx.example.invalid said: 550 5.1.1 user unknown

--B1
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.invalid

Final-Recipient: rfc822; person@example.invalid
Original-Recipient: rfc822;person@example.invalid
Action: {action}
Status: {status}
Diagnostic-Code: smtp; 550 5.1.1 <person@example.invalid>: user unknown

--B1
Content-Type: text/rfc822-headers

From: lotse@beratung.example.invalid
To: person@example.invalid
Subject: Ihr Termin
Message-ID: {message_id}

--B1--
""".encode()


def test_the_sent_e_mail_carries_a_message_id_made_of_its_reference(org, centre, tmp_path):
    sent = _sent_email(org, tmp_path)
    assert len(sent.delivery_ref) == 32
    header = mail.outbox[0].message()["Message-ID"]
    assert header.startswith(f"<{sent.delivery_ref}@")


def test_a_dsn_marks_the_message_bounced_with_the_status_only(org, centre, tmp_path) -> None:
    sent = _sent_email(org, tmp_path)
    raw = _dsn(mail.outbox[0].message()["Message-ID"])
    outcome = mail_bounce_report(raw)
    assert (outcome.outcome, outcome.message_id) == ("bounced", sent.pk)
    sent.refresh_from_db()
    assert (sent.state, sent.failure_reason) == (State.BOUNCED, "mail_bounce:5.1.1")
    assert "@" not in sent.failure_reason and "unknown" not in sent.failure_reason
    # Audited like any change of the message.
    assert AuditEntry.objects.filter(
        object_type="messaging.outgoingmessage", object_id=str(sent.pk)
    ).exists()
    assert mail_bounce_report(raw).outcome == "unchanged"  # a second copy changes nothing


def test_the_command_reads_stdin_and_says_what_it_did(org, centre, tmp_path) -> None:
    sent = _sent_email(org, tmp_path)
    out = io.StringIO()
    raw = _dsn(mail.outbox[0].message()["Message-ID"], status="5.2.2")
    call_command("mail_bounce", stdin=io.BytesIO(raw), stdout=out)
    assert out.getvalue().strip() == f"mail_bounce: bounced (message #{sent.pk})"
    assert "person@" not in out.getvalue()
    sent.refresh_from_db()
    assert sent.failure_reason == "mail_bounce:5.2.2"


def test_a_delay_notice_is_ignored(org, centre, tmp_path) -> None:
    sent = _sent_email(org, tmp_path)
    raw = _dsn(mail.outbox[0].message()["Message-ID"], action="delayed", status="4.4.1")
    assert mail_bounce_report(raw).outcome == "ignored"
    sent.refresh_from_db()
    assert sent.state == State.SENT


def test_a_persons_reply_is_not_a_bounce(org, centre, tmp_path) -> None:
    sent = _sent_email(org, tmp_path)
    message_id = mail.outbox[0].message()["Message-ID"]
    reply = (
        "From: person@example.invalid\nTo: lotse@beratung.example.invalid\n"
        f"Subject: Re: Ihr Termin\nIn-Reply-To: {message_id}\nReferences: {message_id}\n\n"
        "Ich komme.\n"
    ).encode()
    with pytest.raises(ReportError):
        mail_bounce_report(reply)
    sent.refresh_from_db()
    assert sent.state == State.SENT


def test_a_plain_text_bounce_from_the_mailer_daemon_is_understood(org, centre, tmp_path):
    sent = _sent_email(org, tmp_path)
    message_id = mail.outbox[0].message()["Message-ID"]
    raw = (
        "From: Mailer-Daemon@mx.example.invalid\nSubject: failure notice\n\n"
        "Sorry, I couldn't deliver your message.\n\n--- Below this line is a copy ---\n\n"
        f"Message-ID: {message_id}\nSubject: Ihr Termin\n"
    ).encode()
    assert parse_dsn(raw).failed
    assert mail_bounce_report(raw).outcome == "bounced"
    sent.refresh_from_db()
    assert (sent.state, sent.failure_reason) == (State.BOUNCED, "mail_bounce")


def test_a_report_about_no_message_of_lotse(org, centre) -> None:
    foreign = _dsn("<1234@elsewhere.invalid>")
    out, err = io.StringIO(), io.StringIO()
    call_command("mail_bounce", stdin=io.BytesIO(foreign), stdout=out, stderr=err)
    assert "no_message_id" in err.getvalue()
    with pytest.raises(CommandError):
        call_command("mail_bounce", "--strict", stdin=io.BytesIO(foreign), stderr=err)
    unknown = _dsn("<" + "ab" * 16 + "@beratung.example.invalid>")
    assert mail_bounce_report(unknown).outcome == "unknown"


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("Absent subscriber", "absent_subscriber"),
        ("invalid_number", "invalid_number"),
        ("number +4915112345678 unknown", ""),
        ("4915112345678", ""),
        ("0151-234-5678", ""),
        ("err_30003", ""),
        ("x" * 40, ""),
        (None, ""),
    ],
)
def test_a_providers_reason_is_kept_only_as_a_short_code(given, kept) -> None:
    assert safe_code(given) == kept


def test_a_bounced_message_shows_on_the_appointment_and_the_dashboard(
    org, centre, as_persona, tmp_path
) -> None:
    sent = _sent_email(org, tmp_path)
    mail_bounce_report(_dsn(mail.outbox[0].message()["Message-ID"]))
    http = as_persona("counsellor")
    page = http.get(reverse("appointment_detail", args=[sent.appointment_id])).content.decode()
    assert 'data-state="bounced"' in page and "5.1.1" in page
    dashboard = http.get(reverse("dashboard")).content.decode()
    assert 'data-testid="panel-messages-failed"' in dashboard
    assert org.client_a.file_number in dashboard
    other = as_persona("stranger").get(reverse("dashboard")).content.decode()
    assert org.client_a.file_number not in other
