"""Recording which channels a client agreed to, and withdrawing them (one or all)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotse.accounts.models import User
from lotse.audit.services import log_action
from lotse.clients.models import Client
from lotse.common.errors import DomainError
from lotse.common.services.versioning import claim_version

from ..models import (
    CONSENT_CHANNELS,
    SENDING_CHANNELS,
    Channel,
    ContactChannel,
    ContactPreference,
    Kind,
    OutgoingMessage,
    Scope,
    State,
)
from ..texts import LANGUAGES
from .choice import kinds_covered

CHANGED_MEANWHILE = _("Someone else changed the contact preference in the meantime.")


@dataclass(frozen=True)
class ChannelConsent:
    scope: str
    consent_on: date | None


@dataclass(frozen=True)
class PreferenceData:
    """The channels the person agrees to now; a channel left out is not (or no longer)
    agreed to. No channel at all is "no messages"."""

    language: str
    channels: Mapping[str, ChannelConsent] = field(default_factory=dict)
    preferred: str = ""

    @classmethod
    def one(
        cls, channel: str, scope: str, consent_on: date | None, language: str
    ) -> PreferenceData:
        """Consent to a single channel ("none": to no channel)."""
        if channel == Channel.NONE:
            return cls(language=language)
        return cls(language=language, channels={channel: ChannelConsent(scope, consent_on)})


def cancel_queued(
    *, client: Client, reason: str, channel: str | None = None, kinds: tuple[str, ...] = ()
) -> int:
    """Cancel the client's queued messages (all, those of one channel, or of some kinds)."""
    queued = OutgoingMessage.objects.filter(client=client, state=State.QUEUED)
    if channel is not None:
        queued = queued.filter(channel=channel)
    if kinds:
        queued = queued.filter(kind__in=kinds)
    count = 0
    # One by one so that each cancellation is audited like any change of the record.
    for message in queued:
        message.state = State.CANCELLED
        message.failure_reason = reason
        message.save(update_fields=["state", "failure_reason"])
        count += 1
    return count


def _check(client: Client, data: PreferenceData) -> None:
    if client.anonymised_at is not None:
        raise DomainError(_("This file has been anonymised; nothing can be added."))
    if data.language not in LANGUAGES:
        raise DomainError(_("There are no messages in this language."))
    today = timezone.localdate()
    for channel, consent in data.channels.items():
        if channel not in CONSENT_CHANNELS:
            raise DomainError(_("Unknown channel."))
        if consent.scope not in Scope.values:
            raise DomainError(_("Unknown scope of consent."))
        if channel in SENDING_CHANNELS and consent.consent_on is None:
            raise DomainError(_("E-mail and SMS need the date on which the person agreed."))
        if consent.consent_on is not None and consent.consent_on > today:
            raise DomainError(_("The date of consent cannot be in the future."))
    if Channel.EMAIL in data.channels and not client.email:
        raise DomainError(_("The file has no e-mail address. Please add it first."))
    if Channel.SMS in data.channels and not client.phone:
        raise DomainError(_("The file has no phone number. Please add it first."))


def _apply_channel(
    preference: ContactPreference,
    row: ContactChannel | None,
    channel: str,
    wanted: ChannelConsent | None,
    by: User,
) -> tuple[bool, bool]:
    """Bring one channel row in line with ``wanted``: (now agreed, withdrawn just now)."""
    now = timezone.now()
    if wanted is None:
        if row is None or row.withdrawn_on is not None:
            return False, False
        row.withdrawn_on = timezone.localdate()
        row.recorded_by, row.recorded_at = by, now
        row.save()
        return False, True
    if row is None:
        row = ContactChannel(preference=preference, channel=channel)
    elif (row.scope, row.consent_on, row.withdrawn_on) == (wanted.scope, wanted.consent_on, None):
        return True, False  # unchanged: no write, no audit entry
    row.scope, row.consent_on, row.withdrawn_on = wanted.scope, wanted.consent_on, None
    row.recorded_by, row.recorded_at = by, now
    row.save()
    return True, False


@transaction.atomic
def preference_set(
    *, client: Client, data: PreferenceData, by: User, expected_version: int | None = None
) -> ContactPreference:
    """Record the channels the client agreed to, each with its scope and date of consent.

    A channel no longer agreed to gets its withdrawal date and only its queued messages are
    cancelled; no channel at all cancels every queued message. A narrower scope cancels the
    queued messages it no longer covers.
    """
    _check(client, data)
    current = ContactPreference.objects.filter(client=client).first()
    if current is None:
        current = ContactPreference(client=client)
    elif expected_version is not None:
        current.version = claim_version(
            ContactPreference, current.pk, expected_version, message=CHANGED_MEANWHILE
        )
    sending = [c for c in SENDING_CHANNELS if c in data.channels]
    current.preferred_channel = data.preferred if data.preferred in sending else ""
    current.language = data.language
    current.recorded_by = by
    current.recorded_at = timezone.now()
    current.save()
    rows = {row.channel: row for row in current.channels.all()} if current.pk else {}
    agreed: list[str] = []
    withdrawn: list[str] = []
    for channel in CONSENT_CHANNELS:
        wanted = data.channels.get(channel)
        now_agreed, just_withdrawn = _apply_channel(current, rows.get(channel), channel, wanted, by)
        if now_agreed:
            agreed.append(str(channel))
        if just_withdrawn:
            withdrawn.append(str(channel))
    cancelled = 0
    for channel in SENDING_CHANNELS:
        wanted = data.channels.get(channel)
        if wanted is None:
            # Not agreed to (any more): whatever is still queued on it never goes.
            cancelled += cancel_queued(client=client, reason="withdrawn", channel=channel)
            continue
        uncovered = tuple(k for k in Kind.values if k not in kinds_covered(wanted.scope))
        if uncovered:
            cancelled += cancel_queued(
                client=client, reason="withdrawn", channel=channel, kinds=uncovered
            )
    log_action(
        action="contact_preference.set" if agreed else "contact_preference.withdrawn",
        obj=current,
        data={"channels": agreed, "withdrawn": withdrawn, "cancelled": cancelled},
    )
    return current


def preference_withdraw(
    *, client: Client, by: User, channel: str | None = None
) -> ContactPreference | None:
    """Consent withdrawn: to one channel (its queued messages cancelled) or to all of them
    (``channel=None``: every queued message cancelled)."""
    current = ContactPreference.objects.filter(client=client).first()
    if current is None:
        return None
    keep: dict[str, ChannelConsent] = {}
    if channel is not None:
        keep = {
            row.channel: ChannelConsent(row.scope, row.consent_on)
            for row in current.channels.all()
            if row.active and row.channel != channel
        }
    return preference_set(
        client=client,
        data=PreferenceData(
            language=current.language, channels=keep, preferred=current.preferred_channel
        ),
        by=by,
    )
