"""The import of counselling contacts for existing files (issue #18 §3, kind ``contacts``)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from lotse.audit.context import acting_as, actor_for_user
from lotse.audit.models import AuditEntry
from lotse.audit.services import verify_chain
from lotse.clients.models import CounsellingContact, Topic
from lotse.clients.services import ClientData, client_create
from lotse.clients.services.contacts import contact_create, follow_up_mark_done
from lotse.imports.models import ImportedRecord, ImportKind, ImportRun, ImportState
from lotse.imports.services import (
    ImportFileError,
    import_execute,
    import_start,
    import_undo,
    import_upload,
)

from .files import csv_bytes
from .messy_records import CONTACT_HEADER, contact_list, serial, workbook

UNKNOWN = "Keine Akte mit diesem Aktenzeichen in Ihrem Team."


@pytest.fixture
def lead(org):
    with acting_as(actor_for_user(org.users["team_lead"])):
        yield org.users["team_lead"]


@pytest.fixture
def mueller(org, lead):
    return client_create(
        team=org.team_a,
        data=ClientData(first_name="Jürgen", last_name="Müller", birth_date=date(1985, 2, 1)),
    )


def upload(org, data: bytes, name: str = "kontakte.xlsx") -> ImportRun:
    return import_upload(
        team=org.team_a, by=org.users["team_lead"], name=name, data=data, kind=ImportKind.CONTACTS
    )


def report(run: ImportRun) -> dict[int, dict]:
    return {entry["row"]: entry for entry in run.report}


def messy_sheet(org) -> bytes:
    a, b = org.client_a.file_number, org.client_b.file_number
    future = (date.today() + timedelta(days=3)).strftime("%d.%m.%Y")
    rows: list[list[object]] = [
        # 4: by file number, a two-digit year, two topics
        [1, a, "", "", "", "01.02.24", 45, "persönlich", "Wohnungssuche; Gesundheit", "", ""],
        # 5: by name and an Excel day number as birth date, an Excel date, 1:30 hours
        [
            2,
            "",
            "Haddad",
            "Amira",
            serial(date(1980, 5, 17)),
            datetime(2024, 3, 4),
            "1:30",
            "Telefon",
            "Umgang mit Behörden",
            "Counsellor",
            "18.03.2024",
        ],
        [],  # 6: an empty row
        [4, "MBE-2019-99999", "", "", "", "05.03.2024", 30, "Telefon", "Gesundheit", "", ""],
        [5, b, "", "", "", "05.03.2024", 30, "Telefon", "Gesundheit", "", ""],  # 8: foreign
        [
            6,
            a.lower(),
            "",
            "",
            "",
            "01.02.2024",
            "45 Min.",
            "persönlich",
            "Wohnungssuche",
            "",
            "",
        ],  # 9: the same as row 4
        [7, a, "", "", "", "10.01.2024", 60, "Video", "Familiennachzug", "", ""],  # 10: in Lotse
        [8, a, "", "", "", future, 30, "Telefon", "Gesundheit", "", ""],  # 11: future
        [9, a, "", "", "", "11.01.2024", "lang", "Telefon", "Gesundheit", "", ""],  # 12
        [10, a, "", "", "", "12.01.2024", 30, "Telefon", "", "", ""],  # 13: no topic
        [11, a, "", "", "", "13.01.2024", 30, "Telefon", "Gesundheit", "Frau Unbekannt", ""],
        [12, a, "", "", "", "14.01.2024", 30, "Telefon", "Gesundheit", "", "01.01.2024"],
        [
            13,
            "",
            "Haddad",
            "Amira",
            "18.05.1981",
            "15.01.2024",
            30,
            "Telefon",
            "Gesundheit",
            "",
            "",
        ],  # 16: no file with that birth date
        [14, a, "", "", "", "16.01.2024", 30, "Brieftaube", "Gesundheit", "", ""],  # 17
        [15, a, "", "", "", "17.01.2024", 700, "Telefon", "Gesundheit", "", ""],  # 18: 700 min
        [16, a, "", "", "", "31.02.2024", 30, "Telefon", "Gesundheit", "", ""],  # 19
        # 20: a topic not known beside a known one: imported with a note
        [17, a, "", "", "", "18.01.2024", 30, "Hausbesuch", "Gesundheit; Sonstiges", "", ""],
    ]
    return workbook("Beratungskontakte 2024 – Export", CONTACT_HEADER, rows)


def test_messy_contact_list_reports_every_problem_and_imports_the_rest(org, lead) -> None:
    topic = Topic.objects.get(code="family_reunification")
    contact_create(
        client=org.client_a,
        counsellor=org.users["counsellor"],
        date=date(2024, 1, 10),
        duration_minutes=60,
        form="video",
        kind="client",
        language="de",
        interpreter="none",
        topics=[topic],
        notes="",
        next_steps="",
        follow_up_on=None,
    )
    before = CounsellingContact.objects.count()
    run = upload(org, messy_sheet(org))
    assert CounsellingContact.objects.count() == before  # the dry run creates nothing
    rows = report(run)
    assert {n: e["outcome"] for n, e in rows.items()} == {
        4: "create",
        5: "create",
        7: "error",
        8: "error",
        9: "duplicate",
        10: "duplicate",
        11: "error",
        12: "error",
        13: "error",
        14: "error",
        15: "error",
        16: "error",
        17: "error",
        18: "error",
        19: "error",
        20: "create",
    }
    # A foreign team's file reads exactly like an unknown one.
    assert rows[7]["reasons"] == rows[8]["reasons"] == [UNKNOWN]
    assert rows[9]["refs"] == ["Zeile 4"]
    assert rows[10]["refs"] == [org.client_a.file_number]
    assert "Zukunft" in rows[11]["reasons"][0]
    assert "Minuten" in " ".join(rows[12]["reasons"])
    assert any("Thema" in reason for reason in rows[13]["reasons"])
    assert any("Berater" in reason for reason in rows[14]["reasons"])
    assert rows[15]["reasons"] == ["Die Wiedervorlage kann nicht vor dem Kontakt liegen."]
    assert "Namen und Geburtsdatum" in rows[16]["reasons"][0]
    assert rows[20]["notes"] and not rows[20]["reasons"]
    # No reason repeats a cell: no name, no file number of a foreign team.
    text = str(run.report)
    assert "Haddad" not in text and org.client_b.file_number not in text
    assert (run.to_create, run.duplicates, run.errors) == (3, 2, 11)

    import_start(run)
    run = import_execute(run)
    assert run.state == ImportState.DONE and run.created == 3
    made = CounsellingContact.objects.filter(client=org.client_a).exclude(date=date(2024, 1, 10))
    assert made.count() == 3
    first = made.get(date=date(2024, 2, 1))
    assert (first.duration_minutes, first.form, first.counsellor) == (
        45,
        "in_person",
        org.users["team_lead"],  # nobody named: the importing lead
    )
    assert set(first.topics.values_list("code", flat=True)) == {"housing", "health"}
    second = made.get(date=date(2024, 3, 4))
    assert (second.duration_minutes, second.form, second.counsellor, second.follow_up_on) == (
        90,
        "phone",
        org.users["counsellor"],
        date(2024, 3, 18),
    )
    audited = AuditEntry.objects.filter(action="counsellingcontact.created")
    assert audited.filter(client_id=org.client_a.pk).count() == 4  # 1 by hand + 3 imported
    assert verify_chain().ok


def test_windows_1252_csv_with_semicolons(org, lead, mueller) -> None:
    lines = [
        "Aktenzeichen;Nachname;Vorname;Geburtsdatum;Datum;Dauer;Form;Themen",
        ";Müller;Jürgen;01.02.85;15.03.2024;30;Hausbesuch;Familiäre Probleme",
        f"{mueller.file_number};;;;16.03.2024;1,5 Std.;persönlich;Übergang Schule – Beruf",
        "XYZ-1;;;;16.03.2024;30;Telefon;Gesundheit",
    ]
    run = upload(org, csv_bytes(lines, encoding="cp1252"), name="kontakte.csv")
    assert [e["outcome"] for e in run.report] == ["create", "create", "error"]
    import_start(run)
    import_execute(run)
    contacts = CounsellingContact.objects.filter(client=mueller).order_by("date")
    made = [(c.form, c.duration_minutes) for c in contacts]
    assert made == [("home_visit", 30), ("in_person", 90)]
    assert list(contacts[0].topics.values_list("code", flat=True)) == ["family_problems"]


def test_undo_removes_exactly_the_imported_contacts_and_keeps_changed_ones(org, lead) -> None:
    sheet = contact_list([org.client_a.file_number], 60, seed=3)
    before = set(CounsellingContact.objects.values_list("pk", flat=True))
    run = upload(org, sheet.data)
    assert {e["row"] for e in run.report if e["outcome"] == "error"} == sheet.errors
    assert {e["row"] for e in run.report if e["outcome"] == "duplicate"} == sheet.duplicates
    import_start(run)
    run = import_execute(run, batch_size=7)  # several batches
    assert run.created == len(sheet.created)
    made = CounsellingContact.objects.exclude(pk__in=before)
    assert made.count() == run.created

    def newest_kept():  # the file's newest contact date, as the working list reads it
        org.client_a.refresh_from_db()
        dates = CounsellingContact.objects.filter(client=org.client_a).values_list("date")
        return org.client_a.last_contact_on, max((d for (d,) in dates), default=None)

    kept_date, newest = newest_kept()
    assert kept_date == newest is not None
    with_follow_up = made.first()
    with_follow_up.follow_up_on = with_follow_up.date
    with_follow_up.save()
    follow_up_mark_done(contact=with_follow_up)  # a changed version: someone worked on it
    deleted, kept = import_undo(run)
    assert (deleted, kept) == (run.created - 1, 1)
    assert newest_kept()[0] == newest_kept()[1] == with_follow_up.date
    assert set(CounsellingContact.objects.exclude(pk__in=before).values_list("pk", flat=True)) == {
        with_follow_up.pk
    }
    assert AuditEntry.objects.filter(action="counsellingcontact.deleted").count() == deleted
    assert AuditEntry.objects.filter(action="import.undone", object_id=str(run.pk)).exists()
    assert (
        not ImportedRecord.objects.filter(run=run, contact__isnull=False)
        .exclude(contact=with_follow_up)
        .exists()
    )


def test_a_bad_file_creates_nothing(org, lead) -> None:
    before = CounsellingContact.objects.count()
    with pytest.raises(ImportFileError):
        upload(org, b"PK\x03\x04 not really a workbook")
    with pytest.raises(ImportFileError):
        upload(org, csv_bytes(["Spalte1;Spalte2", "a;b"]), name="kontakte.csv")
    assert CounsellingContact.objects.count() == before
    assert not ImportRun.objects.exists()
