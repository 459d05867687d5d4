"""The import of case management cases for existing files (issue #18 §3, kind ``cases``)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from lotse.audit.context import acting_as, actor_for_user
from lotse.audit.models import AuditEntry
from lotse.audit.services import verify_chain
from lotse.cases.models import Case, Closure, PhaseChange
from lotse.cases.phases import Phase
from lotse.cases.services.case import case_assign, case_open
from lotse.clients.services import ClientData, client_create
from lotse.imports.models import ImportKind, ImportRun, ImportState
from lotse.imports.services import (
    ImportFileError,
    import_execute,
    import_start,
    import_undo,
    import_upload,
)

from .files import csv_bytes
from .messy_records import serial, workbook

HEADER = [
    "Aktenzeichen",
    "Name",
    "Geburtsdatum",
    "Beginn",
    "Status",
    "Berater/in",
    "Abschluss",
    "Grund",
    "Lebensunterhalt",
]


@pytest.fixture
def lead(org):
    with acting_as(actor_for_user(org.users["team_lead"])):
        yield org.users["team_lead"]


@pytest.fixture
def files(org, lead):
    """Nine more files of team A (an MBE team: the three-year limit applies)."""
    names = [
        "Ahmadi",
        "Berisha",
        "Celik",
        "Dimitrov",
        "Eze",
        "Fofana",
        "Gashi",
        "Hussein",
        "Ivanova",
    ]
    return [
        client_create(
            team=org.team_a,
            data=ClientData(first_name="Sam", last_name=name, birth_date=date(1990, 1, 1 + i)),
        )
        for i, name in enumerate(names)
    ]


def upload(org, data: bytes, name: str = "faelle.xlsx") -> ImportRun:
    return import_upload(
        team=org.team_a, by=org.users["team_lead"], name=name, data=data, kind=ImportKind.CASES
    )


def messy_cases(org, files) -> bytes:
    f = [c.file_number for c in files]
    rows: list[list[object]] = [
        # 4: open, a two-digit year
        [f[0], "", "", "01.02.25", "offen", "", "", "", ""],
        # 5: by "Last, First" and birth date; opened on an Excel day number; closed
        [
            "",
            "Berisha, Sam",
            "02.01.1990",
            serial(date(2024, 3, 1)),
            "",
            "Counsellor",
            datetime(2025, 6, 15),
            "verzogen",
            "Bürgergeld",
        ],
        [],  # 6: an empty row
        # 7: a later phase: opened with the assessment, and a note
        [f[2], "", "", "01.05.2024", "Umsetzung", "", "", "", ""],
        ["MBE-2019-99999", "", "", "01.05.2024", "", "", "", "", ""],  # 8: unknown
        [org.client_b.file_number, "", "", "01.05.2024", "", "", "", "", ""],  # 9: foreign
        [f[0], "", "", "01.03.2025", "", "", "", "", ""],  # 10: the same file again
        [f[3], "", "", "01.03.2025", "", "", "", "", ""],  # 11: already has a case
        [f[4], "", "", "01.01.2020", "offen", "", "", "", ""],  # 12: open past its limit
        [f[5], "", "", "01.06.2024", "", "", "01.05.2024", "verzogen", ""],  # 13: order
        [f[6], "", "", "01.06.2024", "", "", "01.09.2025", "Ziele erreicht", ""],  # 14
        [f[7], "", "", "01.06.2024", "", "", "01.09.2025", "Fristablauf", ""],  # 15
        [f[8], "", "", "01.06.2024", "abgeschlossen", "", "", "", ""],  # 16: no closing date
        [f[8], "", "", "", "", "", "", "", ""],  # 17: no opening date
    ]
    return workbook("Fallliste Case Management", HEADER, rows)


def test_messy_case_list_reports_every_problem_and_imports_the_rest(org, lead, files) -> None:
    case_open(client=files[3], counsellor=org.users["counsellor"], opened_on=date(2024, 1, 8))
    before = Case.objects.count()
    run = upload(org, messy_cases(org, files))
    assert Case.objects.count() == before
    rows = {entry["row"]: entry for entry in run.report}
    assert {n: e["outcome"] for n, e in rows.items()} == {
        4: "create",
        5: "create",
        7: "create",
        8: "error",
        9: "error",
        10: "duplicate",
        11: "duplicate",
        12: "error",
        13: "error",
        14: "error",
        15: "error",
        16: "error",
        17: "error",
    }
    assert rows[8]["reasons"] == rows[9]["reasons"]
    assert rows[10]["refs"] == ["Zeile 4"] and rows[11]["refs"] == [files[3].file_number]
    assert rows[7]["notes"] and "Analyse" in rows[7]["notes"][0]
    assert "Dreijahresfrist" in rows[12]["reasons"][0]
    assert rows[13]["reasons"] == ["Der Fall kann nicht vor seiner Eröffnung abgeschlossen werden."]
    assert "Nachhaltigkeit" in rows[14]["reasons"][0]  # "goals reached" needs the check
    assert "Dreijahresfrist" in rows[15]["reasons"][0]
    assert "Abschlussdatum fehlt" in rows[16]["reasons"][0]
    assert "fehlt" in rows[17]["reasons"][0]

    import_start(run)
    run = import_execute(run)
    assert run.state == ImportState.DONE and run.created == 3
    open_case = Case.objects.get(client=files[0])
    assert (open_case.phase, open_case.opened_on, open_case.limit_date) == (
        Phase.ASSESSMENT,
        date(2025, 2, 1),
        date(2028, 2, 1),
    )
    closed = Case.objects.get(client=files[1])
    assert closed.phase == Phase.CLOSED and closed.counsellor == org.users["counsellor"]
    closure = Closure.objects.get(case=closed)
    assert (closure.closed_on, closure.reason, closure.livelihood) == (
        date(2025, 6, 15),
        "moved_away",
        "sgb_ii",
    )
    assert Case.objects.get(client=files[2]).phase == Phase.ASSESSMENT
    # Made through the case services: opened and closed as on the case page, audited.
    assert AuditEntry.objects.filter(action="case.opened").count() == 4
    assert AuditEntry.objects.filter(action="case.closed", client_id=files[1].pk).exists()
    assert verify_chain().ok


def test_windows_1252_csv_and_undo_keeps_a_case_worked_on(org, lead, files) -> None:
    lines = [
        "Aktenzeichen;Eröffnet am;Phase;Abgeschlossen am;Abschlussgrund",
        f"{files[0].file_number};01.03.2025;Analyse;;",
        f"{files[1].file_number};01.03.2024;;30.04.2025;Vermittlung in Regeldienste",
        f"{files[2].file_number};01.03.2025;offen;;",
    ]
    run = upload(org, csv_bytes(lines, encoding="cp1252"), name="faelle.csv")
    assert [e["outcome"] for e in run.report] == ["create", "create", "create"]
    import_start(run)
    run = import_execute(run)
    worked = Case.objects.get(client=files[2])
    case_assign(case=worked, counsellor=org.users["counsellor"], expected_version=worked.version)
    deleted, kept = import_undo(run)
    assert (deleted, kept) == (2, 1)
    assert list(Case.objects.filter(client__in=files[:3]).values_list("client", flat=True)) == [
        files[2].pk
    ]
    assert not PhaseChange.objects.filter(case__client__in=files[:2]).exists()
    assert AuditEntry.objects.filter(action="case.deleted").count() == 2
    run.refresh_from_db()
    assert (run.state, run.undo_refused) == (ImportState.UNDONE, 1)


def test_a_bad_file_creates_nothing(org, lead) -> None:
    with pytest.raises(ImportFileError):
        upload(org, b"\x89PNG\r\n", name="faelle.png")
    with pytest.raises(ImportFileError):
        upload(org, csv_bytes(["Spalte A;Spalte B", "1;2"]), name="faelle.csv")
    assert not ImportRun.objects.exists() and not Case.objects.exists()
