"""Writing to and checking the audit chain."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.db.models import F
from django.utils import timezone

from lotse.common.auditing import object_types
from lotse.common.middleware import current_request_id

from ..context import Actor, current_actor
from ..models import GENESIS_HASH, AuditEntry, ChainHead

MASK = "***"
_SECRET_KEY = re.compile(r"pass|secret|token|otp|code|key|signature|credential", re.IGNORECASE)


def mask_secrets(value: Any) -> Any:
    """Replace every value whose key smells of a secret, at any depth."""
    if isinstance(value, dict):
        return {
            k: (MASK if _SECRET_KEY.search(str(k)) else mask_secrets(v)) for k, v in value.items()
        }
    if isinstance(value, list | tuple):
        return [mask_secrets(v) for v in value]
    return value


def object_label(obj: models.Model) -> tuple[str, str]:
    return obj._meta.label_lower, str(obj.pk)


def log_action(
    *,
    action: str,
    obj: models.Model | None = None,
    data: dict[str, Any] | None = None,
    actor: Actor | None = None,
    client_id: int | None = None,
) -> AuditEntry:
    """Append one entry to the chain, inside the caller's transaction if there is one.

    ``client_id`` ties the entry to a client file so that erasure can find and redact it;
    it defaults to ``obj.audit_client_id()`` when the object offers one.
    """
    if "." not in action:
        raise ValueError(f"Audit actions are namespaced like 'client.viewed', got {action!r}")
    actor = actor or current_actor()
    object_type, object_id = object_label(obj) if obj is not None else ("", "")
    if client_id is None and obj is not None and hasattr(obj, "audit_client_id"):
        client_id = obj.audit_client_id()
    with transaction.atomic():
        # Updating first takes the write lock on every database (SQLite has no row locks),
        # so two writers can never read the same head.
        locked = ChainHead.objects.filter(pk=1).update(seq=F("seq") + 1)
        if not locked:
            ChainHead.objects.create(pk=1, seq=1, last_hash=GENESIS_HASH)
        head = ChainHead.objects.get(pk=1)
        entry = AuditEntry(
            seq=head.seq,
            at=timezone.now(),
            actor_id=actor.id,
            actor_label=actor.label[:254],
            action=action,
            object_type=object_type,
            object_id=object_id,
            client_id=client_id,
            request_id=current_request_id(),
            data=mask_secrets(data or {}),
            prev_hash=head.last_hash,
        )
        entry.data_hash = entry.compute_data_hash()
        entry.entry_hash = entry.compute_entry_hash()
        entry.save(force_insert=True)
        ChainHead.objects.filter(pk=1).update(last_hash=entry.entry_hash)
    return entry


def redact_entries(*, client_id: int, reason: str) -> int:
    """Blank the details of a client's entries; the chain still verifies (data_hash is kept)."""
    now = timezone.now()
    return AuditEntry.objects.filter(client_id=client_id, redacted_at__isnull=True).update(
        data={"redacted": True, "reason": reason}, redacted_at=now
    )


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int
    first_bad_seq: int | None = None
    problem: str = ""


def verify_chain(*, batch_size: int = 2000) -> ChainReport:
    """Walk the whole chain in order; report the first entry that does not fit."""
    prev_hash = GENESIS_HASH
    expected_seq = 1
    checked = 0
    last_seq = 0
    while True:
        batch = list(
            AuditEntry.objects.filter(seq__gt=last_seq).order_by("seq")[:batch_size].iterator()
        )
        if not batch:
            break
        for entry in batch:
            if entry.seq != expected_seq:
                return ChainReport(False, checked, expected_seq, "entry missing")
            if entry.prev_hash != prev_hash:
                return ChainReport(False, checked, entry.seq, "link to predecessor broken")
            if entry.redacted_at is None and entry.compute_data_hash() != entry.data_hash:
                return ChainReport(False, checked, entry.seq, "details changed")
            if entry.compute_entry_hash() != entry.entry_hash:
                return ChainReport(False, checked, entry.seq, "entry changed")
            prev_hash = entry.entry_hash
            expected_seq += 1
            checked += 1
            last_seq = entry.seq
    head = ChainHead.objects.filter(pk=1).first()
    if head is not None and (head.seq != last_seq or head.last_hash != prev_hash):
        return ChainReport(False, checked, last_seq + 1, "entries missing at the end")
    return ChainReport(True, checked)


def redact_object_entries(*, obj: models.Model, reason: str) -> int:
    """Blank the details of every entry about ``obj`` (records that belong to no client).

    Entries written before a rename of the model name it by its former label; they are found too.
    """
    _, object_id = object_label(obj)
    return AuditEntry.objects.filter(
        object_type__in=object_types(type(obj)), object_id=object_id, redacted_at__isnull=True
    ).update(data={"redacted": True, "reason": reason}, redacted_at=timezone.now())
