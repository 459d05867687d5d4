"""Letters through the pages: writing one, refusals, template uploads, audit (mass letters:
test_mass.py)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lotse.audit.models import AuditEntry
from lotse.clientdocs.models import ClientDocument
from lotse.clientdocs.services import document_content
from lotse.letters.models import LetterTemplate
from lotse.letters.services import install_defaults
from lotse_testing import make_consent

from .helpers import docx_text, docx_with, pdf_text

pytestmark = pytest.mark.django_db


def _template(org, kind: str) -> LetterTemplate:
    install_defaults(org.centre)
    return LetterTemplate.objects.get(centre=org.centre, kind=kind)


def _with_address(client, address: str = "Sonnenallee 5\n12045 Berlin"):
    client.address = address
    client.save()
    return client


def test_a_letter_is_downloaded_stored_in_the_documents_and_audited(org, as_persona) -> None:
    _with_address(org.client_a)
    template = _template(org, "attendance_confirmation")
    url = reverse("letters_client_letter", kwargs={"client_id": org.client_a.pk})
    response = as_persona("counsellor").post(
        url, {"template": template.pk, "language": "de", "output": "docx"}
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Amira Haddad" in docx_text(response.content)
    (document,) = ClientDocument.objects.filter(client=org.client_a, kind="letter")
    assert document.title == template.name
    assert document_content(document) == response.content  # stored encrypted, read back
    actions = set(
        AuditEntry.objects.filter(client_id=org.client_a.pk).values_list("action", flat=True)
    )
    assert {"document.generated", "letter.written"} <= actions


def test_the_pdf_letter_in_the_clients_language_by_default(org, as_persona) -> None:
    _with_address(org.client_a)
    org.client_a.document_language = "ar"
    org.client_a.save()
    url = reverse("letters_client_letter", kwargs={"client_id": org.client_a.pk})
    http = as_persona("counsellor")
    page = http.get(url)
    assert page.context["form"]["language"].value() == "ar"
    template = _template(org, "appointment_invitation")
    response = http.post(url, {"template": template.pk, "language": "ar", "output": "pdf"})
    assert response.content.startswith(b"%PDF")
    assert "Amira Haddad" in pdf_text(response.content)


def test_a_letter_without_an_address_is_refused(org, as_persona) -> None:
    template = _template(org, "attendance_confirmation")
    url = reverse("letters_client_letter", kwargs={"client_id": org.client_a.pk})
    response = as_persona("counsellor").post(
        url, {"template": template.pk, "language": "de", "output": "pdf"}
    )
    assert response.status_code == 422
    assert not ClientDocument.objects.filter(client=org.client_a).exists()


def test_the_authority_letter_needs_consent_for_that_partner(org, as_persona) -> None:
    template = _template(org, "authority_letter")
    consent = make_consent(org, partners="Jobcenter Musterstadt")
    named = consent.partner_links.get()
    other = named.__class__.objects.create(
        centre=org.centre, name="Ausländerbehörde", tier="mandatory", category="other"
    )
    url = reverse("letters_client_letter", kwargs={"client_id": org.client_a.pk})
    http = as_persona("counsellor")
    refused = http.post(
        url, {"template": template.pk, "language": "de", "output": "pdf", "partner": other.pk}
    )
    assert refused.status_code == 422
    assert "Ausländerbehörde" in refused.context["error"]
    assert not ClientDocument.objects.filter(client=org.client_a).exists()
    written = http.post(
        url, {"template": template.pk, "language": "de", "output": "pdf", "partner": named.pk}
    )
    assert written.status_code == 200
    assert "Jobcenter Musterstadt" in pdf_text(written.content)


def test_read_only_counsellor_and_stranger_cannot_write_letters(org, as_persona) -> None:
    template = _template(org, "attendance_confirmation")
    url = reverse("letters_client_letter", kwargs={"client_id": org.client_a.pk})
    data = {"template": template.pk, "language": "de", "output": "pdf"}
    assert as_persona("reader").post(url, data).status_code == 403
    assert as_persona("stranger").post(url, data).status_code == 404
    assert as_persona("admin").post(url, data).status_code == 404


def test_a_team_lead_uploads_a_version_and_an_unknown_placeholder_is_named(org, as_persona) -> None:
    template = _template(org, "missing_documents")
    url = reverse("letters_version_upload", kwargs={"template_id": template.pk})
    http = as_persona("team_lead")
    bad = SimpleUploadedFile("brief.docx", docx_with("Hallo {{ client_nmae }}"))
    refused = http.post(url, {"language": "de", "file": bad})
    assert refused.status_code == 200
    assert "{{ client_nmae }}" in refused.content.decode()
    good = SimpleUploadedFile("brief.docx", docx_with("Hallo {{ client_name }}, neu."))
    assert http.post(url, {"language": "de", "file": good}).status_code == 302
    active = template.versions.get(language="de", active=True)
    assert active.number == 2 and active.uploaded_by == org.users["team_lead"]
    assert template.versions.filter(language="de").count() == 2
    counsellor = SimpleUploadedFile("brief.docx", docx_with("{{ client_name }}"))
    assert (
        as_persona("counsellor").post(url, {"language": "de", "file": counsellor}).status_code
        == 403
    )


def test_the_preview_uses_demo_data_only(org, as_persona) -> None:
    template = _template(org, "attendance_confirmation")
    version = template.versions.get(language="de")
    response = as_persona("counsellor").get(
        reverse("letters_version_preview", kwargs={"version_id": version.pk})
    )
    text = pdf_text(response.content)
    assert "Amina Beispiel" in text
    assert "Amira Haddad" not in text


def test_the_shipped_templates_are_set_up_on_first_use(org, as_persona) -> None:
    http = as_persona("counsellor")
    assert http.get(reverse("letters_template_list")).context["centres_without"]
    assert http.post(reverse("letters_install_defaults")).status_code == 302
    assert LetterTemplate.objects.filter(centre=org.centre).count() == 4
