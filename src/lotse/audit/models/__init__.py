"""One append-only table for everything that happens to personal data, in HMAC-chained parts.

Entries form ``LOTSE_AUDIT_CHAINS`` chains (numbered from 1), so that concurrent writers need
not wait for one another; each chain is unbroken on its own (``seq`` 1, 2, 3, ... within its
``chain``). Across chains the order is the order of ``at``, the time of writing.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from lotse.common.auditing import not_audited

from ..keys import AuditKeyRing, get_audit_keyring


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


GENESIS_HASH = "0" * 64
# Newest first across chains: by time of writing, then by place (chains are written side by side).
NEWEST_FIRST = ("-at", "-chain", "-seq")


class AppendOnlyError(Exception):
    pass


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Audit entries are never deleted; redact them instead.")

    def update(self, **kwargs: Any) -> int:
        if set(kwargs) - {"data", "redacted_at"}:
            raise AppendOnlyError("Only redaction may change an audit entry.")
        return super().update(**kwargs)


@not_audited("the audit trail itself")
class AuditEntry(models.Model):
    # The chain an entry belongs to and its place in that chain; unique together.
    chain = models.PositiveSmallIntegerField(_("chain"), default=1)
    seq = models.BigIntegerField(_("sequence"))
    at = models.DateTimeField(_("time"), db_index=True)
    # A plain id, not a foreign key: a user's later erasure must not rewrite the trail.
    actor_id = models.BigIntegerField(_("actor id"), null=True, blank=True, db_index=True)
    actor_label = models.CharField(_("actor"), max_length=254)
    action = models.CharField(_("action"), max_length=100, db_index=True)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    client_id = models.BigIntegerField(_("client id"), null=True, blank=True, db_index=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    # The details are hashed separately so that erasure can redact them and the chain still
    # verifies: the entry hash covers data_hash, not data. data_hash is a plain SHA-256; it needs
    # no key because the keyed entry hash covers it.
    data_hash = models.CharField(max_length=64)
    prev_hash = models.CharField(max_length=64)
    # HMAC-SHA256 under the key named by key_id (LOTSE_AUDIT_KEYS, never in the database).
    entry_hash = models.CharField(max_length=64, unique=True)
    key_id = models.CharField(max_length=16)
    redacted_at = models.DateTimeField(_("redacted at"), null=True, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        # Chains are written side by side: across them, the time of writing orders.
        ordering = ["-at", "-chain", "-seq"]
        get_latest_by = ["at", "chain", "seq"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]
        constraints = [
            models.UniqueConstraint(fields=["chain", "seq"], name="audit_chain_seq_unique")
        ]

    def __str__(self) -> str:
        return f"#{self.position} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("Audit entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Audit entries are never deleted; redact them instead.")

    @property
    def position(self) -> str:
        """Where the entry stands, as reports name it: ``chain/seq``, e.g. ``3/127``."""
        return entry_position(self.chain, self.seq)

    def compute_data_hash(self) -> str:
        return sha256_hex(canonical_json(self.data))

    def header(self) -> list[Any]:
        return entry_header(
            chain=self.chain,
            seq=self.seq,
            at=self.at.isoformat(),
            actor_id=self.actor_id,
            actor_label=self.actor_label,
            action=self.action,
            object_type=self.object_type,
            object_id=self.object_id,
            client_id=self.client_id,
            request_id=self.request_id,
            data_hash=self.data_hash,
            prev_hash=self.prev_hash,
            key_id=self.key_id,
        )

    def compute_entry_hash(self, keyring: AuditKeyRing | None = None) -> str:
        """Raises UnknownAuditKey when ``key_id`` is not in the key ring."""
        return sign_header(keyring or get_audit_keyring(), self.key_id, self.header())


def entry_position(chain: int, seq: int) -> str:
    return f"{chain}/{seq}"


def entry_header(
    *,
    seq: int,
    at: str,
    actor_id: int | None,
    actor_label: str,
    action: str,
    object_type: str,
    object_id: str,
    client_id: int | None,
    request_id: str,
    data_hash: str,
    prev_hash: str,
    key_id: str,
    chain: int = 1,
) -> list[Any]:
    """What the entry hash covers, in a fixed order; the migration that re-chains uses it too.

    Chain 1 is the chain Lotse always had: its entries keep the v2 header, so entries written
    before there were several chains verify unchanged. Every other chain's entries name their
    chain (v3), so an entry moved to another chain, or a whole chain renumbered, no longer fits.
    """
    version: list[Any] = ["lotse-audit-v2"] if chain == 1 else ["lotse-audit-v3", chain]
    return [
        *version,
        seq,
        at,
        actor_id,
        actor_label,
        action,
        object_type,
        object_id,
        client_id,
        request_id,
        data_hash,
        prev_hash,
        key_id,
    ]


def sign_header(keyring: AuditKeyRing, key_id: str, header: list[Any]) -> str:
    return keyring.sign(key_id, canonical_json(header).encode("utf-8"))


@not_audited("bookkeeping of the audit chain, no personal data")
class ChainHead(models.Model):
    """The head of one chain (its pk is the chain number): a writer locks one head, appends to
    that chain and moves the head on, so entries of one chain form an unbroken sequence."""

    seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)

    class Meta:
        verbose_name = _("audit chain head")

    def __str__(self) -> str:
        return f"head of chain {self.pk} #{self.seq}"
