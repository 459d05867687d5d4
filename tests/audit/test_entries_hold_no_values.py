"""Generic audit entries name the fields that changed, never their values (issue #15).

Only foreign-key ids, booleans and the version counter are kept as values: they name no one.
"""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.db import models

from lotse.audit.models import AuditEntry
from lotse.audit.signals import value_is_loggable
from lotse.clients.models import Client, Intake
from lotse.common.auditing import is_audited, lotse_models
from lotse.network.models import Partner
from lotse_testing import make_waiting_intake

pytestmark = pytest.mark.django_db

PLANTED = ("Dr. Planted Referrer", "Zeugenstraße 17", "2011-11-11", "Planted-Notiz über Herrn K.")


def _entries_text(**filters: object) -> str:
    return json.dumps(
        [e.data for e in AuditEntry.objects.filter(**filters)], ensure_ascii=False, default=str
    )


def test_created_and_updated_entries_name_fields_but_hold_no_text_or_dates(org) -> None:
    intake = make_waiting_intake(org)
    intake.referring_institution = PLANTED[0]
    intake.waiting_until = date(2011, 11, 11)
    intake.priority = True
    intake.save()
    partner = Partner.objects.create(
        centre=org.centre, name="Jobcenter X", tier="mandatory", category="foreigners_authority"
    )
    partner.street, partner.notes = PLANTED[1], PLANTED[3]
    partner.save()

    updated = AuditEntry.objects.filter(action="intake.updated").latest()
    assert set(updated.data["changed"]) == {"referring_institution", "waiting_until", "priority"}
    assert updated.data["new"] == {"priority": True}
    assert updated.data["old"] == {"priority": False}
    created = AuditEntry.objects.filter(action="intake.created").latest()
    assert {"date", "service", "access_channel"} <= set(created.data["fields"])
    assert created.data["values"]["client_id"] == org.client_a.pk
    assert "date" not in created.data["values"]

    everything = _entries_text()
    for value in PLANTED:
        assert value not in everything
    assert str(org.client_a.birth_date) not in everything


def test_legal_hold_reason_and_client_dates_stay_out_of_the_trail(org) -> None:
    client = Client.objects.get(pk=org.client_a.pk)
    client.closed_on = date(2011, 11, 11)
    client.save()
    entry = AuditEntry.objects.filter(action="client.updated").latest()
    assert "closed_on" in entry.data["changed"]
    assert "2011-11-11" not in _entries_text(client_id=client.pk)


def test_only_ids_booleans_and_the_version_are_kept_as_values() -> None:
    kept: set[str] = set()
    for model in lotse_models():
        if not is_audited(model):
            continue
        for field in model._meta.concrete_fields:
            if value_is_loggable(field):
                kept.add(type(field).__name__)
                assert isinstance(field, models.ForeignKey | models.BooleanField) or (
                    field.name == "version"
                ), field
            else:
                assert not isinstance(field, models.ForeignKey | models.BooleanField), field
    assert kept >= {"ForeignKey", "BooleanField", "PositiveIntegerField"}
    assert not any(value_is_loggable(f) for f in Intake._meta.concrete_fields if f.name == "date")
