"""Letters (issue #17 §2): placeholder checks, the context, Word and PDF output, right-to-left."""

from __future__ import annotations

import zipfile
from datetime import date, datetime, time, timedelta
from io import BytesIO, StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.utils import timezone

from cases.samples import sample_goal
from lotse.appointments.models import Appointment
from lotse.common.errors import DomainError
from lotse.letters.models import LetterTemplate
from lotse.letters.placeholders import PLACEHOLDERS
from lotse.letters.services import (
    check_template,
    install_defaults,
    letter_context,
    pdf_engine,
    render_docx,
    render_pdf,
    version_for,
)
from lotse.letters.services.render import letter_html
from lotse.letters.services.templates import DATA_DIR

from .helpers import docx_text, docx_with, pdf_text

pytestmark = pytest.mark.django_db


def template(org, kind: str) -> LetterTemplate:
    install_defaults(org.centre)
    return LetterTemplate.objects.get(centre=org.centre, kind=kind)


def test_an_unknown_placeholder_is_refused_by_name() -> None:
    with pytest.raises(DomainError) as refused:
        check_template(docx_with("Guten Tag {{ client_name }}", "Konto: {{ bank_account }}"))
    assert "{{ bank_account }}" in str(refused.value.message)
    assert "client_name" in str(refused.value.message)  # the allowed list is named too


@pytest.mark.parametrize(
    "data",
    [b"%PDF-1.7 not a word file", b"PK\x03\x04 broken zip", b""],
)
def test_what_is_not_a_word_file_is_refused(data: bytes) -> None:
    with pytest.raises(DomainError):
        check_template(data)


def test_a_template_reaching_for_python_objects_is_refused() -> None:
    with pytest.raises(DomainError):
        check_template(docx_with("{{ client_name.__class__.__mro__[1].__subclasses__() }}"))


def test_a_broken_placeholder_is_refused_with_a_message() -> None:
    with pytest.raises(DomainError) as refused:
        check_template(docx_with("Guten Tag {{ client_name }"))
    assert "placeholder" in str(refused.value.message) or "Platzhalter" in str(
        refused.value.message
    )


def test_every_shipped_template_passes_the_upload_check() -> None:
    files = sorted(DATA_DIR.glob("*/*.docx"))
    assert len(files) == 13  # 3 client letters × de/ar/tr/uk, the authority letter in German
    for path in files:
        check_template(Path(path).read_bytes())


def test_the_context_has_every_documented_placeholder_and_german_dates(org) -> None:
    goal = sample_goal(org)
    context = letter_context(
        org.client_a, org.users["counsellor"], language="de", on=date(2026, 11, 25)
    )
    assert set(context) == set(PLACEHOLDERS)
    assert context["date"] == "25.11.2026"
    assert context["birth_date"] == "17.05.1980"
    assert context["client_name"] == "Amira Haddad"
    assert context["counsellor"] == org.users["counsellor"].full_name
    assert context["centre_name"] == "Beratungsstelle Test"
    assert goal.label and f"• {goal.label}" in context["case_goals"]
    assert context["next_appointment"] == "nach Vereinbarung"


def test_the_next_booked_appointment_is_in_the_context(org) -> None:
    day = timezone.localdate() + timedelta(days=3)
    Appointment.objects.create(
        centre=org.centre,
        counsellor=org.users["counsellor"],
        client=org.client_a,
        starts_at=datetime.combine(day, time(10, 30), tzinfo=ZoneInfo("Europe/Berlin")),
        created_by=org.users["counsellor"],
    )
    context = letter_context(org.client_a, org.users["counsellor"], language="de")
    assert context["next_appointment"] == f"{day:%d.%m.%Y}, 10:30"


def test_the_word_letter_holds_the_client_name_and_escapes_markup(org) -> None:
    org.client_a.last_name = "Haddad & <Söhne>"
    org.client_a.address = "Karl-Marx-Straße 12\n12043 Berlin"
    version = version_for(template(org, "attendance_confirmation"), "de")
    docx = render_docx(version, letter_context(org.client_a, org.users["counsellor"]))
    text = docx_text(docx)
    assert "Amira Haddad & <Söhne>" in text
    assert "Karl-Marx-Straße 12\n12043 Berlin" in text
    assert "{{" not in text


def test_the_pdf_is_made_by_weasyprint_here_and_holds_the_name(org) -> None:
    assert pdf_engine() == "weasyprint"  # LibreOffice is not installed on the test machine
    version = version_for(template(org, "appointment_invitation"), "de")
    docx = render_docx(version, letter_context(org.client_a, org.users["counsellor"]))
    pdf = render_pdf(docx, language="de")
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    assert "Amira Haddad" in text
    assert "Einladung zu einem Termin" in text


def test_the_arabic_letter_is_right_to_left_with_numbers_isolated(org) -> None:
    version = version_for(template(org, "attendance_confirmation"), "ar")
    assert version.language == "ar"
    context = letter_context(org.client_a, org.users["counsellor"], language="ar")
    docx = render_docx(version, context)
    html = letter_html(docx, "ar", "")
    assert 'dir="rtl"' in html and 'lang="ar"' in html
    assert "تأكيد حضور الاستشارة" in html
    assert '<bdi dir="ltr">17/05/1980</bdi>' in html
    pdf = render_pdf(docx, language="ar")
    text = pdf_text(pdf)
    # pdftotext gives Arabic in visual order: the letters are there, the name too.
    assert any("\u0600" <= char <= "\u06ff" for char in text)
    assert "Amira Haddad" in text


def test_a_language_without_a_version_falls_back_to_german(org) -> None:
    assert version_for(template(org, "authority_letter"), "ar").language == "de"


def test_a_zip_bomb_template_is_refused() -> None:
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>" + " " * (200 * 1024 * 1024))
    with pytest.raises(DomainError):
        check_template(buffer.getvalue())


def test_install_defaults_command_gives_every_centre_the_four_templates(org) -> None:
    out = StringIO()
    call_command("letters", "install-defaults", stdout=out)
    assert "4 letter template(s) installed." in out.getvalue()
    kinds = set(LetterTemplate.objects.filter(centre=org.centre).values_list("kind", flat=True))
    assert kinds == {
        "attendance_confirmation",
        "appointment_invitation",
        "missing_documents",
        "authority_letter",
    }
    call_command("letters", "install-defaults", stdout=out)  # idempotent
    assert LetterTemplate.objects.filter(centre=org.centre).count() == 4


def test_a_german_line_in_an_arabic_letter_keeps_its_order(org) -> None:
    org.centre.street, org.centre.postal_code, org.centre.city = (
        "Karl-Marx-Straße 12",
        "12043",
        "Berlin",
    )
    org.centre.phone = "030 1234567"
    org.centre.save()
    version = version_for(template(org, "missing_documents"), "ar")
    docx = render_docx(
        version, letter_context(org.client_a, org.users["counsellor"], language="ar")
    )
    html = letter_html(docx, "ar", "")
    assert '<p dir="ltr" style="text-align: right">' in html
