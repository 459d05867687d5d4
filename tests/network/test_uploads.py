"""Signed agreements: PDF by content, size limit, no path tricks, stored outside the web root,
served only through the access-checked view."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils.translation import override

from lotse.common.errors import DomainError
from lotse.network import uploads
from lotse.network.models import CooperationAgreement
from lotse.organisation.models import Centre
from network.samples import make_agreement, make_partner, minimal_pdf, pdf_upload

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("vereinbarung.pdf", "vereinbarung.pdf"),
        ("Vereinbarung Jobcenter 2026.PDF", "Vereinbarung Jobcenter 2026.pdf"),
        ("scan", "scan.pdf"),
        ("Übereinkunft – Kita.pdf", "Übereinkunft – Kita.pdf"),
    ],
)
def test_plain_file_names_are_kept_for_display(name: str, shown: str) -> None:
    assert uploads.display_name_for(name) == shown


@pytest.mark.parametrize(
    "name",
    [
        "../../etc/passwd.pdf",
        "..\\..\\boot.ini.pdf",
        "/etc/passwd.pdf",
        "..%2F..%2Fsettings.pdf",
        "%2e%2e%2fsecret.pdf",
        "C:agreement.pdf",
        "..",
        ".htaccess.pdf",
        "agree\x00ment.pdf",
        "agree\u202ement.pdf",
        "",
    ],
)
def test_path_tricks_in_file_names_are_refused(name: str) -> None:
    with pytest.raises(DomainError):
        uploads.display_name_for(name)


def test_pdf_content_is_checked_not_the_name() -> None:
    uploads.check_pdf_bytes(minimal_pdf())
    for fake in [b"MZ\x90\x00 this is an exe", b"<html><script>alert(1)</script></html>", b"%PDF-"]:
        with pytest.raises(DomainError):
            uploads.check_pdf_bytes(fake)


def test_a_pdf_header_with_garbage_behind_it_is_refused() -> None:
    with override("en"), pytest.raises(DomainError, match="damaged"):
        uploads.check_pdf_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 50 + b"\n%%EOF\n")


def test_upload_is_stored_under_a_random_name_outside_the_web_root(upload_dir: Path, org) -> None:
    agreement = make_agreement(org)
    stored = upload_dir / "agreements" / agreement.document_file
    assert stored.read_bytes() == minimal_pdf()
    assert agreement.document_name == "vereinbarung.pdf"
    assert agreement.document_file != "vereinbarung.pdf" and len(agreement.document_file) == 36
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600
    assert not stored.resolve().is_relative_to(Path(settings.STATIC_ROOT).resolve())
    assert agreement.document_size == len(minimal_pdf())


def test_stored_names_from_the_database_are_checked_again() -> None:
    for bad in ["../../settings.py", "x.pdf", "/etc/passwd"]:
        with pytest.raises(FileNotFoundError):
            uploads.stored_path(bad)


def post_agreement(http, partner_id: int, upload: SimpleUploadedFile):
    return http.post(
        reverse("network_agreement_create", kwargs={"partner_id": partner_id}),
        {"title": "Kooperation Kita", "valid_from": "01.02.2026", "document": upload},
    )


def test_a_disguised_non_pdf_is_rejected_with_a_clear_message(org, as_persona) -> None:
    partner = make_partner(org)
    fake = SimpleUploadedFile("vertrag.pdf", b"MZ\x90\x00\x03 not a pdf at all", "application/pdf")
    response = post_agreement(as_persona("counsellor"), partner.pk, fake)
    assert response.status_code == 200
    assert "kein PDF" in response.content.decode() or "not a PDF" in response.content.decode()
    assert 'value="Kooperation Kita"' in response.content.decode()  # nothing typed is lost
    assert not CooperationAgreement.objects.exists()


def test_an_oversized_file_is_rejected_with_a_clear_message(org, as_persona, upload_dir) -> None:
    partner = make_partner(org)
    with override_settings(LOTSE_UPLOAD_MAX_BYTES=1024):
        big = pdf_upload(data=minimal_pdf() + b"%" + b"x" * 2048 + b"\n%%EOF\n")
        response = post_agreement(as_persona("counsellor"), partner.pk, big)
    page = response.content.decode()
    assert response.status_code == 200
    assert "1,0\xa0KB" in page  # "Die Datei ist größer als 1,0 KB …"
    assert not CooperationAgreement.objects.exists()
    assert not (upload_dir / "agreements").exists() or not any(
        (upload_dir / "agreements").iterdir()
    )


def test_a_path_traversal_file_name_is_rejected_with_a_clear_message(
    org, as_persona, upload_dir
) -> None:
    partner = make_partner(org)
    # Django's parser already drops "../" parts; an encoded traversal survives it and is refused.
    response = post_agreement(
        as_persona("counsellor"), partner.pk, pdf_upload("..%2F..%2Fsettings.pdf")
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "..%2F..%2Fsettings.pdf" in page
    assert not CooperationAgreement.objects.exists()
    assert not (upload_dir / "agreements").exists() or not any(
        (upload_dir / "agreements").iterdir()
    )


def test_a_valid_pdf_is_saved_and_served_only_through_the_checked_view(org, as_persona) -> None:
    partner = make_partner(org)
    response = post_agreement(as_persona("counsellor"), partner.pk, pdf_upload("Kita Vertrag.pdf"))
    assert response.status_code == 302
    agreement = CooperationAgreement.objects.get()
    url = reverse("network_agreement_document", kwargs={"agreement_id": agreement.pk})
    download = as_persona("coordinator").get(url)
    assert download.status_code == 200
    assert download.content == minimal_pdf()
    assert download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"].startswith("attachment;")
    assert "Kita Vertrag.pdf" in download["Content-Disposition"]
    assert as_persona("statistics").get(url).status_code == 403
    assert as_persona("anonymous").get(url).status_code == 302


def test_staff_of_another_centre_get_404_for_the_document(org, as_persona) -> None:
    agreement = make_agreement(org)
    url = reverse("network_agreement_document", kwargs={"agreement_id": agreement.pk})
    other = Centre.objects.create(provider=org.provider, name="Andere Stelle", statistics_id="t-2")
    org.team_b.service.centre = other
    org.team_b.service.save()
    assert as_persona("stranger").get(url).status_code == 404
    assert as_persona("counsellor").get(url).status_code == 200


def test_replacing_the_document_removes_the_old_file(
    org, as_persona, upload_dir, django_capture_on_commit_callbacks
) -> None:
    agreement = make_agreement(org)
    old = upload_dir / "agreements" / agreement.document_file
    url = reverse("network_agreement_edit", kwargs={"agreement_id": agreement.pk})
    data = {
        "title": agreement.title,
        "valid_from": agreement.valid_from.strftime("%d.%m.%Y"),
        "version": agreement.version,
        "document": pdf_upload("neu.pdf", minimal_pdf("Neue Fassung")),
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = as_persona("counsellor").post(url, data)
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.document_name == "neu.pdf"
    assert (upload_dir / "agreements" / agreement.document_file).exists()
    assert not old.exists()
