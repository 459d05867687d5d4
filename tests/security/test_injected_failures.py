"""Multi-step services leave nothing half-done when a step fails (issue #7 §3)."""

from __future__ import annotations

from datetime import date

import pytest

from lotse.audit.models import AuditEntry
from lotse.clients.models import Client, CounsellingContact, EligibilityDecision, Intake
from lotse.clients.services import ClientData, client_create, client_merge
from lotse.clients.services.intake import intake_record


class Boom(Exception):
    pass


def _explode(*args, **kwargs):
    raise Boom


def test_intake_failure_after_the_decision_leaves_no_decision(org, monkeypatch) -> None:
    audit_before = AuditEntry.objects.count()
    monkeypatch.setattr(Intake.objects, "create", _explode)
    with pytest.raises(Boom):
        intake_record(
            client=org.client_a,
            counsellor=org.users["counsellor"],
            service="mbe",
            date=date(2026, 11, 25),
            access_channel="walk_in",
            referring_institution="",
            concern="x",
            problem_areas=[],
            support_needs="",
            expectations="",
            livelihood="unknown",
            crisis=False,
            outcome="counselling",
            referral_target="",
        )
    assert not EligibilityDecision.objects.exists()
    # The audit entry of the decision was rolled back with it: the trail shows no ghost.
    assert AuditEntry.objects.count() == audit_before


def test_merge_failure_half_way_moves_nothing(org, monkeypatch) -> None:
    duplicate = client_create(team=org.team_a, data=ClientData(first_name="D", last_name="U"))
    CounsellingContact.objects.create(
        client=duplicate,
        date=date(2026, 1, 1),
        duration_minutes=10,
        form="phone",
        counsellor=org.users["counsellor"],
    )
    from lotse.clients.services import clients as client_services

    original = client_services.log_action
    calls = {"n": 0}

    def fail_second_log(**kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise Boom
        return original(**kwargs)

    monkeypatch.setattr(client_services, "log_action", fail_second_log)
    with pytest.raises(Boom):
        client_merge(source=duplicate, target=org.client_a)
    assert duplicate.contacts.count() == 1
    assert Client.objects.get(pk=duplicate.pk).merged_into_id is None


def test_file_numbers_are_unique_under_a_failed_create(org, monkeypatch) -> None:
    monkeypatch.setattr(Client, "save", _explode)
    with pytest.raises(Boom):
        client_create(team=org.team_a, data=ClientData(first_name="X"))
    monkeypatch.undo()
    # The counter increment was rolled back too: the next file gets the next free number.
    created = client_create(team=org.team_a, data=ClientData(first_name="Y"))
    assert created.file_number.endswith("-00002")
