"""Consent form and data-protection sheet as PDF in every document language (issue #3 §5)."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
from collections.abc import Callable
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import override_settings
from django.utils import translation

from lotse.documents import rendering
from lotse.documents.rendering import (
    CONSENT_FORM_TEMPLATE,
    DOCUMENT_LANGUAGES,
    PRIVACY_NOTICE_TEMPLATE,
    RTL_LANGUAGES,
    ResourceRefused,
    StaticFileFetcher,
    consent_form_pdf,
    format_document_date,
    privacy_notice_pdf,
    render_html,
    render_pdf,
    static_base_url,
)

DOCUMENT_DATE = date(2026, 11, 25)

# Names without lam ligatures: pdftotext spells ligature glyphs backwards in right-to-left
# text ("ليلى" comes out as "ليىل"), although the PDF shows them correctly.
CLIENT_NAMES = {
    "de": "Amina Yılmaz",
    "en": "Amina Yılmaz",
    "ar": "فاطمة حسين",
    "fa": "زهرا محمدی",
    "tr": "Ayşe Öztürk",
    "fr": "Aïssatou Diallo",
    "ru": "Ольга Петрова",
    "uk": "Олена Коваленко",
}

# One known phrase per language and document (again without lam ligatures for ar/fa).
PHRASES = {
    "consent": {
        "de": "Einwilligung in die Nutzung Ihrer Daten",
        "en": "Consent to the use of your data",
        "ar": "توقيعكم",
        "fa": "امضای شما",
        "tr": "Verilerinizin kullanılmasına onay",
        "fr": "Consentement à l’utilisation de vos données",
        "ru": "Согласие на использование Ваших данных",
        "uk": "Згода на використання Ваших даних",
    },
    "privacy": {
        "de": "Informationen zum Datenschutz",
        "en": "Information about data protection",
        "ar": "حقوقكم",
        "fa": "حقوق شما",
        "tr": "Veri koruma hakkında bilgi",
        "fr": "Informations sur la protection des données",
        "ru": "Информация о защите данных",
        "uk": "Інформація про захист даних",
    },
}

EXPECTED_DATES = {
    "de": "25.11.2026",
    "en": "25/11/2026",
    "ar": "25/11/2026",
    "fa": "2026/11/25",
    "tr": "25.11.2026",
    "fr": "25/11/2026",
    "ru": "25.11.2026",
    "uk": "25.11.2026",
}

BUILDERS: dict[str, Callable[[dict[str, Any], str], bytes]] = {
    "consent": consent_form_pdf,
    "privacy": privacy_notice_pdf,
}
TEMPLATES = {"consent": CONSENT_FORM_TEMPLATE, "privacy": PRIVACY_NOTICE_TEMPLATE}

BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
ARABIC_LETTER = re.compile("[\u0620-\u064a\u0671-\u06d3]")
PNG_1X1 = (
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChw"
    "GA60e6kgAAAABJRU5ErkJggg=="
)


def build_context(language: str = "de", **changes: Any) -> dict[str, Any]:
    context: dict[str, Any] = {
        "centre": {
            "name": "Migrationsberatung für Erwachsene (MBE) Neukölln",
            "street": "Karl-Marx-Straße 12",
            "postal_code": "12043",
            "city": "Berlin",
            "phone": "+49 30 1234567",
            "email": "mbe-neukoelln@awo-beispiel.de",
            "office_hours": "Mo, Di, Do 9–12 Uhr\nMi 14–17 Uhr",
            "provider_name": "AWO Kreisverband Beispielstadt e. V.",
        },
        "client": {
            "display_name": CLIENT_NAMES[language],
            "file_number": "MBE-2026-0042",
            "birth_date": date(1988, 3, 7),
        },
        "counsellor_name": "Jana Schulz",
        "date": DOCUMENT_DATE,
        "scope": {
            "storage": True,
            "share_with_partners": True,
            "contact_phone": False,
            "contact_email": True,
        },
        "partners": ["Jobcenter Berlin Neukölln", "Volkshochschule Neukölln"],
        "retention_years": 3,
        "dpo_contact": "Datenschutzbeauftragte der AWO\ndatenschutz@awo-beispiel.de",
    }
    context.update(changes)
    return context


def pdf_text(pdf: bytes) -> str:
    """pdftotext's reading, without the bidi marks it adds and with single spaces."""
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "pdftotext is missing: install Debian's poppler-utils."
    result = subprocess.run(  # noqa: S603 - fixed program, our own PDF on stdin
        [pdftotext, "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    )
    text = BIDI_CONTROLS.sub("", result.stdout.decode("utf-8"))
    return re.sub(r"\s+", " ", text)


@cache
def rendered(document: str, language: str) -> tuple[bytes, str]:
    pdf = BUILDERS[document](build_context(language), language)
    return pdf, pdf_text(pdf)


def html(document: str, language: str, **changes: Any) -> str:
    return render_html(
        template=TEMPLATES[document], context=build_context(language, **changes), language=language
    )


# --- every language, both documents -----------------------------------------------------


@pytest.mark.parametrize("document", ["consent", "privacy"])
@pytest.mark.parametrize("language", DOCUMENT_LANGUAGES)
def test_pdf_in_every_language(document: str, language: str) -> None:
    pdf, text = rendered(document, language)
    assert pdf.startswith(b"%PDF-")
    assert PHRASES[document][language] in text
    assert CLIENT_NAMES[language] in text
    assert format_document_date(DOCUMENT_DATE, language) in text
    assert "MBE-2026-0042" in text
    assert "+49 30 1234567" in text


def test_languages_match_the_settings() -> None:
    assert [code for code, _ in settings.DOCUMENT_LANGUAGES] == DOCUMENT_LANGUAGES
    assert set(settings.LANGUAGES_RTL) == RTL_LANGUAGES


@pytest.mark.parametrize("language", DOCUMENT_LANGUAGES)
def test_dates_are_numeric_in_the_usual_order(language: str) -> None:
    assert format_document_date(DOCUMENT_DATE, language) == EXPECTED_DATES[language]


@pytest.mark.parametrize("document", ["consent", "privacy"])
@pytest.mark.parametrize("language", sorted(RTL_LANGUAGES))
def test_arabic_script_documents_run_right_to_left(document: str, language: str) -> None:
    page = html(document, language)
    assert f'<html lang="{language}" dir="rtl">' in page
    # Numbers and addresses are isolated left-to-right runs: "+49 30 1234567", not "1234567 30 49+".
    assert "\u2066+49 30 1234567\u2069" in page
    _, text = rendered(document, language)
    assert len(ARABIC_LETTER.findall(text)) > 200


@pytest.mark.parametrize("language", ["de", "en", "tr", "ru"])
def test_other_documents_run_left_to_right(language: str) -> None:
    page = html("consent", language)
    assert f'<html lang="{language}" dir="ltr">' in page
    assert "\u2066" not in page


def test_farsi_uses_persian_letters() -> None:
    _, text = rendered("privacy", "fa")
    assert "ی" in text and "ک" in text
    assert "ي" not in text and "ك" not in text


def test_page_numbers_in_the_document_language() -> None:
    assert "Seite 1 von 2" in rendered("consent", "de")[1]
    assert "Seite 2 von 2" in rendered("consent", "de")[1]
    assert "Sayfa 1 / 2" in rendered("consent", "tr")[1]
    assert "Страница 1 из" in rendered("privacy", "ru")[1]


def test_german_consent_form_content() -> None:
    _, text = rendered("consent", "de")
    for phrase in (
        "Migrationsberatung für Erwachsene (MBE) Neukölln",
        "Karl-Marx-Straße 12, 12043 Berlin",
        "mbe-neukoelln@awo-beispiel.de",
        "Mo, Di, Do 9–12 Uhr",
        "Geburtsdatum 07.03.1988",
        "Jana Schulz",
        "Die Beratungsstelle darf meine Daten in meiner Beratungsakte speichern.",
        "Jobcenter Berlin Neukölln",
        "Sie können Ihre Einwilligung jederzeit zurücknehmen.",
        "Ort, Datum",
        "Ihre Unterschrift",
        "Unterschrift Berater:in",
    ):
        assert phrase in text


def test_german_privacy_notice_content() -> None:
    _, text = rendered("privacy", "de")
    for phrase in (
        "AWO Kreisverband Beispielstadt e. V. ist für Ihre Daten verantwortlich.",
        "Artikel 13 der Datenschutz-Grundverordnung",
        "3 Jahre später löschen wir alle Ihre Daten.",
        "Auskunft",
        "Korrektur",
        "Löschung",
        "Widerruf",
        "Aufsichtsbehörde für Datenschutz",
        "datenschutz@awo-beispiel.de",
        "Sie haben diese Partner genannt: • Jobcenter Berlin Neukölln",
    ):
        assert phrase in text


def test_scope_boxes_are_ticked_as_chosen() -> None:
    page = html("consent", "de")
    assert 'class="box checked" data-scope="storage"' in page
    assert 'class="box checked" data-scope="share_with_partners"' in page
    assert 'class="box" data-scope="contact_phone"' in page
    assert 'class="box checked" data-scope="contact_email"' in page
    nothing = html("consent", "de", scope={})
    assert "box checked" not in nothing
    assert nothing.count('class="box"') == 4


def test_optional_parts() -> None:
    client = {"display_name": "P-17", "file_number": "", "birth_date": None}
    page = html("consent", "de", client=client, partners=[])
    assert "Geburtsdatum" not in page
    assert "Aktenzeichen" not in page
    assert "Es sind keine Partner genannt." in page
    notice = html("privacy", "de", partners=[])
    assert "Sie haben diese Partner genannt" not in notice


@pytest.mark.parametrize(
    ("language", "years", "phrase"),
    [
        ("de", 1, "1 Jahr später löschen wir"),
        ("de", 3, "3 Jahre später löschen wir"),
        ("ru", 2, "Через 2 года после этого"),
        ("ru", 5, "Через 5 лет после этого"),
        ("uk", 21, "Через 21 рік після цього"),
        ("fr", 1, "1 an plus tard"),
        ("ar", 2, "بعد سنتين"),
        ("ar", 3, "بعد 3 سنوات"),
    ],
)
def test_retention_period_comes_from_the_context(language: str, years: int, phrase: str) -> None:
    assert phrase in html("privacy", language, retention_years=years)


def test_context_values_are_escaped() -> None:
    client = {"display_name": "<b>Eve</b>", "file_number": "1", "birth_date": None}
    page = html("consent", "de", client=client, partners=["<script>x</script>"])
    assert "<b>Eve</b>" not in page and "&lt;b&gt;Eve&lt;/b&gt;" in page
    assert "<script>" not in page


def test_pdf_is_tagged_for_screen_readers() -> None:
    pdfinfo = shutil.which("pdfinfo")
    assert pdfinfo, "pdfinfo is missing: install Debian's poppler-utils."
    pdf, _ = rendered("consent", "ar")
    info = subprocess.run(  # noqa: S603 - fixed program, our own PDF on stdin
        [pdfinfo, "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode("utf-8")
    assert re.search(r"^Tagged:\s+yes$", info, flags=re.MULTILINE)
    assert re.search(r"^Page size:.*\(A4\)$", info, flags=re.MULTILINE)


def test_ui_language_is_left_alone() -> None:
    with translation.override("en"):
        consent_form_pdf(build_context("ar"), "ar")
        assert translation.get_language() == "en"


@pytest.mark.parametrize("language", ["xx", "", "EN", "de-DE", "pt"])
def test_unknown_language_is_refused(language: str) -> None:
    with pytest.raises(ValueError, match="Unknown document language"):
        consent_form_pdf(build_context(), language)
    with pytest.raises(ValueError, match="Unknown document language"):
        render_pdf(template=PRIVACY_NOTICE_TEMPLATE, context=build_context(), language=language)
    with pytest.raises(ValueError, match="Unknown document language"):
        format_document_date(DOCUMENT_DATE, language)


def test_incomplete_context_is_refused() -> None:
    context = build_context()
    del context["retention_years"]
    with pytest.raises(ValueError, match="retention_years"):
        privacy_notice_pdf(context, "de")
    with pytest.raises(ValueError, match="Unknown consent scope"):
        consent_form_pdf(build_context(scope={"post": True}), "de")


# --- resources: only our static files and data: URIs --------------------------------------


def test_fetcher_serves_the_print_stylesheet_and_data_uris() -> None:
    fetcher = StaticFileFetcher()
    response = fetcher(static_base_url() + "documents/print.css")
    assert response.content_type == "text/css"
    assert b"@page" in response.read()
    assert fetcher(PNG_1X1).read().startswith(b"\x89PNG")


@pytest.mark.parametrize(
    "url",
    [
        "http://example.org/x.png",
        "https://example.org/static/documents/print.css",
        "file:///etc/passwd",
        "FILE:///etc/passwd",
        "ftp://example.org/x.png",
        "https://documents.lotse.invalid/etc/passwd",
        "https://documents.lotse.invalid/static/documents/%2e%2e/%2e%2e/settings.py",
        "https://documents.lotse.invalid/static/documents/missing.css",
        # A real static file, but not one of this app's.
        "https://documents.lotse.invalid/static/lotse/lotse.css",
    ],
)
def test_fetcher_refuses_everything_else(url: str) -> None:
    with pytest.raises(ResourceRefused):
        StaticFileFetcher()(url)


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    attempts: list[object] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(args)
        raise AssertionError("a document tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return attempts


@pytest.fixture
def template_dir(tmp_path: Path):
    engine = {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    with override_settings(TEMPLATES=[engine]):
        yield tmp_path


PAGE = (
    '<!DOCTYPE html><html lang="de"><head><meta charset="utf-8">'
    '<link rel="stylesheet" href="documents/print.css">{head}</head>'
    "<body><p>Hallo</p>{body}</body></html>"
)


@pytest.mark.parametrize(
    ("head", "body"),
    [
        ("", '<img src="http://example.org/x.png" alt="">'),
        ("", '<img src="file:///etc/passwd" alt="">'),
        ("", '<img src="/etc/passwd" alt="">'),
        ('<link rel="stylesheet" href="https://example.org/evil.css">', ""),
        ("<style>@import url(http://example.org/evil.css);</style>", ""),
        ("<style>p { background: url(file:///etc/passwd) }</style>", ""),
    ],
)
def test_documents_with_outside_resources_are_refused(
    template_dir: Path, no_network: list[object], head: str, body: str
) -> None:
    """Refusing is loud on purpose: a document that needs the outside is a bug."""
    (template_dir / "outside.html").write_text(PAGE.format(head=head, body=body), encoding="utf-8")
    with pytest.raises(ResourceRefused):
        render_pdf(template="outside.html", context={}, language="de")
    assert no_network == []


def test_document_with_data_uri_renders(template_dir: Path, no_network: list[object]) -> None:
    body = f'<img src="{PNG_1X1}" alt="Logo">'
    (template_dir / "inline.html").write_text(PAGE.format(head="", body=body), encoding="utf-8")
    pdf = render_pdf(template="inline.html", context={}, language="de")
    assert pdf.startswith(b"%PDF-")
    assert "Hallo" in pdf_text(pdf)
    assert no_network == []


def test_unreadable_static_file_is_an_ordinary_exception(monkeypatch: pytest.MonkeyPatch) -> None:
    """WeasyPrint's fatal fetch error is a BaseException; callers get ResourceRefused instead."""

    def unreadable(url: str) -> Path:
        raise PermissionError(url)

    monkeypatch.setattr(rendering, "static_file_for", unreadable)
    with pytest.raises(ResourceRefused) as caught:
        consent_form_pdf(build_context(), "de")
    assert isinstance(caught.value.__cause__, PermissionError)
