"""Reading, downloading and deleting client documents; their part in erasure, retention,
legal hold and subject access."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date

import pytest
from django.urls import reverse

from lotse.clientdocs.models import ClientDocument
from lotse.clients.models import Client
from lotse.common.errors import DomainError
from lotse.privacy import services as privacy
from lotse.privacy.subject_access import subject_access_data
from lotse_testing import PASSWORD

from . import files
from .conftest import actions, post_files, stored_files


@pytest.fixture
def stored(org, as_persona, doc_dir) -> ClientDocument:
    response = post_files(
        as_persona("counsellor"), org, [("bescheid.pdf", files.pdf())], title="Ablehnung"
    )
    assert response.status_code == 302
    return ClientDocument.objects.get(client=org.client_a)


def test_list_shows_documents_with_preview(org, as_persona, stored) -> None:
    response = as_persona("reader").get(reverse("clientdoc_list", args=[org.client_a.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Ablehnung" in page
    assert reverse("clientdoc_preview", args=[stored.pk]) in page
    assert 'data-testid="upload-form"' not in page  # read-only membership: no upload form


def test_download_is_an_audited_attachment_never_rendered(org, as_persona, stored) -> None:
    response = as_persona("counsellor").get(reverse("clientdoc_download", args=[stored.pk]))
    assert response.status_code == 200
    assert response.content == files.pdf()
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert "sandbox" in response["Content-Security-Policy"]
    entries = actions(org)
    assert "document.downloaded" in entries
    assert entries[entries.index("document.downloaded") - 1] == "client.viewed"


def test_preview_is_a_png_rendered_by_the_server(org, as_persona, stored) -> None:
    response = as_persona("team_lead").get(reverse("clientdoc_preview", args=[stored.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response.content.startswith(b"\x89PNG")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "document.previewed" in actions(org)


@pytest.mark.parametrize("view", ["clientdoc_detail", "clientdoc_download", "clientdoc_preview"])
@pytest.mark.parametrize("persona", ["stranger", "coordinator", "statistics", "dpo", "admin"])
def test_other_teams_and_roles_without_client_access_get_404(
    view: str, persona: str, org, as_persona, stored
) -> None:
    before = actions(org).count("document.downloaded")
    response = as_persona(persona).get(reverse(view, args=[stored.pk]))
    assert response.status_code == 404
    assert actions(org).count("document.downloaded") == before


def test_delete_destroys_the_blobs(
    org, as_persona, stored, doc_dir, django_capture_on_commit_callbacks
) -> None:
    assert len(stored_files(doc_dir)) == 2
    with django_capture_on_commit_callbacks(execute=True):
        response = as_persona("counsellor").post(reverse("clientdoc_delete", args=[stored.pk]))
    assert response.status_code == 302
    assert not ClientDocument.objects.filter(pk=stored.pk).exists()
    assert stored_files(doc_dir) == []
    assert "document.deleted" in actions(org)


def test_legal_hold_keeps_documents(org, as_persona, stored, doc_dir) -> None:
    privacy.legal_hold_set(client=org.client_a, reason="Klage anhängig")
    response = as_persona("counsellor").post(reverse("clientdoc_delete", args=[stored.pk]))
    assert response.status_code == 302
    assert ClientDocument.objects.filter(pk=stored.pk).exists()
    assert len(stored_files(doc_dir)) == 2
    with pytest.raises(DomainError):
        privacy.client_erase(client=Client.objects.get(pk=org.client_a.pk))
    assert len(stored_files(doc_dir)) == 2


def test_erasure_destroys_files_and_previews(
    org, stored, doc_dir, django_capture_on_commit_callbacks
) -> None:
    assert len(stored_files(doc_dir)) == 2
    with django_capture_on_commit_callbacks(execute=True):
        summary = privacy.client_erase(client=Client.objects.get(pk=org.client_a.pk))
    assert summary["destroyed"]["client_documents"] == 1
    assert not ClientDocument.objects.filter(client=org.client_a).exists()
    assert stored_files(doc_dir) == []


def test_retention_destroys_the_documents_of_a_due_file(
    org, stored, doc_dir, django_capture_on_commit_callbacks
) -> None:
    Client.objects.filter(pk=org.client_a.pk).update(closed_on=date(2015, 1, 1))
    with django_capture_on_commit_callbacks(execute=True):
        reports = privacy.retention_run(today=date(2026, 6, 1), dry_run=False)
    assert any(org.client_a.file_number in line for r in reports for line in r.done)
    assert stored_files(doc_dir) == []


def test_subject_access_lists_the_documents(org, stored) -> None:
    data = subject_access_data(org.client_a)
    (section,) = [
        rows for name, rows in data["records"].items() if rows and "Ablehnung" in str(rows)
    ]
    record = section[0]
    assert "bescheid.pdf" in record.values()
    assert not any("blob" in str(key) for key in record)


def test_subject_access_archive_holds_the_documents(org, as_persona, stored) -> None:
    http = as_persona("counsellor")
    url = reverse("clientdoc_archive", args=[org.client_a.pk])
    assert http.get(url).status_code == 302  # password first
    http.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    response = http.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = archive.namelist()
    document_names = [n for n in names if n.startswith("dokumente/")]
    assert len(document_names) == 1 and document_names[0].endswith(".pdf")
    assert archive.read(document_names[0]) == files.pdf()
    export = json.loads(archive.read(f"auskunft-{org.client_a.file_number}.json"))
    assert "Ablehnung" in json.dumps(export, ensure_ascii=False)
    assert "client.exported" in actions(org)
