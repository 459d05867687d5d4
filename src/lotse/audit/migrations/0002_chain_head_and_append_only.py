"""Seed the chain head and, on PostgreSQL, make the trail append-only in the database itself.

The trigger refuses DELETE and any UPDATE except redaction (data, redacted_at), so even a
compromised app account or a careless manual query cannot rewrite history. TRUNCATE (used only
by test tear-down and full restores) does not fire row triggers.
"""

from django.db import migrations

PG_TRIGGER = """
CREATE OR REPLACE FUNCTION lotse_audit_append_only() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'audit entries are append-only';
  END IF;
  IF NEW.seq IS DISTINCT FROM OLD.seq OR NEW.at IS DISTINCT FROM OLD.at
     OR NEW.actor_id IS DISTINCT FROM OLD.actor_id
     OR NEW.actor_label IS DISTINCT FROM OLD.actor_label
     OR NEW.action IS DISTINCT FROM OLD.action
     OR NEW.object_type IS DISTINCT FROM OLD.object_type
     OR NEW.object_id IS DISTINCT FROM OLD.object_id
     OR NEW.client_id IS DISTINCT FROM OLD.client_id
     OR NEW.request_id IS DISTINCT FROM OLD.request_id
     OR NEW.data_hash IS DISTINCT FROM OLD.data_hash
     OR NEW.prev_hash IS DISTINCT FROM OLD.prev_hash
     OR NEW.entry_hash IS DISTINCT FROM OLD.entry_hash THEN
    RAISE EXCEPTION 'audit entries can only be redacted';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER lotse_audit_append_only BEFORE UPDATE OR DELETE ON audit_auditentry
FOR EACH ROW EXECUTE FUNCTION lotse_audit_append_only();
"""

PG_DROP = """
DROP TRIGGER IF EXISTS lotse_audit_append_only ON audit_auditentry;
DROP FUNCTION IF EXISTS lotse_audit_append_only();
"""


def seed_head(apps, schema_editor):
    ChainHead = apps.get_model("audit", "ChainHead")
    ChainHead.objects.get_or_create(pk=1, defaults={"seq": 0, "last_hash": "0" * 64})


def add_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_TRIGGER)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_DROP)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [
        migrations.RunPython(seed_head, migrations.RunPython.noop),
        migrations.RunPython(add_trigger, drop_trigger),
    ]
