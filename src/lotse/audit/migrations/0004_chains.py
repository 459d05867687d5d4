"""Several audit chains side by side, so that concurrent writers need not wait (issue #20).

1. Every entry names its ``chain``; ``seq`` is unique within the chain, no longer overall.
   The existing entries become chain 1 unchanged: chain 1 keeps the v2 entry header, so they
   verify as before (``lotse.audit.models.entry_header``).
2. Heads for chains 2 to 8 (the default of ``LOTSE_AUDIT_CHAINS``); a larger setting adds the
   missing heads when they are first needed (``lotse.audit.services.chains``).
3. The guard triggers also refuse a change of ``chain``. On SQLite the new column makes Django
   rebuild ``audit_auditentry``, which drops its trigger: it is created again here (and on the
   way back, after the rebuild that removes the column).
"""

from importlib import import_module

from django.db import migrations, models

GENESIS = "0" * 64
DEFAULT_CHAINS = 8
PREVIOUS = import_module("lotse.audit.migrations.0003_keyed_chain_and_guards")

PG_ENTRY_GUARD = """
CREATE OR REPLACE FUNCTION lotse_audit_guard_entry() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'audit entries are append-only';
  END IF;
  IF NEW.id IS DISTINCT FROM OLD.id OR NEW.chain IS DISTINCT FROM OLD.chain
     OR NEW.seq IS DISTINCT FROM OLD.seq
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
"""

_ENTRY_COLUMNS = ["chain", *PREVIOUS._ENTRY_COLUMNS]

SQLITE_ENTRY_GUARD = (
    "CREATE TRIGGER lotse_audit_guard_entry BEFORE UPDATE ON audit_auditentry FOR EACH ROW WHEN "
    + " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in _ENTRY_COLUMNS)
    + " OR OLD.redacted_at IS NOT NULL OR NEW.redacted_at IS NULL "
    "BEGIN SELECT RAISE(ABORT, 'audit entries can only be redacted'); END"
)
SQLITE_GUARDS = [SQLITE_ENTRY_GUARD, PREVIOUS.SQLITE_GUARDS[1]]
SQLITE_DROP_GUARDS = PREVIOUS.SQLITE_DROP_GUARDS


def _sqlite_guards(schema_editor, statements):
    for statement in [*SQLITE_DROP_GUARDS, *statements]:
        schema_editor.execute(statement)


def restore_previous_guards(apps, schema_editor):
    """Backwards, last step: the 0003 triggers on the table rebuilt without ``chain``."""
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _sqlite_guards(schema_editor, PREVIOUS.SQLITE_GUARDS)
    elif vendor == "postgresql":
        schema_editor.execute(PREVIOUS.PG_DROP_GUARDS)
        schema_editor.execute(PREVIOUS.PG_GUARDS)


def add_heads_and_guards(apps, schema_editor):
    ChainHead = apps.get_model("audit", "ChainHead")
    ChainHead.objects.bulk_create(
        [ChainHead(pk=n, seq=0, last_hash=GENESIS) for n in range(1, DEFAULT_CHAINS + 1)],
        ignore_conflicts=True,
    )
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _sqlite_guards(schema_editor, SQLITE_GUARDS)
    elif vendor == "postgresql":
        schema_editor.execute(PG_ENTRY_GUARD)


def remove_heads(apps, schema_editor):
    """Back to one chain: only while no other chain holds an entry."""
    AuditEntry = apps.get_model("audit", "AuditEntry")
    ChainHead = apps.get_model("audit", "ChainHead")
    if AuditEntry.objects.exclude(chain=1).exists():
        raise RuntimeError(
            "Audit entries in chains other than 1 exist: they cannot be folded into one chain."
        )
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute("ALTER TABLE audit_chainhead DISABLE TRIGGER lotse_audit_guard_head")
    ChainHead.objects.exclude(pk=1).delete()
    if vendor == "postgresql":
        schema_editor.execute("ALTER TABLE audit_chainhead ENABLE TRIGGER lotse_audit_guard_head")


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_keyed_chain_and_guards")]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, restore_previous_guards),
        migrations.AlterModelOptions(
            name="auditentry",
            options={
                "get_latest_by": ["at", "chain", "seq"],
                "ordering": ["-at", "-chain", "-seq"],
                "verbose_name": "audit entry",
                "verbose_name_plural": "audit entries",
            },
        ),
        migrations.AddField(
            model_name="auditentry",
            name="chain",
            field=models.PositiveSmallIntegerField(default=1, verbose_name="chain"),
        ),
        migrations.AddConstraint(
            model_name="auditentry",
            constraint=models.UniqueConstraint(
                fields=("chain", "seq"), name="audit_chain_seq_unique"
            ),
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="seq",
            field=models.BigIntegerField(verbose_name="sequence"),
        ),
        migrations.RunPython(add_heads_and_guards, remove_heads),
    ]
