"""Which consented channel a message goes by (issue #18 §2).

The rule, in one place:

1. The kind of message needs a scope: a confirmation or reminder of an appointment is covered
   by either scope ("appointments only" and "appointments and information"); a message with
   information (none is sent yet) would need "appointments and information".
2. Of the channels Lotse sends on (e-mail, SMS) whose consent is given, not withdrawn and
   covers the kind, and for which the file has an address, the preferred channel is taken;
   without a preference (or when it cannot be used) e-mail before SMS.
3. One channel per message, never both: a second copy doubles what others may read on a
   shared phone or mailbox and adds nothing the person asked for.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..models import SENDING_CHANNELS, Channel, ContactChannel, ContactPreference, Kind, Scope

_APPOINTMENT_SCOPES = frozenset({Scope.APPOINTMENTS.value, Scope.INFORMATION.value})
# The scopes that cover each kind of message.
KIND_SCOPES: dict[str, frozenset[str]] = {
    Kind.CONFIRMATION.value: _APPOINTMENT_SCOPES,
    Kind.REMINDER.value: _APPOINTMENT_SCOPES,
}


def kinds_covered(scope: str) -> frozenset[str]:
    """The kinds of message a consent with ``scope`` allows."""
    return frozenset(kind for kind, scopes in KIND_SCOPES.items() if scope in scopes)


def allows(row: ContactChannel, kind: str) -> bool:
    """Consent on a sending channel, given, not withdrawn, covering ``kind``."""
    return row.allows_sending and row.scope in KIND_SCOPES.get(kind, frozenset())


def pick_channel(
    preference: ContactPreference,
    rows: Iterable[ContactChannel],
    kind: str,
    *,
    reachable: Iterable[str] = SENDING_CHANNELS,
) -> str | None:
    """The channel a message of ``kind`` goes by, or None (no usable consent).

    ``reachable`` are the channels the file has an address for.
    """
    usable = {row.channel for row in rows if allows(row, kind)} & set(reachable)
    order = [preference.preferred_channel] if preference.preferred_channel else []
    order += [Channel.EMAIL, Channel.SMS]
    for channel in order:
        if channel in usable:
            return str(channel)
    return None
