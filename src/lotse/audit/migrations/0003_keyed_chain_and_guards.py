"""Key the audit chain with HMAC-SHA256 and let the database guard it (issue #15).

1. ``key_id`` names the key of ``LOTSE_AUDIT_KEYS`` each entry hash was made with.
2. The existing entries are re-chained once under the signing key. Before that the old unkeyed
   chain is verified: a broken chain stops the migration instead of being laundered into a
   valid keyed one. Unkeyed hashes are not accepted afterwards (a database administrator could
   forge "old" entries).
3. Triggers. PostgreSQL: no DELETE of entries or of the chain head; an entry UPDATE may only
   redact (set ``redacted_at`` once, change ``data``) and only inside a transaction marked with
   ``SET LOCAL lotse.audit_redaction = 'on'`` (``lotse.audit.services.redaction``); the head's
   ``seq`` never decreases. SQLite: the same UPDATE rules without the transaction mark (SQLite
   has no session settings) and no DELETE refusal, because Django's flush (tests) deletes rows
   one table at a time with DELETE. PostgreSQL's TRUNCATE and DROP fire no row triggers.

If a later migration makes Django rebuild ``audit_auditentry`` or ``audit_chainhead`` on SQLite
(table remake), the SQLite triggers go with the old table: re-create them there.
``tests/audit/test_guards.py::test_guard_triggers_exist`` notices.
"""

import hashlib
import json

from django.db import migrations, models

GENESIS = "0" * 64

PG_GUARDS = """
DROP TRIGGER IF EXISTS lotse_audit_append_only ON audit_auditentry;
DROP FUNCTION IF EXISTS lotse_audit_append_only();
CREATE OR REPLACE FUNCTION lotse_audit_guard_entry() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'audit entries are append-only';
  END IF;
  IF NEW.id IS DISTINCT FROM OLD.id OR NEW.seq IS DISTINCT FROM OLD.seq
     OR NEW.at IS DISTINCT FROM OLD.at
     OR NEW.actor_id IS DISTINCT FROM OLD.actor_id
     OR NEW.actor_label IS DISTINCT FROM OLD.actor_label
     OR NEW.action IS DISTINCT FROM OLD.action
     OR NEW.object_type IS DISTINCT FROM OLD.object_type
     OR NEW.object_id IS DISTINCT FROM OLD.object_id
     OR NEW.client_id IS DISTINCT FROM OLD.client_id
     OR NEW.request_id IS DISTINCT FROM OLD.request_id
     OR NEW.data_hash IS DISTINCT FROM OLD.data_hash
     OR NEW.prev_hash IS DISTINCT FROM OLD.prev_hash
     OR NEW.entry_hash IS DISTINCT FROM OLD.entry_hash
     OR NEW.key_id IS DISTINCT FROM OLD.key_id THEN
    RAISE EXCEPTION 'audit entries can only be redacted';
  END IF;
  IF OLD.redacted_at IS NOT NULL OR NEW.redacted_at IS NULL THEN
    RAISE EXCEPTION 'an audit entry is redacted once, together with redacted_at';
  END IF;
  IF COALESCE(current_setting('lotse.audit_redaction', true), '') <> 'on' THEN
    RAISE EXCEPTION 'audit entries are redacted only by Lotse''s redaction';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER lotse_audit_guard_entry BEFORE UPDATE OR DELETE ON audit_auditentry
FOR EACH ROW EXECUTE FUNCTION lotse_audit_guard_entry();

CREATE OR REPLACE FUNCTION lotse_audit_guard_head() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'the audit chain head is never deleted';
  END IF;
  IF NEW.id IS DISTINCT FROM OLD.id OR NEW.seq < OLD.seq THEN
    RAISE EXCEPTION 'the audit chain head never goes back';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER lotse_audit_guard_head BEFORE UPDATE OR DELETE ON audit_chainhead
FOR EACH ROW EXECUTE FUNCTION lotse_audit_guard_head();
"""

PG_DROP_GUARDS = """
DROP TRIGGER IF EXISTS lotse_audit_guard_entry ON audit_auditentry;
DROP FUNCTION IF EXISTS lotse_audit_guard_entry();
DROP TRIGGER IF EXISTS lotse_audit_guard_head ON audit_chainhead;
DROP FUNCTION IF EXISTS lotse_audit_guard_head();
"""

_ENTRY_COLUMNS = (
    "id seq at actor_id actor_label action object_type object_id client_id request_id "
    "data_hash prev_hash entry_hash key_id"
).split()

SQLITE_GUARDS = [
    "CREATE TRIGGER lotse_audit_guard_entry BEFORE UPDATE ON audit_auditentry FOR EACH ROW WHEN "
    + " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in _ENTRY_COLUMNS)
    + " OR OLD.redacted_at IS NOT NULL OR NEW.redacted_at IS NULL "
    "BEGIN SELECT RAISE(ABORT, 'audit entries can only be redacted'); END",
    "CREATE TRIGGER lotse_audit_guard_head BEFORE UPDATE ON audit_chainhead FOR EACH ROW "
    "WHEN NEW.id IS NOT OLD.id OR NEW.seq < OLD.seq "
    "BEGIN SELECT RAISE(ABORT, 'the audit chain head never goes back'); END",
]
SQLITE_DROP_GUARDS = [
    "DROP TRIGGER IF EXISTS lotse_audit_guard_entry",
    "DROP TRIGGER IF EXISTS lotse_audit_guard_head",
]

# The 0002 trigger refuses every change of the hash columns, so it goes before re-chaining.
PG_DROP_0002 = """
DROP TRIGGER IF EXISTS lotse_audit_append_only ON audit_auditentry;
"""


def _canonical(value):
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def _legacy_hash(entry, prev_hash):
    """The unkeyed SHA-256 entry hash of migration 0001/0002, frozen here."""
    header = [
        entry.seq,
        entry.at.isoformat(),
        entry.actor_id,
        entry.actor_label,
        entry.action,
        entry.object_type,
        entry.object_id,
        entry.client_id,
        entry.request_id,
        entry.data_hash,
        prev_hash,
    ]
    return hashlib.sha256(_canonical(header).encode("utf-8")).hexdigest()


def _keyed_hash(keyring, kid, entry, prev_hash):
    from lotse.audit.models import entry_header, sign_header

    header = entry_header(
        seq=entry.seq,
        at=entry.at.isoformat(),
        actor_id=entry.actor_id,
        actor_label=entry.actor_label,
        action=entry.action,
        object_type=entry.object_type,
        object_id=entry.object_id,
        client_id=entry.client_id,
        request_id=entry.request_id,
        data_hash=entry.data_hash,
        prev_hash=prev_hash,
        key_id=kid,
    )
    return sign_header(keyring, kid, header)


def _rechain(apps, schema_editor, *, keyed):
    AuditEntry = apps.get_model("audit", "AuditEntry")
    ChainHead = apps.get_model("audit", "ChainHead")
    if keyed:
        from lotse.audit.keys import get_audit_keyring

        keyring = get_audit_keyring()
        kid = keyring.primary_kid
    old_prev = new_prev = GENESIS
    expected = 1
    batch = []
    for entry in AuditEntry.objects.order_by("seq").iterator(chunk_size=2000):
        # Refuse to re-sign a chain that does not verify under the old rules.
        stored = entry.entry_hash
        if keyed:
            intact = entry.seq == expected and entry.prev_hash == old_prev
            intact = intact and _legacy_hash(entry, old_prev) == stored
            if not intact:
                raise RuntimeError(
                    f"The audit chain is broken at entry {expected} and is NOT re-signed with "
                    "LOTSE_AUDIT_KEYS. Investigate (`lotse audit_verify` of the previous "
                    "release names the entry) before upgrading."
                )
            entry.key_id = kid
            entry.prev_hash = new_prev
            entry.entry_hash = _keyed_hash(keyring, kid, entry, new_prev)
        else:
            entry.key_id = ""
            entry.prev_hash = new_prev
            entry.entry_hash = _legacy_hash(entry, new_prev)
        old_prev, new_prev = stored, entry.entry_hash
        expected += 1
        batch.append(entry)
        if len(batch) >= 2000:
            AuditEntry.objects.bulk_update(batch, ["key_id", "prev_hash", "entry_hash"])
            batch = []
    if batch:
        AuditEntry.objects.bulk_update(batch, ["key_id", "prev_hash", "entry_hash"])
    head = ChainHead.objects.filter(pk=1).first()
    if head is not None:
        if keyed and (head.seq != expected - 1 or head.last_hash != old_prev):
            raise RuntimeError(
                "The audit chain head does not match the last entry (entries missing at the "
                "end?); the chain is NOT re-signed. Investigate before upgrading."
            )
        ChainHead.objects.filter(pk=1).update(last_hash=new_prev)


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_DROP_0002)
    _rechain(apps, schema_editor, keyed=True)
    if vendor == "postgresql":
        schema_editor.execute(PG_GUARDS)
    elif vendor == "sqlite":
        for statement in SQLITE_GUARDS:
            schema_editor.execute(statement)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_DROP_GUARDS)
    elif vendor == "sqlite":
        for statement in SQLITE_DROP_GUARDS:
            schema_editor.execute(statement)
    _rechain(apps, schema_editor, keyed=False)
    if vendor == "postgresql":
        from importlib import import_module

        previous = import_module("lotse.audit.migrations.0002_chain_head_and_append_only")
        schema_editor.execute(previous.PG_TRIGGER)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_chain_head_and_append_only")]
    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="key_id",
            field=models.CharField(default="", max_length=16),
            preserve_default=False,
        ),
        migrations.RunPython(forwards, backwards),
    ]
