"""Recording what a client agreed to, and withdrawing it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotse.accounts.models import User
from lotse.audit.services import log_action
from lotse.clients.models import Client
from lotse.common.errors import DomainError
from lotse.common.services.versioning import claim_version

from ..models import SENDING_CHANNELS, Channel, ContactPreference, OutgoingMessage, State
from ..texts import LANGUAGES

CHANGED_MEANWHILE = _("Someone else changed the contact preference in the meantime.")


@dataclass(frozen=True)
class PreferenceData:
    channel: str
    scope: str
    consent_on: date | None
    language: str


def cancel_queued(*, client: Client, reason: str, channel: str | None = None) -> int:
    """Cancel the client's queued messages (all, or those of one channel); how many."""
    queued = OutgoingMessage.objects.filter(client=client, state=State.QUEUED)
    if channel is not None:
        queued = queued.filter(channel=channel)
    count = 0
    # One by one so that each cancellation is audited like any change of the record.
    for message in queued:
        message.state = State.CANCELLED
        message.failure_reason = reason
        message.save(update_fields=["state", "failure_reason"])
        count += 1
    return count


@transaction.atomic
def preference_set(
    *, client: Client, data: PreferenceData, by: User, expected_version: int | None = None
) -> ContactPreference:
    """Record the channel the client agreed to; e-mail and SMS need the date of consent.

    A change of channel cancels what was queued on the old one; "none" or "letter" is a
    withdrawal of consent to e-mail and SMS and cancels every queued message.
    """
    if client.anonymised_at is not None:
        raise DomainError(_("This file has been anonymised; nothing can be added."))
    if data.channel not in Channel.values:
        raise DomainError(_("Unknown channel."))
    if data.language not in LANGUAGES:
        raise DomainError(_("There are no messages in this language."))
    sending = data.channel in SENDING_CHANNELS
    if sending and data.consent_on is None:
        raise DomainError(_("E-mail and SMS need the date on which the person agreed."))
    if sending and data.consent_on is not None and data.consent_on > timezone.localdate():
        raise DomainError(_("The date of consent cannot be in the future."))
    if data.channel == Channel.EMAIL and not client.email:
        raise DomainError(_("The file has no e-mail address. Please add it first."))
    if data.channel == Channel.SMS and not client.phone:
        raise DomainError(_("The file has no phone number. Please add it first."))
    current = ContactPreference.objects.filter(client=client).first()
    if current is None:
        current = ContactPreference(client=client)
    elif expected_version is not None:
        current.version = claim_version(
            ContactPreference, current.pk, expected_version, message=CHANGED_MEANWHILE
        )
    previous_channel = current.channel if current.pk else Channel.NONE
    current.channel = data.channel
    current.scope = data.scope
    current.language = data.language
    current.consent_on = data.consent_on if sending else current.consent_on
    current.withdrawn_on = None if sending else (timezone.localdate() if current.pk else None)
    current.recorded_by = by
    current.recorded_at = timezone.now()
    current.save()
    if not sending:
        cancelled = cancel_queued(client=client, reason="withdrawn")
    elif previous_channel != data.channel:
        cancelled = cancel_queued(client=client, reason="channel_changed", channel=previous_channel)
    else:
        cancelled = 0
    log_action(
        action="contact_preference.withdrawn" if not sending else "contact_preference.set",
        obj=current,
        data={"channel": data.channel, "cancelled": cancelled},
    )
    return current


def preference_withdraw(*, client: Client, by: User) -> ContactPreference | None:
    """Consent to e-mail and SMS withdrawn: channel "none" and every queued message cancelled."""
    current = ContactPreference.objects.filter(client=client).first()
    if current is None:
        return None
    return preference_set(
        client=client,
        data=PreferenceData(Channel.NONE, current.scope, current.consent_on, current.language),
        by=by,
    )
