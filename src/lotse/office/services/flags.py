"""Setting and clearing client flags; each change writes a named audit entry."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lotse.audit.context import actor_for_user
from lotse.audit.services import log_action
from lotse.clients.models import Client
from lotse.common.errors import ConflictError, DomainError

from ..models import ClientFlag, FlagKind

MAX_NOTE_LENGTH = 500


def flag_set(*, client: Client, kind: str, note: str = "", by: Any) -> ClientFlag:
    """Set a flag of ``kind`` on the file; refused if one of that kind is already active.

    The caller has checked that ``by`` may write the file (``client_for_request(write=True)``).
    """
    if kind not in FlagKind.values:
        raise DomainError(_("Please choose a kind of flag."))
    if client.anonymised_at is not None:
        raise DomainError(_("This file has been anonymised; nothing can be added."))
    note = note.strip()[:MAX_NOTE_LENGTH]
    try:
        with transaction.atomic():
            flag = ClientFlag.objects.create(
                client=client, kind=kind, note=note, set_by=by, set_at=timezone.now()
            )
            # The actor is the person who set it, also outside a request (demo, imports); the
            # kind is a code, never the note: the trail says what was set without free text.
            log_action(
                action="flag.set",
                obj=flag,
                data={"kind": kind, "note": bool(note)},
                actor=actor_for_user(by),
            )
    except IntegrityError:
        # The partial unique index: somebody set the same flag a moment ago.
        raise DomainError(_("This flag is already set on the file.")) from None
    return flag


@transaction.atomic
def flag_clear(*, flag: ClientFlag, by: Any) -> ClientFlag:
    """Clear an active flag; it stays in the file's history with who cleared it and when."""
    now = timezone.now()
    cleared = ClientFlag.objects.filter(pk=flag.pk, cleared_at__isnull=True).update(
        cleared_at=now, cleared_by=by
    )
    if not cleared:
        raise ConflictError(_("Someone else has already cleared this flag."))
    flag.cleared_at = now
    flag.cleared_by = by
    log_action(action="flag.cleared", obj=flag, data={"kind": flag.kind}, actor=actor_for_user(by))
    return flag


def flags_fold_on_merge(*, source: Client, target: Client) -> int:
    """Before a duplicate file is merged: its active flags that the target also carries are
    cleared (the target's stays active), so the merge never meets the one-active-per-kind rule.

    The source's other flags move with the file; the cleared ones stay in its history.
    """
    kinds = ClientFlag.objects.active().filter(client=target).values("kind")
    doubles = list(ClientFlag.objects.active().filter(client=source, kind__in=kinds))
    for flag in doubles:
        ClientFlag.objects.filter(pk=flag.pk).update(cleared_at=timezone.now())
        log_action(
            action="flag.cleared",
            obj=flag,
            data={"kind": flag.kind, "reason": "merged", "target": target.pk},
        )
    return len(doubles)
