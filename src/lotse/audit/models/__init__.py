"""One append-only, HMAC-chained table for everything that happens to personal data."""

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
    seq = models.BigIntegerField(_("sequence"), unique=True)
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
        ordering = ["-seq"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("Audit entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Audit entries are never deleted; redact them instead.")

    def compute_data_hash(self) -> str:
        return sha256_hex(canonical_json(self.data))

    def header(self) -> list[Any]:
        return entry_header(
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
) -> list[Any]:
    """What the entry hash covers, in a fixed order; the migration that re-chains uses it too."""
    return [
        "lotse-audit-v2",
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
    """The single row every writer locks first, so that entries form one unbroken chain."""

    seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)

    class Meta:
        verbose_name = _("audit chain head")

    def __str__(self) -> str:
        return f"head #{self.seq}"
