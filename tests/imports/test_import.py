"""Dry run, import in batches, duplicates, resume after a failing batch, undo within 24 h."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lotse.audit.context import acting_as, actor_for_user
from lotse.audit.models import AuditEntry
from lotse.audit.services import verify_chain
from lotse.clients.models import Client, Intake
from lotse.clients.selectors import client_search, duplicate_matches
from lotse.clients.selectors.duplicates import DuplicateIndex
from lotse.clients.services import ClientData, client_create
from lotse.imports.models import ImportedRecord, ImportRun, ImportState
from lotse.imports.services import (
    ImportFileError,
    ImportRefused,
    import_execute,
    import_remap,
    import_rows_prune,
    import_start,
    import_undo,
    import_upload,
)
from lotse.imports.services import runs as runs_module
from lotse.stats.materialised import rebuild
from lotse.stats.models import PeriodAggregate

from .files import csv_bytes, xlsx

HEADER = "Nachname;Vorname;Geburtsdatum;Geschlecht;Staatsangehörigkeit;Erstkontakt"


def upload(org, lines: list[str], **kwargs) -> ImportRun:
    return import_upload(
        team=org.team_a,
        by=org.users["team_lead"],
        name="liste.csv",
        data=csv_bytes(lines),
        **kwargs,
    )


def outcomes(run: ImportRun) -> dict[int, str]:
    return {entry["row"]: entry["outcome"] for entry in run.report}


def test_dry_run_creates_nothing_and_reports_each_row(org) -> None:
    before = Client.objects.count()
    run = upload(
        org,
        [
            HEADER,
            "Kaya;Ali;01.02.85;m;türkisch;15.03.2024",
            "Haddad;Amira;17.05.1980;w;syrisch;",  # client A of the team
            ";;01.02.85;;;",  # no name
            "Weber;Anna;31.02.1990;x;;",  # impossible date
            "=HYPERLINK(1);Tom;;;;",  # formula
            "Kaya;Ali;01.02.1985;m;;",  # the same as row 2
            "Nowak;Jan;;q;;",  # unknown gender
        ],
    )
    assert Client.objects.count() == before
    assert outcomes(run) == {
        2: "create",
        3: "duplicate",
        4: "error",
        5: "error",
        6: "error",
        7: "duplicate",
        8: "error",
    }
    assert (run.to_create, run.duplicates, run.errors) == (1, 2, 4)
    report = {entry["row"]: entry for entry in run.report}
    assert report[3]["refs"] == [org.client_a.file_number]
    # The reasons are German (the test settings' language), as the team lead reads them.
    assert report[7]["refs"] == ["Zeile 2"]
    assert report[4]["reasons"] == ["Der Name fehlt."]
    assert report[5]["reasons"] == [
        "Geburtsdatum: ist kein gültiges Datum (Tag oder Monat gibt es nicht)"
    ]
    assert "Formel" in report[6]["reasons"][0]
    assert report[8]["reasons"] == ["Geschlecht: ist keine Geschlechtsangabe (w, m, d oder leer)"]
    # The report names no one: it holds row numbers, reasons and file numbers only.
    assert "Kaya" not in str(run.report) and "1985" not in str(run.report)


def test_import_creates_clients_with_first_contact_audited(org) -> None:
    run = upload(org, [HEADER, "Kaya;Ali;01.02.85;m;türkisch;15.03.2024", "Nowak;Jan;;;;"])
    import_start(run)
    with acting_as(actor_for_user(org.users["team_lead"])):
        run = import_execute(run)
    assert run.state == ImportState.DONE and run.created == 2
    kaya = Client.objects.get(pk=ImportedRecord.objects.get(run=run, row=2).client_id)
    assert (kaya.first_name, kaya.last_name, kaya.birth_date) == ("Ali", "Kaya", date(1985, 2, 1))
    assert (kaya.gender == "male" and list(kaya.nationalities) == ["TR"]) or kaya.nationalities
    assert Intake.objects.get(client=kaya).date == date(2024, 3, 15)
    assert AuditEntry.objects.filter(action="client.created", object_id=str(kaya.pk)).exists()
    assert AuditEntry.objects.filter(action="import.done", object_id=str(run.pk)).exists()
    created = AuditEntry.objects.get(action="client.created", object_id=str(kaya.pk))
    assert created.client_id == kaya.pk and created.actor_label == org.users["team_lead"].email
    assert "first_name" in created.data["fields"] and "Kaya" not in str(created.data)
    assert AuditEntry.objects.filter(action="intake.created", client_id=kaya.pk).exists()
    assert verify_chain().ok  # the entries written in bulk hash into the chain in order
    assert run.rows == ""  # the sheet is not kept once imported


def test_resume_after_a_failing_batch(org, monkeypatch) -> None:
    people = [
        "Berg;Lea",
        "Kaya;Ali",
        "Nowak;Jan",
        "Schulz;Mia",
        "Diallo;Awa",
        "Popescu;Ion",
        "Haidari;Reza",
    ]
    lines = [HEADER] + [f"{name};0{i + 1}.0{i + 1}.19{70 + i};;;" for i, name in enumerate(people)]
    run = upload(org, lines)
    assert run.to_create == 7
    import_start(run)
    real = runs_module._create_batch
    calls = {"n": 0}

    def failing(context, numbers, cells):
        calls["n"] += 1
        created = real(context, numbers, cells)
        if calls["n"] == 2:  # the second batch of three fails after creating its files
            raise RuntimeError("disk full")
        return created

    monkeypatch.setattr(runs_module, "_create_batch", failing)
    with pytest.raises(RuntimeError):
        import_execute(run, batch_size=3)
    run.refresh_from_db()
    assert run.state == ImportState.FAILED and run.batches_done == 1 and run.created == 3
    assert ImportedRecord.objects.filter(run=run).count() == 3  # the failed batch left nothing
    monkeypatch.setattr(runs_module, "_create_batch", real)
    import_start(run)
    run = import_execute(run, batch_size=3)
    assert run.state == ImportState.DONE and run.created == 7
    assert ImportedRecord.objects.filter(run=run).count() == 7


def test_undo_deletes_exactly_what_the_run_created(org) -> None:
    run = upload(org, [HEADER, "Kaya;Ali;01.02.85;m;;15.03.2024", "Nowak;Jan;;;;", "Berg;Lea;;;;"])
    import_start(run)
    run = import_execute(run)
    records = {r.row: r.client_id for r in ImportedRecord.objects.filter(run=run)}
    # Someone works on one file after the import: that file stays.
    worked = Client.objects.get(pk=records[4])
    worked.phone = "+49 30 1"
    worked.save()
    Client.objects.filter(pk=worked.pk).update(version=2)
    others = set(Client.objects.exclude(pk__in=records.values()).values_list("pk", flat=True))
    deleted, kept = import_undo(run)
    assert (deleted, kept) == (2, 1)
    assert set(Client.objects.values_list("pk", flat=True)) == others | {records[4]}
    assert not Intake.objects.filter(client_id=records[2]).exists()
    run.refresh_from_db()
    assert run.state == ImportState.UNDONE and run.undo_refused == 1
    with pytest.raises(ImportRefused):
        import_undo(run)


def test_undo_refused_after_24_hours(org) -> None:
    run = upload(org, [HEADER, "Nowak;Jan;;;;"])
    import_start(run)
    run = import_execute(run)
    with pytest.raises(ImportRefused):
        import_undo(run, now=timezone.now() + timedelta(hours=25))
    assert Client.objects.filter(pk=ImportedRecord.objects.get(run=run).client_id).exists()


def test_a_started_run_cannot_start_twice(org) -> None:
    run = upload(org, [HEADER, "Nowak;Jan;;;;"])
    import_start(run)
    with pytest.raises(ImportRefused):
        import_start(run)


def test_column_mapping_when_headers_differ(org) -> None:
    data = xlsx([["Familie", "Vorname", "Tag der Geburt"], ["Kaya", "Ali", "01.02.85"]])
    run = import_upload(team=org.team_a, by=org.users["team_lead"], name="l.xlsx", data=data)
    # "Familie" is not recognised: only the first name is taken, the birth date is not.
    assert run.parsed()["mapping"] == {"1": "first_name"}
    run = import_remap(run, {0: "last_name", 1: "first_name", 2: "birth_date"})
    import_start(run)
    run = import_execute(run)
    client = Client.objects.get(pk=ImportedRecord.objects.get(run=run).client_id)
    assert (client.last_name, client.birth_date) == ("Kaya", date(1985, 2, 1))


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("liste.xlsx", b"PK\x03\x04broken"),
        ("liste.exe", b"MZ\x90\x00"),
        ("liste.csv", ";".join(f"c{i}" for i in range(300)).encode()),
    ],
)
def test_bad_file_creates_nothing(org, name: str, data: bytes) -> None:
    before = (Client.objects.count(), ImportRun.objects.count())
    with pytest.raises(ImportFileError):
        import_upload(team=org.team_a, by=org.users["team_lead"], name=name, data=data)
    assert (Client.objects.count(), ImportRun.objects.count()) == before


def test_imported_files_are_found_like_typed_ones(org) -> None:
    """The bulk path leaves what client_create leaves: search tokens, keyed columns, numbers."""

    run = upload(org, [HEADER, "Şahin;Ayşe;01.02.85;w;;", "Nowak;Jan;;;;"])
    import_start(run)
    import_execute(run)
    lead = org.users["team_lead"]
    found = list(client_search(user=lead, query="Sahin"))
    assert [c.first_name for c in found] == ["Ayşe"]
    matches = duplicate_matches(
        user=lead, first_name="Ayse", last_name="Sahin", birth_date=date(1985, 1, 2)
    )
    assert [m.client.pk for m in matches] == [found[0].pk]  # day and month swapped
    typed = client_create(team=org.team_a, data=ClientData(first_name="Lea", last_name="Berg"))
    numbers = sorted(Client.objects.filter(team=org.team_a).values_list("file_number", flat=True))
    assert len(set(numbers)) == len(numbers) and typed.file_number == numbers[-1]


def test_duplicate_index_agrees_with_the_intake(org) -> None:

    lead = org.users["team_lead"]
    index = DuplicateIndex.of_clients(Client.objects.filter(team=org.team_a))
    cases = [
        ("Amira", "Haddad", date(1980, 5, 17)),
        ("Amira", "Hadad", date(1980, 5, 18)),
        ("Amira", "Haddad", None),
        ("Amira", "Haddad", date(1991, 1, 1)),
        ("Olga", "Haddad", date(1980, 5, 17)),
    ]
    for first, last, born in cases:
        expected = [
            m.client.file_number
            for m in duplicate_matches(user=lead, first_name=first, last_name=last, birth_date=born)
        ]
        assert [ref for ref, _ in index.matches(first, last, born)] == expected, (first, last, born)


def test_dry_run_decrypts_the_names_near_the_list_in_a_few_queries(org) -> None:
    """Files born on a date near a row's are compared by name: their names are decrypted in
    batches before the rows are checked, not with one query per file (at 100,000 files that
    was 40,000 queries and most of a 60-second dry run)."""
    born = date(1990, 3, 4)
    for n in range(30):  # names that share no phonetic key with the list's
        client_create(
            team=org.team_a,
            data=ClientData(first_name=f"Petra{n:02d}x", last_name="Lindqvist", birth_date=born),
        )
    client_create(
        team=org.team_a,
        data=ClientData(first_name="Amina", last_name="Yousef", birth_date=born),
    )
    lines = [HEADER] + [f"Jusuf;Amina;0{day}.03.1990;w;;" for day in (3, 4, 5)]
    with CaptureQueriesContext(connection) as queries:
        run = upload(org, lines)
    decrypting = [q for q in queries.captured_queries if '"first_name"' in q["sql"]]
    assert len(decrypting) == 1
    assert outcomes(run) == {2: "duplicate", 3: "duplicate", 4: "duplicate"}
    same_day = run.report[1]
    assert len(same_day["refs"]) == 1 and same_day["refs"][0].startswith("MBE-")


def test_a_file_merged_while_the_list_is_checked_is_no_longer_matched(org) -> None:
    born = date(1991, 6, 7)
    kept, merged = (
        client_create(
            team=org.team_a,
            data=ClientData(first_name=first, last_name="Okonkwo", birth_date=born),
        )
        for first in ("Chidi", "Chidiebere")
    )
    index = DuplicateIndex.of_clients(Client.objects.filter(team=org.team_a))
    Client.objects.filter(pk=merged.pk).update(merged_into=kept)  # a merge meanwhile
    refs = [ref for ref, _ in index.matches("Chidiebere", "Okonkwo", born, "no-such-key")]
    assert merged.file_number not in refs


def test_dry_runs_not_started_within_24_hours_lose_their_rows(org) -> None:
    run = upload(org, [HEADER, "Nowak;Jan;;;;"])
    assert import_rows_prune(now=timezone.now() + timedelta(hours=23)) == 0
    assert import_rows_prune(now=timezone.now() + timedelta(hours=25)) == 1
    run.refresh_from_db()
    assert run.rows == "" and run.state == ImportState.EXPIRED and run.report
    with pytest.raises(ImportRefused):
        import_start(run)


def test_import_and_undo_mark_the_kept_statistics_stale(org) -> None:
    """The import writes with bulk statements (no model signals): it tells the kept
    statistics itself, from the earliest first contact on, and so does the undo."""
    rebuild(first_year=2024)
    PeriodAggregate.objects.update(stale_since=None)
    run = upload(org, [HEADER, "Kaya;Ali;01.02.85;m;;15.03.2024"])
    import_start(run)
    import_execute(run)
    team_rows = PeriodAggregate.objects.filter(team=org.team_a)
    assert team_rows.filter(ends_on__gte=date(2024, 3, 15), stale_since__isnull=False).exists()
    assert not team_rows.filter(ends_on__lt=date(2024, 3, 15), stale_since__isnull=False).exists()
    assert not PeriodAggregate.objects.filter(team=org.team_b, stale_since__isnull=False).exists()
    PeriodAggregate.objects.update(stale_since=None)
    import_undo(ImportRun.objects.get(pk=run.pk))
    assert team_rows.filter(ends_on__gte=date(2024, 3, 15), stale_since__isnull=False).exists()
