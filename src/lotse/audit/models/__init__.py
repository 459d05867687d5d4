"""One append-only, hash-chained table for everything that happens to personal data."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from lotse.common.auditing import not_audited


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
    # verifies: the entry hash covers data_hash, not data.
    data_hash = models.CharField(max_length=64)
    prev_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64, unique=True)
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

    def compute_entry_hash(self) -> str:
        header = [
            self.seq,
            self.at.isoformat(),
            self.actor_id,
            self.actor_label,
            self.action,
            self.object_type,
            self.object_id,
            self.client_id,
            self.request_id,
            self.data_hash,
            self.prev_hash,
        ]
        return sha256_hex(canonical_json(header))


@not_audited("bookkeeping of the audit chain, no personal data")
class ChainHead(models.Model):
    """The single row every writer locks first, so that entries form one unbroken chain."""

    seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)

    class Meta:
        verbose_name = _("audit chain head")

    def __str__(self) -> str:
        return f"head #{self.seq}"
