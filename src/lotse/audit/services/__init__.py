"""Writing to and checking the audit chain."""

from __future__ import annotations

import hmac
import re
from dataclasses import dataclass
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from lotse.common.auditing import object_types
from lotse.common.bulk_insert import insert_many
from lotse.common.middleware import current_request_id

from ..context import Actor, current_actor
from ..keys import AuditKeyRing, UnknownAuditKey, get_audit_keyring
from ..models import GENESIS_HASH, AuditEntry, ChainHead, entry_position
from . import chains

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
    """Append one entry to a chain, inside the caller's transaction if there is one.

    ``client_id`` ties the entry to a client file so that erasure can find and redact it;
    it defaults to ``obj.audit_client_id()`` when the object offers one. The chain's head stays
    locked until the caller's transaction ends; other writers take other chains meanwhile
    (``services.chains``).
    """
    if "." not in action:
        raise ValueError(f"Audit actions are namespaced like 'client.viewed', got {action!r}")
    actor = actor or current_actor()
    object_type, object_id = object_label(obj) if obj is not None else ("", "")
    if client_id is None and obj is not None and hasattr(obj, "audit_client_id"):
        client_id = obj.audit_client_id()
    keyring = get_audit_keyring()
    # No savepoint inside the caller's transaction (two round trips fewer): an entry that
    # cannot be written fails the whole transaction, never just the entry.
    with transaction.atomic(savepoint=False):
        places = chains.reserve(1)
        entry = AuditEntry(
            chain=places.chain,
            seq=places.first_seq,
            # Taken while the head is locked, so that within a chain time never goes back.
            at=timezone.now(),
            actor_id=actor.id,
            actor_label=actor.label[:254],
            action=action,
            object_type=object_type,
            object_id=object_id,
            client_id=client_id,
            request_id=current_request_id(),
            data=mask_secrets(data or {}),
            prev_hash=places.prev_hash,
            key_id=keyring.primary_kid,
        )
        entry.data_hash = entry.compute_data_hash()
        entry.entry_hash = entry.compute_entry_hash(keyring)
        chains.append(entry)
    return entry


def log_actions(
    items: list[tuple[str, models.Model, dict[str, Any]]],
    *,
    actor: Actor | None = None,
    client_ids: list[int | None] | None = None,
) -> int:
    """Append one entry per ``(action, obj, data)``, as ``log_action`` would one by one.

    For bulk writers (the spreadsheet import): one chain head is locked once, the entries are
    hashed in order onto that chain and inserted together, so 500 entries cost a few queries,
    not 2,000. ``client_ids`` (one per item) replaces ``obj.audit_client_id()`` where that
    can no longer be asked (rows already deleted).
    """
    if client_ids is not None and len(client_ids) != len(items):
        raise ValueError("One client id per item.")
    if not items:
        return 0
    for action, _obj, _data in items:
        if "." not in action:
            raise ValueError(f"Audit actions are namespaced, got {action!r}")
    actor = actor or current_actor()
    keyring = get_audit_keyring()
    request_id = current_request_id()
    with transaction.atomic():
        places = chains.reserve(len(items))
        seq, prev_hash = places.first_seq, places.prev_hash
        entries = []
        for position, (action, obj, data) in enumerate(items):
            object_type, object_id = object_label(obj)
            if client_ids is not None:
                client_id = client_ids[position]
            else:
                client_id = obj.audit_client_id() if hasattr(obj, "audit_client_id") else None
            entry = AuditEntry(
                chain=places.chain,
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
            seq += 1
            entries.append(entry)
        insert_many(entries)
        chains.advance_head(places.chain, prev_hash)
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
    """``checked`` counts the entries of all chains; a problem names its chain and seq."""

    ok: bool
    checked: int
    first_bad_seq: int | None = None
    problem: str = ""
    first_bad_chain: int | None = None
    chains: int = 0

    @property
    def first_bad(self) -> str | None:
        """The first broken place as ``chain/seq``, e.g. ``3/127``."""
        if self.first_bad_seq is None:
            return None
        return entry_position(self.first_bad_chain or 1, self.first_bad_seq)


def chain_numbers() -> list[int]:
    """Every chain that has a head or an entry: verification and anchors leave none out."""
    heads = set(ChainHead.objects.values_list("pk", flat=True))
    entries = set(AuditEntry.objects.order_by().values_list("chain", flat=True).distinct())
    return sorted(heads | entries)


def verify_chain(*, batch_size: int = 2000) -> ChainReport:
    """Walk every chain in order; report the first entry that does not fit.

    Every entry hash is an HMAC under the key its entry names; an entry whose key is not in
    ``LOTSE_AUDIT_KEYS`` cannot be checked and counts as broken. Chains are checked one after
    the other, so the report names the broken entry of the lowest-numbered broken chain.
    """
    keyring = get_audit_keyring()
    numbers = chain_numbers()
    heads = {head.pk: head for head in ChainHead.objects.all()}
    checked = 0
    for chain in numbers:
        counted, last_seq, problem = _verify_one(chain, heads.get(chain), keyring, batch_size)
        checked += counted
        if problem:
            return ChainReport(False, checked, last_seq + 1, problem, chain, len(numbers))
    return ChainReport(True, checked, chains=len(numbers))


def _verify_one(
    chain: int, head: ChainHead | None, keyring: AuditKeyRing, batch_size: int
) -> tuple[int, int, str]:
    """(entries checked, seq of the last good entry, problem) of one chain."""
    prev_hash = GENESIS_HASH
    last_seq = 0
    while True:
        batch = list(
            AuditEntry.objects.filter(chain=chain, seq__gt=last_seq)
            .order_by("seq")[:batch_size]
            .iterator()
        )
        if not batch:
            break
        for entry in batch:
            problem = _entry_problem(entry, last_seq + 1, prev_hash, keyring)
            if problem:
                return last_seq, last_seq, problem
            prev_hash = entry.entry_hash
            last_seq = entry.seq
    if head is None:
        # The heads are never deleted (trigger); one missing hides where its chain ended.
        return last_seq, last_seq, "chain head missing" if last_seq else ""
    if head.seq != last_seq or head.last_hash != prev_hash:
        return last_seq, last_seq, "entries missing at the end"
    return last_seq, last_seq, ""


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
