"""Uploading client documents: good files are stored encrypted; every attack is refused with
a clear message and leaves nothing behind (no row, no blob)."""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse
from PIL import Image

from lotse.audit.models import AuditEntry
from lotse.clientdocs.models import ClientDocument
from lotse.clientdocs.services import document_content, document_preview

from . import files
from .conftest import actions, nothing_stored, post_files, stored_files, upload_url


def test_upload_of_several_files_stores_them_encrypted_with_previews(
    org, as_persona, doc_dir
) -> None:
    http = as_persona("counsellor")
    response = post_files(
        http,
        org,
        [("bescheid.pdf", files.pdf()), ("foto.png", files.png()), ("antrag.docx", files.docx())],
        kind="decision",
        document_date="03.11.2026",
        title="",
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    documents = {d.original_name: d for d in ClientDocument.objects.filter(client=org.client_a)}
    assert set(documents) == {"bescheid.pdf", "foto.png", "antrag.docx"}
    pdf_doc = documents["bescheid.pdf"]
    assert pdf_doc.title == "bescheid"
    assert pdf_doc.kind == "decision"
    assert pdf_doc.document_date.isoformat() == "2026-11-03"
    assert document_content(pdf_doc) == files.pdf()
    # On disk only ciphertext: neither the PDF header nor the text appears.
    blobs = stored_files(doc_dir)
    assert len(blobs) == 5  # three files, previews of the PDF and the image
    for blob in blobs:
        raw = blob.read_bytes()
        assert raw.startswith(b"LDOC1")
        assert b"%PDF" not in raw and b"Bescheid" not in raw and b"PNG" not in raw[:16]
        assert blob.stat().st_mode & 0o077 == 0
    preview = document_preview(pdf_doc)
    assert preview is not None and preview.startswith(b"\x89PNG")
    assert documents["antrag.docx"].preview_blob_name == ""
    assert actions(org).count("document.uploaded") == 3


def test_a_blob_moved_to_another_name_no_longer_decrypts(org, as_persona, doc_dir) -> None:
    from lotse.common.crypto import DecryptionError

    post_files(as_persona("counsellor"), org, [("a.png", files.png()), ("b.png", files.png())])
    first, second = ClientDocument.objects.filter(client=org.client_a)
    (doc_dir / first.blob_name).write_bytes((doc_dir / second.blob_name).read_bytes())
    with pytest.raises(DecryptionError):
        document_content(first)


def test_photo_loses_its_location_but_keeps_its_picture(org, as_persona, doc_dir) -> None:
    original = files.jpeg_with_location()
    assert b"PhoneMaker" in original
    response = post_files(as_persona("counsellor"), org, [("IMG_0001.JPG", original)])
    assert response.status_code == 302
    document = ClientDocument.objects.get(client=org.client_a)
    stored = document_content(document)
    assert b"PhoneMaker" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.size == (64, 48)
        assert not image.getexif()


@pytest.fixture
def english(as_persona, org):
    http = as_persona("counsellor")
    http.post(reverse("set_language"), {"language": "en"})
    return http


ATTACKS = {
    "polyglot JPEG/PDF": ("scan.jpg", files.polyglot_jpeg_pdf, "polyglot"),
    "PDF with JavaScript": ("brief.pdf", files.pdf_with_javascript, "JavaScript"),
    "PDF with JavaScript hidden in an object stream": (
        "brief.pdf",
        files.pdf_with_hidden_javascript,
        "JavaScript",
    ),
    "PDF with an embedded file": ("brief.pdf", files.pdf_with_embedded_file, "embedded"),
    "wrong extension": ("bescheid.pdf", files.png, "content is PNG"),
    "executable named PDF": ("bescheid.pdf", lambda: b"MZ\x90\x00" + b"\0" * 200, "not accepted"),
    "HTML named PDF": ("bescheid.pdf", lambda: b"<html><script>alert(1)</script>", "not accepted"),
    "docx with macros": (
        "antrag.docx",
        lambda: files.docx({"word/vbaProject.bin": b"macro"}),
        "macros",
    ),
    "path in the file name": ("../../etc/passwd.png", files.png, "path"),
    "Windows path in the file name": ("..\\..\\boot.png", files.png, "path"),
}


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_attack_is_refused_and_nothing_is_stored(attack: str, org, english, doc_dir) -> None:
    name, make, reason = ATTACKS[attack]
    # A good file beside the bad one: it must not be stored either (all or nothing).
    response = post_files(english, org, [("gut.png", files.png()), (name, make())])
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nothing was stored" in page
    assert reason in page
    assert nothing_stored(org, doc_dir)
    assert "document.refused" in actions(org)
    entry = AuditEntry.objects.filter(client_id=org.client_a.pk, action="document.refused").get()
    assert entry.data["files"] == 2
    assert entry.data["reasons"] and name not in str(entry.data)  # names stay out of the trail


def test_zip_bomb_docx_is_refused(org, english, doc_dir, monkeypatch) -> None:
    # The budget is lowered so the test stays fast; the real one is 200 MB, the principle
    # (inflate and count, never trust the sizes the archive declares) is the same.
    from lotse.clientdocs.services import checks

    monkeypatch.setattr(checks, "MAX_INFLATED_BYTES", 2 * 1024 * 1024)
    bomb = files.zip_bomb_docx(8 * 1024 * 1024)
    assert len(bomb) < 50_000
    response = post_files(english, org, [("antrag.docx", bomb)])
    assert response.status_code == 200
    assert "zip bomb" in response.content.decode()
    assert nothing_stored(org, doc_dir)


def test_oversize_file_is_dropped_while_streaming(org, english, doc_dir, settings) -> None:
    settings.LOTSE_DOCUMENT_MAX_BYTES = 1024 * 1024
    big = files.png() + b"\0" * (1024 * 1024 + 10)
    response = post_files(english, org, [("scan.png", big)])
    assert response.status_code == 200
    assert "larger than 1 MB" in response.content.decode()
    assert nothing_stored(org, doc_dir)


def test_one_gigabyte_request_is_refused_before_reading_it(org, english, doc_dir) -> None:
    body = b"x" * 100  # the request announces 1 GB; the view must not try to read it
    response = english.generic(
        "POST",
        upload_url(org),
        body,
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(1024**3),
    )
    assert response.status_code == 413
    assert "nothing was stored" in response.content.decode()
    assert nothing_stored(org, doc_dir)


def test_refusal_message_is_german_by_default(org, as_persona, doc_dir) -> None:
    response = post_files(as_persona("counsellor"), org, [("bescheid.pdf", files.png())])
    page = response.content.decode()
    assert "wurde abgelehnt" in page
    assert "Nichts wurde gespeichert" in page


def test_virus_scanner_verdict_refuses_the_upload(org, english, doc_dir, settings) -> None:
    import socket
    import threading

    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    settings.LOTSE_CLAMD = f"tcp://127.0.0.1:{server.getsockname()[1]}"
    received = bytearray()

    def fake_clamd() -> None:
        conn, _ = server.accept()
        with conn:
            while not received.endswith(b"\0\0\0\0"):
                chunk = conn.recv(65536)
                if not chunk:
                    break
                received.extend(chunk)
            conn.sendall(b"stream: Eicar-Test-Signature FOUND\0")

    thread = threading.Thread(target=fake_clamd, daemon=True)
    thread.start()
    try:
        response = post_files(english, org, [("foto.png", files.png())])
    finally:
        thread.join(timeout=5)
        server.close()
    assert received.startswith(b"zINSTREAM\0")
    assert "Eicar-Test-Signature" in response.content.decode()
    assert nothing_stored(org, doc_dir)


def test_unreachable_virus_scanner_refuses_rather_than_skips(
    org, english, doc_dir, settings
) -> None:
    settings.LOTSE_CLAMD = "unix:///nonexistent/clamd.ctl"
    response = post_files(english, org, [("foto.png", files.png())])
    assert "cannot be reached" in response.content.decode()
    assert nothing_stored(org, doc_dir)


def test_reader_cannot_upload(org, as_persona, doc_dir) -> None:
    response = post_files(as_persona("reader"), org, [("foto.png", files.png())])
    assert response.status_code == 403
    assert nothing_stored(org, doc_dir)


def test_other_teams_counsellor_gets_404_and_nothing_is_read(org, as_persona, doc_dir) -> None:
    response = post_files(as_persona("stranger"), org, [("foto.png", files.png())])
    assert response.status_code == 404
    assert nothing_stored(org, doc_dir)


def test_heic_photo_from_an_iphone_is_stored_as_jpeg(org, as_persona, doc_dir) -> None:
    response = post_files(as_persona("counsellor"), org, [("IMG_0001.HEIC", files.heic())])
    assert response.status_code == 302
    document = ClientDocument.objects.get(client=org.client_a)
    assert document.content_type == "image/jpeg"
    assert document.extension == "jpg"
    with Image.open(io.BytesIO(document_content(document))) as image:
        assert image.format == "JPEG" and image.size == (32, 24)
    assert document_preview(document) is not None


def test_large_files_never_spool_to_a_plaintext_temporary_file(
    org, as_persona, doc_dir, monkeypatch
) -> None:
    import os

    from django.core.files import uploadhandler

    def no_temporary_file(*args, **kwargs):
        raise AssertionError("an upload was spooled to a temporary file")

    monkeypatch.setattr(uploadhandler, "TemporaryUploadedFile", no_temporary_file)
    noise = Image.frombytes("RGB", (1000, 1000), os.urandom(3_000_000))
    out = io.BytesIO()
    noise.save(out, format="PNG")
    assert len(out.getvalue()) > 2_621_440  # above Django's in-memory limit (2.5 MB)
    response = post_files(as_persona("counsellor"), org, [("scan.png", out.getvalue())])
    assert response.status_code == 302
    assert ClientDocument.objects.filter(client=org.client_a).count() == 1


def test_upload_without_csrf_token_is_refused(org, doc_dir) -> None:
    """The view is csrf_exempt only so that its upload handlers can be set; the inner view
    checks the token."""
    from django.test import Client as HttpClient

    from lotse_testing import sign_in

    http = sign_in(HttpClient(enforce_csrf_checks=True), org.users["counsellor"])
    response = post_files(http, org, [("foto.png", files.png())])
    assert response.status_code == 403
    assert nothing_stored(org, doc_dir)
    page = http.get(reverse("clientdoc_list", args=[org.client_a.pk])).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token is not None
    response = post_files(
        http, org, [("foto.png", files.png())], csrfmiddlewaretoken=token.group(1)
    )
    assert response.status_code == 302
