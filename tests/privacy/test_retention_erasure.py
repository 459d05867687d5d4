"""Retention (dry run and run), erasure with legal hold, subject access — issue #7 §1–2."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse

from lotse.audit.models import AuditEntry
from lotse.audit.services import verify_chain
from lotse.clients.models import Client, CounsellingContact, Topic
from lotse.common.errors import DomainError
from lotse.privacy.services import (
    client_close,
    client_erase,
    legal_hold_set,
    retention_run,
)
from lotse.privacy.subject_access import subject_access_data
from lotse_testing import PASSWORD, make_consent, raw_column


def _contact(org, client, on: date) -> CounsellingContact:
    contact = CounsellingContact.objects.create(
        client=client,
        date=on,
        duration_minutes=45,
        form="in_person",
        notes="Geheime Notiz über Amira",
        counsellor=org.users["counsellor"],
    )
    contact.topics.set(Topic.objects.filter(code="housing"))
    return contact


def test_dry_run_lists_closed_files_past_the_period_and_changes_nothing(org) -> None:
    client_close(client=org.client_a, on=date(2022, 6, 30))
    reports = retention_run(today=date(2025, 7, 1), dry_run=True)
    files = next(r for r in reports if "lient" in r.category)
    assert files.due == [f"{org.client_a.file_number} (closed 2022-06-30)"]
    assert files.done == []
    assert Client.objects.get(pk=org.client_a.pk).last_name == "Haddad"
    # One day earlier the file is not yet due (three years inclusive).
    early = retention_run(today=date(2025, 6, 29), dry_run=True)
    assert not any(org.client_a.file_number in label for r in early for label in r.due)


def test_run_anonymises_keeps_statistics_redacts_audit_and_is_idempotent(org) -> None:
    contact = _contact(org, org.client_a, date(2022, 3, 1))
    make_consent(org, other_recipients="Hausärztin Dr. Planted")
    client_close(client=org.client_a, on=date(2022, 6, 30))
    retention_run(today=date(2025, 7, 1), dry_run=False)
    client = Client.objects.get(pk=org.client_a.pk)
    assert client.anonymised_at is not None and client.is_anonymous
    assert (client.first_name, client.last_name, client.birth_date) == ("", "", None)
    assert client.birth_year == 1980
    contact.refresh_from_db()
    assert contact.notes == "" and contact.duration_minutes == 45
    assert list(contact.topics.values_list("code", flat=True)) == ["housing"]
    assert "Haddad" not in raw_column("clients_client", "last_name", client.pk)
    assert not client.search_tokens.exists()
    consent = client.consents.get()
    assert consent.other_recipients == "" and not consent.partner_links.exists()
    redacted = AuditEntry.objects.filter(client_id=client.pk, redacted_at__isnull=False)
    assert redacted.filter(action="client.created").exists()
    assert verify_chain().ok
    again = retention_run(today=date(2025, 7, 1), dry_run=False)
    assert all(not r.due for r in again)


def test_legal_hold_keeps_the_file(org) -> None:
    client_close(client=org.client_a, on=date(2020, 1, 1))
    legal_hold_set(client=org.client_a, reason="Gerichtsverfahren")
    reports = retention_run(today=date(2026, 1, 1), dry_run=False)
    assert not any(org.client_a.file_number in label for r in reports for label in r.due)
    with pytest.raises(DomainError, match="Gerichtsverfahren"):
        client_erase(client=Client.objects.get(pk=org.client_a.pk))


def test_silent_file_counts_as_closed_one_year_later(org) -> None:
    Client.objects.filter(pk=org.client_b.pk).update(created_at="2021-01-01T10:00:00Z")
    _contact(org, org.client_b, date(2021, 2, 1))
    due_early = retention_run(today=date(2025, 1, 31), dry_run=True)
    assert not any(org.client_b.file_number in label for r in due_early for label in r.due)
    due = retention_run(today=date(2025, 2, 1), dry_run=True)
    assert any(org.client_b.file_number in label for r in due for label in r.due)


def test_retention_command_dry_run_and_run(org, capsys) -> None:
    client_close(client=org.client_a, on=date(2022, 6, 30))
    call_command("retention", "--dry-run", "--today", "2025-07-01")
    out = capsys.readouterr().out
    assert org.client_a.file_number in out and "would go" in out
    assert Client.objects.get(pk=org.client_a.pk).anonymised_at is None
    call_command("retention", "--today", "2025-07-01")
    assert Client.objects.get(pk=org.client_a.pk).anonymised_at is not None
    assert AuditEntry.objects.filter(
        action="retention.ran", actor_label="system:retention"
    ).exists()


def test_erasure_by_the_dpo_needs_reauthentication_and_shows_no_content(org, as_persona):
    http = as_persona("dpo")
    url = reverse("privacy_erasure")
    assert http.get(url, {"file_number": org.client_a.file_number}).status_code == 302
    http.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    response = http.get(url, {"file_number": org.client_a.file_number})
    assert response.status_code == 200
    body = response.content.decode()
    assert org.client_a.file_number in body and "Haddad" not in body and "Amira" not in body
    response = http.post(
        reverse("privacy_erasure_run"),
        {"file_number": org.client_a.file_number, "confirm": "on"},
    )
    assert response.status_code == 302
    assert Client.objects.get(pk=org.client_a.pk).anonymised_at is not None


def test_subject_access_holds_everything_and_is_audited(org, as_persona) -> None:
    _contact(org, org.client_a, date(2026, 3, 1))
    make_consent(org)
    data = subject_access_data(org.client_a)
    text = json.dumps(data, ensure_ascii=False)
    assert "Amira" in text and "Geheime Notiz" in text and "Jobcenter Musterstadt" in text
    http = as_persona("counsellor")
    http.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    response = http.get(reverse("client_subject_access_json", args=[org.client_a.pk]))
    assert response.status_code == 200 and json.loads(response.content)["file_number"]
    for language in ("ar", "de"):
        pdf = http.get(
            reverse("client_subject_access_pdf", args=[org.client_a.pk]), {"lang": language}
        )
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert (
        AuditEntry.objects.filter(action="client.exported", client_id=org.client_a.pk).count() == 3
    )


def test_team_lead_sets_hold_only_for_own_teams(org, as_persona) -> None:
    http = as_persona("team_lead")
    http.post(
        reverse("privacy_legal_hold"),
        {"file_number": org.client_b.file_number, "reason": "x"},
    )
    assert not Client.objects.get(pk=org.client_b.pk).legal_hold
    http.post(
        reverse("privacy_legal_hold"),
        {"file_number": org.client_a.file_number, "reason": "Widerspruchsverfahren"},
    )
    assert Client.objects.get(pk=org.client_a.pk).legal_hold


def test_anonymising_reaches_records_several_steps_from_the_file(org) -> None:
    """A goal hangs on a support plan of a case of the client: its title and the partner's
    name are free text that can name people, three foreign keys away from the file."""
    from lotse.cases import services as cases
    from lotse.cases.models import Goal
    from lotse.privacy.anonymise import anonymise_client

    opened = date(2022, 3, 1)
    case = cases.case_open(
        client=org.client_a, counsellor=org.users["counsellor"], opened_on=opened
    )
    goal = cases.goal_create(
        case=case,
        data=cases.GoalData(
            module="social",
            target_date=date(2022, 12, 31),
            responsible="partner",
            title="Wohnung über Frau Planted finden",
            partner_name="Vermieterin Planted",
        ),
        by=org.users["counsellor"],
        on=opened,
    )
    anonymise_client(Client.objects.get(pk=org.client_a.pk), reason="test")
    goal = Goal.objects.get(pk=goal.pk)
    assert (goal.title, goal.partner_name) == ("", "")
    assert "Planted" not in raw_column("cases_goal", "title", goal.pk)
    assert goal.target_date == date(2022, 12, 31)  # what statistics count stays
