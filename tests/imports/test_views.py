"""The import pages as a team lead uses them, and what others get."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from lotse.accounts.models import Membership
from lotse.accounts.roles import Role
from lotse.clients.models import Client
from lotse.imports.models import ImportedRecord, ImportRun, ImportState

from .files import csv_bytes

CSV = csv_bytes(["Nachname;Vorname;Geburtsdatum", "Kaya;Ali;01.02.85", "Nowak;Jan;31.02.1990"])


def post_file(http, org, name: str, data: bytes):
    upload = io.BytesIO(data)
    upload.name = name
    return http.post(reverse("import_upload"), {"team": org.team_a.pk, "file": upload})


def test_upload_check_confirm_undo(org, as_persona) -> None:
    http = as_persona("team_lead")
    response = post_file(http, org, "liste.csv", CSV)
    run = ImportRun.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "import_run", args=[run.pk]
    )
    page = http.get(response["Location"]).content.decode()
    assert "Kaya, Ali" in page or "Kaya" in page  # the report names the row for the team lead
    assert 'data-testid="import-confirm"' in page
    assert run.to_create == 1 and run.errors == 1
    response = http.post(reverse("import_confirm", args=[run.pk]))
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.state == ImportState.DONE and run.created == 1
    page = http.get(reverse("import_run", args=[run.pk])).content.decode()
    assert 'data-testid="import-undo"' in page and "Kaya" not in page  # rows are gone
    progress = http.get(reverse("import_progress", args=[run.pk]), HTTP_HX_REQUEST="true")
    assert progress.status_code == 200 and progress["HX-Refresh"] == "true"
    client_pk = ImportedRecord.objects.get(run=run).client_id
    http.post(reverse("import_undo", args=[run.pk]))  # not confirmed: nothing happens
    assert Client.objects.filter(pk=client_pk).exists()
    http.post(reverse("import_undo", args=[run.pk]), {"confirm": "yes"})
    assert not Client.objects.filter(pk=client_pk).exists()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("liste.xlsx", b"PK\x03\x04kaputt", "beschädigt"),
        ("bild.png", b"\x89PNG\r\n", "Excel-Dateien"),
    ],
)
def test_bad_file_shows_a_clear_german_message(org, as_persona, name, data, message) -> None:
    http = as_persona("team_lead")
    http.cookies["django_language"] = "de"
    response = post_file(http, org, name, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ImportRun.objects.exists()


def test_too_large_upload(org, as_persona, settings) -> None:
    settings.LOTSE_IMPORT_MAX_BYTES = 100
    response = post_file(as_persona("team_lead"), org, "liste.csv", CSV * 10)
    assert response.status_code == 200 and not ImportRun.objects.exists()


def test_template_is_a_german_excel_file_the_import_reads(org, as_persona) -> None:
    response = as_persona("team_lead").get(reverse("import_template"))
    book = load_workbook(io.BytesIO(response.content))
    header = [cell.value for cell in book.active[1]]
    assert header[:3] == ["Nachname", "Vorname", "Geburtsdatum"]
    http = as_persona("team_lead")
    post_file(http, org, "vorlage.xlsx", response.content)
    run = ImportRun.objects.get()
    assert run.to_create == 1 and run.errors == 0, run.report


def test_garbage_posts_give_no_server_error(org, as_persona) -> None:
    http = as_persona("team_lead")
    post_file(http, org, "liste.csv", CSV)
    run = ImportRun.objects.get()
    garbage = {"team": "99999999999999999999", "file": "x", "col_0": "\x01", "col_7": "a" * 5000}
    for name in ("import_upload",):
        assert http.post(reverse(name), garbage).status_code == 200
    for name in ("import_remap", "import_confirm", "import_undo"):
        assert http.post(reverse(name, args=[run.pk]), garbage).status_code < 500


def test_another_teams_lead_gets_404(org, as_persona) -> None:
    http = as_persona("team_lead")
    post_file(http, org, "liste.csv", CSV)
    run = ImportRun.objects.get()
    membership = Membership.objects.get(user=org.users["team_lead"])
    membership.team = org.team_b
    membership.save()
    assert membership.role == Role.TEAM_LEAD
    assert http.get(reverse("import_run", args=[run.pk])).status_code == 404


def test_counsellor_is_refused(org, as_persona) -> None:
    http = as_persona("counsellor")
    assert post_file(http, org, "liste.csv", CSV).status_code == 403
    assert not ImportRun.objects.exists()


def test_one_gigabyte_request_is_refused_before_reading_it(org, as_persona) -> None:
    response = as_persona("team_lead").post(
        reverse("import_upload"),
        data=b"x" * 10,
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(1024**3),
    )
    assert response.status_code == 413
    assert "larger than 10 MB" in response.content.decode() or "größer" in response.content.decode()
    assert not ImportRun.objects.exists()


def test_columns_not_taken_over_are_named(org, as_persona) -> None:
    http = as_persona("team_lead")
    data = csv_bytes(["Nachname;Vorname;Berater/in;Leistung", "Kaya;Ali;Frau Weber;MBE"])
    response = post_file(http, org, "liste.csv", data)
    page = http.get(response["Location"]).content.decode()
    assert "Nicht übernommen: Berater/in, Leistung." in page


@pytest.mark.parametrize(("kind", "title"), [("contacts", "Beratungskontakte"), ("cases", "Fälle")])
def test_each_kind_has_its_template_and_is_chosen_on_the_upload_page(
    org, as_persona, kind, title
) -> None:
    http = as_persona("team_lead")
    page = http.get(reverse("import_upload")).content.decode()
    assert f'<option value="{kind}"' in page and f"?kind={kind}" in page
    response = http.get(reverse("import_template") + f"?kind={kind}")
    book = load_workbook(io.BytesIO(response.content))
    assert book.active.title == title
    assert book.active["A1"].value == "Aktenzeichen"
    # The template's invented file number is no file of the team: reported, nothing made.
    upload = io.BytesIO(response.content)
    upload.name = "vorlage.xlsx"
    response = http.post(
        reverse("import_upload"), {"team": org.team_a.pk, "kind": kind, "file": upload}
    )
    run = ImportRun.objects.get()
    assert run.kind == kind and (run.to_create, run.errors) == (0, 1)
    page = http.get(response["Location"]).content.decode()
    assert "Keine Akte mit diesem Aktenzeichen in Ihrem Team." in page
    assert 'data-testid="import-kind"' in page


def test_contacts_through_the_pages_then_undone(org, as_persona) -> None:
    http = as_persona("team_lead")
    data = csv_bytes(
        [
            "Aktenzeichen;Datum;Dauer;Form;Themen",
            f"{org.client_a.file_number};03.02.2025;40;Telefon;Wohnungssuche",
        ]
    )
    upload = io.BytesIO(data)
    upload.name = "kontakte.csv"
    response = http.post(
        reverse("import_upload"), {"team": org.team_a.pk, "kind": "contacts", "file": upload}
    )
    page = http.get(response["Location"]).content.decode()
    assert org.client_a.file_number in page  # the report names the file for the team lead
    run = ImportRun.objects.get()
    http.post(reverse("import_confirm", args=[run.pk]))
    record = ImportedRecord.objects.get(run=run)
    assert record.contact.client_id == org.client_a.pk and record.client_id is None
    page = http.get(reverse("import_run", args=[run.pk])).content.decode()
    assert "1 Beratungskontakt wurde eingetragen." in page
    http.post(reverse("import_undo", args=[run.pk]), {"confirm": "yes"})
    run.refresh_from_db()
    assert run.state == ImportState.UNDONE and not org.client_a.contacts.exists()
