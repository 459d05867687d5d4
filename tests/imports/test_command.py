"""``lotse import``: dry run, import and undo from the command line."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from lotse.clients.models import Client
from lotse.imports.models import ImportRun, ImportState

from .files import csv_bytes


def run_command(*args: str) -> str:
    out = io.StringIO()
    call_command("import", *args, stdout=out)
    return out.getvalue()


def test_dry_run_then_import_then_undo(org, tmp_path) -> None:
    path = tmp_path / "liste.csv"
    path.write_bytes(
        csv_bytes(["Nachname;Vorname;Geburtsdatum", "Kaya;Ali;01.02.85", "Weber;;31.02.1990"])
    )
    before = Client.objects.count()
    by = org.users["team_lead"].email
    output = run_command(str(path), "--team", str(org.team_a.pk), "--by", by, "--dry-run")
    assert "1 to create" in output and "row 3: error" in output and "Kaya" not in output
    assert Client.objects.count() == before
    output = run_command(str(path), "--team", str(org.team_a.pk), "--by", by)
    assert Client.objects.count() == before + 1
    run = ImportRun.objects.filter(state=ImportState.DONE).get()
    run_command("--undo", str(run.pk))
    assert Client.objects.count() == before


def test_bad_file_is_a_command_error(org, tmp_path) -> None:
    path = tmp_path / "liste.xlsx"
    path.write_bytes(b"PK\x03\x04broken")
    with pytest.raises(CommandError):
        run_command(str(path), "--team", str(org.team_a.pk), "--by", org.users["team_lead"].email)
    assert not ImportRun.objects.exists()


def test_contacts_and_cases_by_kind(org, tmp_path) -> None:
    number = org.client_a.file_number
    contacts = tmp_path / "kontakte.csv"
    contacts.write_bytes(
        csv_bytes(["Az;Datum;Dauer;Form;Themen", f"{number};03.02.2025;40;Telefon;Gesundheit"])
    )
    cases = tmp_path / "faelle.csv"
    cases.write_bytes(csv_bytes(["Az;Eröffnet am", f"{number};03.02.2025", "X-1;03.02.2025"]))
    by = ["--team", str(org.team_a.pk), "--by", org.users["team_lead"].email]
    output = run_command(str(contacts), "--kind", "contacts", *by)
    assert "1 contacts created" in output and org.client_a.contacts.count() == 1
    output = run_command(str(cases), "--kind", "cases", *by)
    assert "row 3: error" in output and "1 cases created" in output
    assert org.client_a.cases.count() == 1
    run = ImportRun.objects.get(kind="cases")
    assert "Deleted 1 cases" in run_command("--undo", str(run.pk))
    assert not org.client_a.cases.exists()
    with pytest.raises(CommandError):
        run_command(str(cases), "--kind", "cases", "--map", "0=gender", *by)
