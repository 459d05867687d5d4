"""The SMS provider's status callback: only with the shared secret, compared in constant time
(issue #18 §2; docs/security.md)."""

from __future__ import annotations

import hmac
import json
from unittest import mock

import pytest
from django.test import Client as HttpClient
from django.test import override_settings
from django.urls import reverse

from lotse.audit.models import AuditEntry
from lotse.messaging.gateways import FileGateway
from lotse.messaging.models import OutgoingMessage, State
from lotse.messaging.services import messages_for_booking, send_due_messages
from lotse.messaging.views import callback

from .helpers import appointment, consent

pytestmark = pytest.mark.django_db
SECRET = "s3cret-for-the-test-only"


def _sent_sms(org, tmp_path) -> OutgoingMessage:
    consent(org, org.client_a, "sms")
    first, _ = messages_for_booking(appointment(org, org.client_a))
    send_due_messages(gateway=FileGateway(tmp_path))
    first.refresh_from_db()
    assert first.state == State.SENT and len(first.delivery_ref) == 32
    # The file adapter writes the reference the provider would report back with.
    (written,) = tmp_path.iterdir()
    assert f"Id: {first.delivery_ref}" in written.read_text(encoding="utf-8")
    return first


def _post(body: object, secret: str | None = SECRET, raw: bytes | None = None):
    headers = {} if secret is None else {"X-Lotse-Callback-Secret": secret}
    data = raw if raw is not None else json.dumps(body)
    # No session, no CSRF token: as the provider calls it.
    http = HttpClient(enforce_csrf_checks=True)
    return http.post(
        reverse("messaging_sms_status"), data, content_type="application/json", headers=headers
    )


def test_without_a_configured_secret_the_callback_does_not_exist(org, centre, tmp_path) -> None:
    sent = _sent_sms(org, tmp_path)
    body = {"id": sent.delivery_ref, "status": "failed"}
    with override_settings(LOTSE_SMS_CALLBACK_SECRET=""):
        assert _post(body, secret="").status_code == 404
        assert _post(body, secret="anything").status_code == 404
    sent.refresh_from_db()
    assert sent.state == State.SENT


@override_settings(LOTSE_SMS_CALLBACK_SECRET=SECRET)
@pytest.mark.parametrize("given", [None, "", "wrong", SECRET[:-1], SECRET + "x", "ä" * 5])
def test_a_missing_or_wrong_secret_is_refused(org, centre, tmp_path, given) -> None:
    sent = _sent_sms(org, tmp_path)
    response = _post({"id": sent.delivery_ref, "status": "failed"}, secret=given)
    assert response.status_code == 403
    sent.refresh_from_db()
    assert sent.state == State.SENT


@override_settings(LOTSE_SMS_CALLBACK_SECRET=SECRET)
def test_the_secret_is_compared_in_constant_time(org, centre, tmp_path) -> None:
    sent = _sent_sms(org, tmp_path)
    with mock.patch.object(callback.hmac, "compare_digest", wraps=hmac.compare_digest) as compare:
        assert _post({"id": sent.delivery_ref, "status": "delivered"}, "wrong").status_code == 403
        assert _post({"id": sent.delivery_ref, "status": "delivered"}).status_code == 200
    assert [c.args for c in compare.call_args_list] == [
        (b"wrong", SECRET.encode()),
        (SECRET.encode(), SECRET.encode()),
    ]


@override_settings(LOTSE_SMS_CALLBACK_SECRET=SECRET)
def test_a_failure_report_bounces_the_message_without_personal_data(org, centre, tmp_path):
    sent = _sent_sms(org, tmp_path)
    response = _post(
        {"id": sent.delivery_ref, "status": "undelivered", "reason": "Absent subscriber"}
    )
    assert response.status_code == 200 and response.json() == {"outcome": "bounced"}
    sent.refresh_from_db()
    assert (sent.state, sent.failure_reason) == (State.BOUNCED, "sms_bounce:absent_subscriber")
    assert AuditEntry.objects.filter(
        object_type="messaging.outgoingmessage", object_id=str(sent.pk)
    ).exists()


@override_settings(LOTSE_SMS_CALLBACK_SECRET=SECRET)
def test_a_reason_quoting_the_number_is_not_stored(org, centre, tmp_path) -> None:
    sent = _sent_sms(org, tmp_path)
    reason = "Number +49 151 2345678 is not reachable"
    response = _post({"id": sent.delivery_ref, "status": "failed", "reason": reason})
    assert response.status_code == 200
    sent.refresh_from_db()
    assert sent.failure_reason == "sms_bounce:failed"


@override_settings(LOTSE_SMS_CALLBACK_SECRET=SECRET)
def test_delivered_changes_nothing_and_unknown_ids_are_404(org, centre, tmp_path) -> None:
    sent = _sent_sms(org, tmp_path)
    delivered = _post({"id": sent.delivery_ref, "status": "delivered"})
    assert delivered.json() == {"outcome": "unchanged"}
    sent.refresh_from_db()
    assert sent.state == State.SENT
    assert _post({"id": "ab" * 16, "status": "failed"}).status_code == 404
    assert _post({"id": "../etc", "status": "failed"}).status_code == 404


@override_settings(LOTSE_SMS_CALLBACK_SECRET=SECRET)
@pytest.mark.parametrize(
    "raw",
    [b"not json", b"[1, 2]", b'{"status": "failed"}', b'{"id": "x", "status": "exploded"}'],
)
def test_malformed_reports_are_400(org, raw) -> None:
    assert _post(None, raw=raw).status_code == 400


@override_settings(LOTSE_SMS_CALLBACK_SECRET=SECRET)
def test_only_post_and_only_small_bodies(org) -> None:
    http = HttpClient()
    url = reverse("messaging_sms_status")
    assert http.get(url, headers={"X-Lotse-Callback-Secret": SECRET}).status_code == 405
    big = json.dumps({"id": "x", "status": "failed", "reason": "x" * 5000})
    assert _post(None, raw=big.encode()).status_code == 413


@override_settings(LOTSE_SMS_CALLBACK_SECRET=SECRET)
def test_a_report_for_an_e_mail_reference_does_not_touch_the_e_mail(org, centre, tmp_path):
    consent(org, org.client_a, "email")
    first, _ = messages_for_booking(appointment(org, org.client_a))
    send_due_messages(gateway=FileGateway(tmp_path))
    first.refresh_from_db()
    assert _post({"id": first.delivery_ref, "status": "failed"}).status_code == 404
    first.refresh_from_db()
    assert first.state == State.SENT
