"""The integration agreement as bilingual PDF: Turkish and Arabic beside German, RTL for Arabic."""

from __future__ import annotations

import ast
import subprocess
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

import lotse
from lotse.audit.models import AuditEntry
from lotse.cases import agreement_document
from lotse.cases.agreement_document import TEMPLATE, agreement_context
from lotse.cases.phases import Phase
from lotse.clients.models import Client
from lotse.documents.rendering import render_html

from .conftest import walk

pytestmark = pytest.mark.django_db

LOCALE_DIR = Path(lotse.__file__).resolve().parent / "locale"
DOCUMENT_LANGUAGES = ["de", "ar", "fa", "tr", "fr", "ru", "uk"]
# Words that are spelt the same in English and in the translation.
SAME_WORD = {"de": {"Name"}, "fr": {"Date", "Signatures"}}


@pytest.fixture(autouse=True)
def compiled_catalogues(monkeypatch: pytest.MonkeyPatch) -> None:
    """Compile the document languages' catalogues when a .mo is missing or older than its .po."""
    stale = []
    for lang in DOCUMENT_LANGUAGES:
        po = LOCALE_DIR / lang / "LC_MESSAGES" / "django.po"
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            stale.append(lang)
    if stale:
        monkeypatch.chdir(LOCALE_DIR)
        call_command("compilemessages", locale=stale, stdout=StringIO())


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "agreement.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(  # noqa: S603 - fixed program, our own file
        ["/usr/bin/pdftotext", "-layout", str(path), "-"], capture_output=True, check=True
    )
    return result.stdout.decode()


@pytest.fixture
def agreement(org, case_a):
    walk(case_a, org, Phase.IMPLEMENTATION)
    return case_a.agreements.get()


def fetch(as_persona, agreement, language: str):
    http = as_persona("counsellor")
    url = reverse("case_agreement_pdf", args=[agreement.case_id, agreement.pk])
    return http.get(url, {"language": language})


@pytest.mark.parametrize(
    ("language", "phrase"),
    [("tr", "Uyum Anlaşması"), ("ar", "أهدافنا")],
)
def test_pdf_in_the_client_language_beside_german(
    org, as_persona, agreement, tmp_path, language, phrase
) -> None:
    Client.objects.filter(pk=org.client_a.pk).update(document_language=language)
    response = fetch(as_persona, agreement, "")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert f"-{language}.pdf" in response["Content-Disposition"]
    text = pdf_text(response.content, tmp_path)
    assert "Amira Haddad" in text
    assert phrase in text
    assert "Integrationsvereinbarung" in text and "Unsere Ziele" in text
    assert "Jobcenter" in text  # the partner named in the plan
    entry = AuditEntry.objects.filter(action="case.agreement_printed").latest()
    assert entry.data == {"agreement": 1, "language": language}


def test_arabic_is_right_to_left_and_turkish_is_not(agreement) -> None:
    agreement = type(agreement).objects.select_related("case__client").get(pk=agreement.pk)
    arabic = render_html(
        template=TEMPLATE, context=agreement_context(agreement, language="ar"), language="ar"
    )
    assert '<html lang="ar" dir="rtl">' in arabic
    assert '<td lang="ar" dir="rtl">' in arabic and '<td lang="de" dir="ltr">' in arabic
    turkish = render_html(
        template=TEMPLATE, context=agreement_context(agreement, language="tr"), language="tr"
    )
    assert '<html lang="tr" dir="ltr">' in turkish
    german = render_html(
        template=TEMPLATE, context=agreement_context(agreement, language="de"), language="de"
    )
    assert '<td lang="tr"' not in german and german.count('<td lang="de" dir="ltr">') > 10


def test_language_can_be_chosen_per_print(as_persona, agreement, tmp_path) -> None:
    response = fetch(as_persona, agreement, "uk")
    assert "Угода про інтеграцію" in pdf_text(response.content, tmp_path)
    unknown = fetch(as_persona, agreement, "xx")  # falls back to the client's language
    assert unknown.status_code == 200 and "-de.pdf" in unknown["Content-Disposition"]


def test_jmd_agreement_names_the_individual_integration_support_plan(org) -> None:
    with translation.override("de"):
        assert str(agreement_document.T_TITLE_JMD) == (
            "Integrationsvereinbarung zum individuellen Integrationsförderplan"
        )


def _document_msgids() -> list[str]:
    source = Path(agreement_document.__file__).read_text(encoding="utf-8")
    return [
        node.args[1].value
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "pgettext_lazy"
    ]


@pytest.mark.parametrize("language", DOCUMENT_LANGUAGES)
def test_every_agreement_text_is_translated(language: str) -> None:
    """All eight document languages: English is the source, the other seven are translated."""
    assert language in dict(settings.DOCUMENT_LANGUAGES)
    with (
        override_settings(LOCALE_PATHS=list(settings.LOCALE_PATHS)),
        translation.override(language),
    ):
        untranslated = [
            msgid
            for msgid in _document_msgids()
            if translation.pgettext("client document", msgid) == msgid
            and msgid not in SAME_WORD.get(language, set())
        ]
    assert not untranslated, f"{language}: {untranslated}"
