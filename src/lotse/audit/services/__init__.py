"""Writing to and checking the audit chain."""

from __future__ import annotations

import hmac
import re
from dataclasses import dataclass
from typing import Any

from django.db import connection, models, transaction
from django.db.models import F
from django.utils import timezone

from lotse.common.auditing import object_types
from lotse.common.middleware import current_request_id

from ..context import Actor, current_actor
from ..keys import AuditKeyRing, UnknownAuditKey, get_audit_keyring
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
    keyring = get_audit_keyring()
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
            key_id=keyring.primary_kid,
        )
        entry.data_hash = entry.compute_data_hash()
        entry.entry_hash = entry.compute_entry_hash(keyring)
        entry.save(force_insert=True)
        ChainHead.objects.filter(pk=1).update(last_hash=entry.entry_hash)
    return entry


def log_actions(
    items: list[tuple[str, models.Model, dict[str, Any]]], *, actor: Actor | None = None
) -> int:
    """Append one entry per ``(action, obj, data)``, as ``log_action`` would one by one.

    For bulk writers (the spreadsheet import): the chain head is locked once, the entries are
    hashed in order and inserted together, so 500 entries cost a few queries, not 2,000.
    """
    if not items:
        return 0
    actor = actor or current_actor()
    keyring = get_audit_keyring()
    request_id = current_request_id()
    with transaction.atomic():
        locked = ChainHead.objects.filter(pk=1).update(seq=F("seq") + len(items))
        if not locked:
            ChainHead.objects.create(pk=1, seq=len(items), last_hash=GENESIS_HASH)
        head = ChainHead.objects.get(pk=1)
        seq, prev_hash = head.seq - len(items), head.last_hash
        entries = []
        for action, obj, data in items:
            if "." not in action:
                raise ValueError(f"Audit actions are namespaced, got {action!r}")
            seq += 1
            object_type, object_id = object_label(obj)
            client_id = obj.audit_client_id() if hasattr(obj, "audit_client_id") else None
            entry = AuditEntry(
                seq=seq,
                at=timezone.now(),
                actor_id=actor.id,
                actor_label=actor.label[:254],
                action=action,
                object_type=object_type,
                object_id=object_id,
                client_id=client_id,
                request_id=request_id,
                data=mask_secrets(data),
                prev_hash=prev_hash,
                key_id=keyring.primary_kid,
            )
            entry.data_hash = entry.compute_data_hash()
            entry.entry_hash = entry.compute_entry_hash(keyring)
            prev_hash = entry.entry_hash
            entries.append(entry)
        AuditEntry.objects.bulk_create(entries)
        ChainHead.objects.filter(pk=1).update(last_hash=prev_hash)
    return len(entries)


def redaction_data(reason: str) -> dict[str, Any]:
    """What a redacted entry's details become; ``verify_chain`` accepts nothing else."""
    return {"redacted": True, "reason": reason}


def is_redaction_data(data: Any) -> bool:
    return (
        isinstance(data, dict)
        and set(data) == {"redacted", "reason"}
        and data["redacted"] is True
        and isinstance(data["reason"], str)
    )


def _redact(entries: models.QuerySet[AuditEntry], reason: str) -> int:
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # The trigger of migration audit/0003 lets an entry be redacted only inside a
            # transaction marked like this; the mark is taken back right after the UPDATE.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lotse.audit_redaction = 'on'")
                count = entries.update(data=redaction_data(reason), redacted_at=timezone.now())
                cursor.execute("SET LOCAL lotse.audit_redaction = 'off'")
            return count
        return entries.update(data=redaction_data(reason), redacted_at=timezone.now())


def redact_entries(*, client_id: int, reason: str) -> int:
    """Blank the details of a client's entries; the chain still verifies (data_hash is kept)."""
    return _redact(AuditEntry.objects.filter(client_id=client_id, redacted_at__isnull=True), reason)


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int
    first_bad_seq: int | None = None
    problem: str = ""


def verify_chain(*, batch_size: int = 2000) -> ChainReport:
    """Walk the whole chain in order; report the first entry that does not fit.

    Every entry hash is an HMAC under the key its entry names; an entry whose key is not in
    ``LOTSE_AUDIT_KEYS`` cannot be checked and counts as broken.
    """
    keyring = get_audit_keyring()
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
            problem = _entry_problem(entry, expected_seq, prev_hash, keyring)
            if problem:
                return ChainReport(False, checked, expected_seq, problem)
            prev_hash = entry.entry_hash
            expected_seq += 1
            checked += 1
            last_seq = entry.seq
    head = ChainHead.objects.filter(pk=1).first()
    if head is not None and (head.seq != last_seq or head.last_hash != prev_hash):
        return ChainReport(False, checked, last_seq + 1, "entries missing at the end")
    return ChainReport(True, checked)


def _entry_problem(
    entry: AuditEntry, expected_seq: int, prev_hash: str, keyring: AuditKeyRing
) -> str:
    if entry.seq != expected_seq:
        return "entry missing"
    if entry.prev_hash != prev_hash:
        return "link to predecessor broken"
    if entry.redacted_at is None:
        if entry.compute_data_hash() != entry.data_hash:
            return "details changed"
    elif not is_redaction_data(entry.data):
        # Redaction only ever blanks the details; anything else in a redacted entry is forged.
        return "details changed"
    try:
        expected_hash = entry.compute_entry_hash(keyring)
    except UnknownAuditKey:
        return f"unknown key id {entry.key_id!r}"
    if not hmac.compare_digest(expected_hash, entry.entry_hash):
        return "entry changed"
    return ""


def redact_object_entries(*, obj: models.Model, reason: str) -> int:
    """Blank the details of every entry about ``obj`` (records that belong to no client).

    Entries written before a rename of the model name it by its former label; they are found too.
    """
    _, object_id = object_label(obj)
    return _redact(
        AuditEntry.objects.filter(
            object_type__in=object_types(type(obj)), object_id=object_id, redacted_at__isnull=True
        ),
        reason,
    )
