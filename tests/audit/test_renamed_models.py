"""Entries written before a model was renamed keep its old label and are still found.

The real case: ``volunteers.Partner`` became ``volunteers.TandemPartner``. Entries are hashed into
the chain, so the old ``object_type`` ("volunteers.partner") and the old generic actions
("partner.updated") stay as they were written.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from lotse.audit.models import AuditEntry
from lotse.audit.selectors import audit_entries_filtered
from lotse.audit.services import log_action, redact_object_entries, verify_chain
from lotse.common.auditing import object_types
from lotse.volunteers.models import TandemPartner, TandemPartnerLanguage
from volunteers.samples import make_partner

pytestmark = pytest.mark.django_db


def _written_as(label: str, pk: int, action: str) -> AuditEntry:
    """An entry as the audit wrote it for an object labelled ``label``."""
    stand_in = SimpleNamespace(_meta=SimpleNamespace(label_lower=label), pk=pk)
    return log_action(action=action, obj=stand_in, data={"changed": ["phone"]})  # type: ignore[arg-type]


def test_tandem_partner_declares_its_former_labels() -> None:
    assert object_types(TandemPartner) == ("volunteers.tandempartner", "volunteers.partner")
    assert object_types(TandemPartnerLanguage) == (
        "volunteers.tandempartnerlanguage",
        "volunteers.partnerlanguage",
    )


def test_new_entries_use_the_new_label(org) -> None:
    partner = make_partner(org)
    entry = AuditEntry.objects.get(action="tandempartner.created")
    assert (entry.object_type, entry.object_id) == ("volunteers.tandempartner", str(partner.pk))


def test_redacting_an_object_reaches_its_entries_from_before_the_rename(org) -> None:
    partner = make_partner(org)
    old = _written_as("volunteers.partner", partner.pk, "partner.updated")
    institution = _written_as("network.partner", partner.pk, "partner.updated")
    redacted = redact_object_entries(obj=partner, reason="test")
    assert redacted == 2  # tandempartner.created and the old partner.updated
    old.refresh_from_db()
    institution.refresh_from_db()
    assert old.redacted_at is not None
    assert institution.redacted_at is None
    assert verify_chain().ok


def test_filtering_by_object_type_finds_both_labels(org) -> None:
    partner = make_partner(org)
    old = _written_as("volunteers.partner", partner.pk, "partner.updated")
    _written_as("network.partner", partner.pk, "partner.updated")
    for label in ("volunteers.tandempartner", "volunteers.partner"):
        found = audit_entries_filtered(object_type=label)
        assert {e.action for e in found} == {"tandempartner.created", "partner.updated"}
        assert old in found
    assert audit_entries_filtered(object_type="network.partner").count() == 1


def test_filtering_by_action_translates_the_old_generic_actions(org) -> None:
    partner = make_partner(org)
    old = _written_as("volunteers.partner", partner.pk, "partner.updated")
    institution = _written_as("network.partner", 3, "partner.updated")
    withdrawn = log_action(action="partner.consent_withdrawn", obj=partner)

    def found(action: str) -> set[int]:
        return {e.pk for e in audit_entries_filtered(action=action)}

    created = AuditEntry.objects.get(action="tandempartner.created").pk
    assert found("tandempartner.updated") == {old.pk}
    assert found("tandempartner.") == {created, old.pk}
    assert old.pk in found("tandem")  # with the languages' tandempartnerlanguage.created
    # What the old names found before the rename, they still find.
    assert found("partner.") == {old.pk, institution.pk, withdrawn.pk}
