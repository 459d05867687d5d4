"""Several consented channels per client: which one a message goes by, and withdrawing one
channel or all of them (issue #18 §2)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from lotse.audit.models import AuditEntry
from lotse.common.errors import DomainError
from lotse.messaging.gateways import FileGateway
from lotse.messaging.models import ContactChannel, ContactPreference, OutgoingMessage, Scope, State
from lotse.messaging.services import (
    ChannelConsent,
    PreferenceData,
    messages_for_booking,
    preference_set,
    preference_withdraw,
    send_due_messages,
)
from lotse.messaging.services.choice import kinds_covered
from lotse.privacy.anonymise import anonymise_client
from lotse.privacy.subject_access import subject_access_data

from .helpers import appointment

pytestmark = pytest.mark.django_db

YESTERDAY = timezone.localdate() - timedelta(days=1)


def _agree(org, client, *channels: str, preferred: str = "", scope: str = "appointments"):
    client.email = "person@example.invalid"
    client.phone = "+49 151 2345678"
    client.save()
    return preference_set(
        client=client,
        data=PreferenceData(
            language="de",
            channels={c: ChannelConsent(scope, YESTERDAY) for c in channels},
            preferred=preferred,
        ),
        by=org.users["counsellor"],
    )


def _channels(messages) -> set[str]:
    return {m.channel for m in messages}


def test_both_agreed_the_preferred_channel_is_taken_and_only_that_one(org, centre) -> None:
    _agree(org, org.client_a, "email", "sms", preferred="sms")
    queued = messages_for_booking(appointment(org, org.client_a))
    assert len(queued) == 2  # a confirmation and a reminder, not four
    assert _channels(queued) == {"sms"}


def test_both_agreed_without_a_preference_e_mail_goes_first(org, centre) -> None:
    _agree(org, org.client_a, "sms", "email")
    assert _channels(messages_for_booking(appointment(org, org.client_a))) == {"email"}


def test_the_preferred_channel_without_an_address_falls_back_to_the_other(org, centre) -> None:
    _agree(org, org.client_a, "email", "sms", preferred="email")
    org.client_a.email = ""
    org.client_a.save()
    assert _channels(messages_for_booking(appointment(org, org.client_a))) == {"sms"}


def test_a_preference_for_a_channel_not_agreed_to_is_not_kept(org, centre) -> None:
    preference = _agree(org, org.client_a, "email", preferred="sms")
    assert preference.preferred_channel == ""


def test_letter_only_sends_nothing(org, centre) -> None:
    preference = _agree(org, org.client_a, "letter")
    (row,) = preference.channels.all()
    assert row.active and not row.allows_sending
    assert messages_for_booking(appointment(org, org.client_a)) == []


@pytest.mark.parametrize("scope", [Scope.APPOINTMENTS, Scope.INFORMATION])
def test_either_scope_covers_appointment_messages(org, centre, scope) -> None:
    assert kinds_covered(scope) == {"confirmation", "reminder"}
    _agree(org, org.client_a, "sms", scope=scope)
    assert len(messages_for_booking(appointment(org, org.client_a))) == 2


def test_withdrawing_one_channel_cancels_only_its_messages(org, centre) -> None:
    _agree(org, org.client_a, "email", "sms", preferred="sms")
    messages_for_booking(appointment(org, org.client_a))
    # The preference changes to e-mail: the next booking goes by e-mail.
    _agree(org, org.client_a, "email", "sms", preferred="email")
    messages_for_booking(appointment(org, org.client_a, days=5))
    assert OutgoingMessage.objects.filter(state=State.QUEUED).count() == 4
    preference = preference_withdraw(client=org.client_a, by=org.users["counsellor"], channel="sms")
    assert preference is not None
    states = set(OutgoingMessage.objects.values_list("channel", "state", "failure_reason"))
    assert states == {("sms", State.CANCELLED, "withdrawn"), ("email", State.QUEUED, "")}
    rows = {row.channel: row for row in preference.channels.all()}
    assert rows["sms"].withdrawn_on == timezone.localdate() and rows["email"].active
    entry = AuditEntry.objects.filter(action="contact_preference.set").latest("pk")
    assert entry.data["withdrawn"] == ["sms"] and entry.data["cancelled"] == 2
    # The next booking goes by the channel still agreed to.
    assert _channels(messages_for_booking(appointment(org, org.client_a, days=6))) == {"email"}


def test_withdrawing_all_channels_cancels_every_message(org, centre) -> None:
    _agree(org, org.client_a, "email", "sms", "letter", preferred="sms")
    messages_for_booking(appointment(org, org.client_a))
    _agree(org, org.client_a, "email", "sms", "letter", preferred="email")
    messages_for_booking(appointment(org, org.client_a, days=5))
    preference_withdraw(client=org.client_a, by=org.users["counsellor"])
    assert set(OutgoingMessage.objects.values_list("state", flat=True)) == {State.CANCELLED}
    assert not ContactChannel.objects.filter(withdrawn_on__isnull=True).exists()
    assert AuditEntry.objects.filter(action="contact_preference.withdrawn").exists()
    assert messages_for_booking(appointment(org, org.client_a, days=6)) == []


def test_consent_given_again_after_a_withdrawal_reuses_the_row(org, centre) -> None:
    _agree(org, org.client_a, "sms")
    preference_withdraw(client=org.client_a, by=org.users["counsellor"])
    preference = _agree(org, org.client_a, "sms")
    (row,) = preference.channels.all()
    assert row.active and row.withdrawn_on is None
    assert len(messages_for_booking(appointment(org, org.client_a))) == 2


def test_an_unchanged_save_writes_no_channel_row(org, centre) -> None:
    _agree(org, org.client_a, "sms")
    before = AuditEntry.objects.filter(object_type="messaging.contactchannel").count()
    _agree(org, org.client_a, "sms")
    assert AuditEntry.objects.filter(object_type="messaging.contactchannel").count() == before


def test_sending_checks_the_messages_own_channel(org, centre, tmp_path) -> None:
    _agree(org, org.client_a, "email", "sms", preferred="sms")
    sms_first, _ = messages_for_booking(appointment(org, org.client_a))
    _agree(org, org.client_a, "email", "sms", preferred="email")
    email_first, _ = messages_for_booking(appointment(org, org.client_a, days=5))
    # SMS withdrawn behind the service's back: checked again when due, e-mail still goes.
    ContactChannel.objects.filter(channel="sms").update(withdrawn_on=timezone.localdate())
    report = send_due_messages(gateway=FileGateway(tmp_path))
    assert (report.sent, report.cancelled) == (1, 1)
    sms_first.refresh_from_db()
    email_first.refresh_from_db()
    assert (sms_first.state, sms_first.failure_reason) == (State.CANCELLED, "no_consent")
    assert email_first.state == State.SENT


@pytest.mark.parametrize(
    ("channels", "error"),
    [
        ({"sms": ChannelConsent("appointments", None)}, "need the date"),
        ({"fax": ChannelConsent("appointments", YESTERDAY)}, "Unknown channel"),
        ({"sms": ChannelConsent("everything", YESTERDAY)}, "Unknown scope"),
        ({"email": ChannelConsent("appointments", timezone.localdate() + timedelta(1))}, "future"),
    ],
)
def test_the_service_refuses_what_the_form_would(org, channels, error) -> None:
    org.client_a.email = "person@example.invalid"
    org.client_a.phone = "+49 151 2345678"
    org.client_a.save()
    with translation.override("en"), pytest.raises(DomainError) as refused:
        preference_set(
            client=org.client_a,
            data=PreferenceData(language="de", channels=channels),
            by=org.users["counsellor"],
        )
    with translation.override("en"):
        assert error in str(refused.value.message)
    assert not ContactPreference.objects.filter(client=org.client_a).exists()


def test_subject_access_and_erasure_reach_the_channel_rows(org, centre) -> None:
    _agree(org, org.client_a, "sms", "letter")
    preference_withdraw(client=org.client_a, by=org.users["counsellor"], channel="letter")
    with translation.override("en"):
        records = subject_access_data(org.client_a)["records"]
    listed = {(row["channel"], bool(row["withdrawn on"])) for row in records["consented channels"]}
    assert listed == {("SMS", False), ("letter", True)}
    anonymise_client(org.client_a, reason="test")
    # The channel rows hold codes and dates only; they stay as the record of consent.
    assert ContactChannel.objects.filter(preference__client=org.client_a).count() == 2
    org.client_a.refresh_from_db()
    assert messages_for_booking(appointment(org, org.client_a)) == []
