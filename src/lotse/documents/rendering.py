"""Client documents as PDF: consent form and data-protection information sheet (issue #3 §5).

A document is a Django template rendered in the *document language* (one of
``DOCUMENT_LANGUAGES``, independent of the UI language) and converted to PDF by WeasyPrint.

Context contract of the two client documents (``consent_form_pdf``, ``privacy_notice_pdf``)::

    centre           dict with name, street, postal_code, city, phone, email, office_hours,
                     provider_name (the Träger, responsible for the data): what
                     ``letterhead.letterhead_context`` builds from a Centre; the letterhead
                     (``documents/_letterhead.html``) shows it
    client           dict: display_name (name or pseudonym), file_number (str, may be ""),
                     birth_date (datetime.date or None: the row is left out when unknown)
    counsellor_name  str
    date             datetime.date: the date of the document
    scope            dict of booleans: storage, share_with_partners, contact_phone,
                     contact_email (missing keys count as False): the boxes ticked in advance
    partners         list of partner names (may be empty)
    retention_years  int: years after the file is closed until the data are deleted
    dpo_contact      str: contact of the data-protection officer (several lines allowed)

``render_pdf`` adds ``document_language``, ``document_dir`` ("ltr"/"rtl") and
``document_page_counter`` (the CSS ``content`` value of the page footer, "Seite 1 von 2").

Dates are shown with ``format_document_date``: the usual numeric date of each language
(German ``25.11.2026``). Django's own short formats are not used as they are: English would be
the US month-first order, Turkish would spell out the month, and Arabic carries RLM marks.

Resources: a template links static files with paths *relative* to the static root
(``href="documents/print.css"``, not ``{% static %}``, whose hashed production names the finders
do not know). WeasyPrint gets ``STATIC_URL`` on a reserved, never-resolved host as base URL, and
``StaticFileFetcher`` serves only files of this app's static directory (found with the staticfiles
finders) and ``data:`` URIs. Anything else raises ``ResourceRefused``: a document that needs an
outside resource is a programming error, and nothing is ever fetched from the network or disk.
"""

from __future__ import annotations

import logging
import mimetypes
import re
from collections.abc import Mapping
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import dateformat, translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import pgettext
from weasyprint import HTML
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

# WeasyPrint reports every rendering step at INFO; only its warnings belong in Lotse's log.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

DOCUMENT_LANGUAGES = ["de", "en", "ar", "fa", "tr", "fr", "ru", "uk"]
RTL_LANGUAGES = {"ar", "fa"}

# The usual numeric date of each document language (Django date-format characters).
DATE_FORMATS = {
    "de": "d.m.Y",
    "en": "d/m/Y",  # day first, as in Germany and most English-speaking countries
    "ar": "d/m/Y",
    "fa": "Y/m/d",  # Gregorian calendar: the date must match the German file
    "tr": "d.m.Y",
    "fr": "d/m/Y",
    "ru": "d.m.Y",
    "uk": "d.m.Y",
}

CONSENT_FORM_TEMPLATE = "documents/consent_form.html"
PRIVACY_NOTICE_TEMPLATE = "documents/privacy_notice.html"

# A reserved host (RFC 2606): relative URLs resolve against it, and it is never contacted.
DOCUMENT_ORIGIN = "https://documents.lotse.invalid/"
APP_STATIC_DIR = Path(__file__).resolve().parent / "static"

REQUIRED_KEYS = (
    "centre",
    "client",
    "counsellor_name",
    "date",
    "scope",
    "partners",
    "retention_years",
    "dpo_contact",
)
SCOPE_KEYS = ("storage", "share_with_partners", "contact_phone", "contact_email")


class ResourceRefused(Exception):
    """A document asked for a resource it may not load (anything but this app's static files
    and data: URIs), or one that could not be read."""


def check_language(language: str) -> str:
    if language not in DOCUMENT_LANGUAGES:
        raise ValueError(
            f"Unknown document language {language!r}; choose one of {DOCUMENT_LANGUAGES}."
        )
    return language


def text_direction(language: str) -> str:
    return "rtl" if check_language(language) in RTL_LANGUAGES else "ltr"


def format_document_date(value: date, language: str) -> str:
    """The date as every document in ``language`` prints it."""
    return dateformat.format(value, DATE_FORMATS[check_language(language)])


def static_base_url() -> str:
    """Where relative URLs in document templates point to: the static root."""
    return urljoin(DOCUMENT_ORIGIN, settings.STATIC_URL)


def static_file_for(url: str) -> Path:
    """The file of this app's static directory that ``url`` names, or ResourceRefused."""
    base = urlsplit(static_base_url())
    parts = urlsplit(url)
    if (parts.scheme, parts.netloc) != (base.scheme, base.netloc) or not parts.path.startswith(
        base.path
    ):
        raise ResourceRefused(f"Documents may only load their own static files, not {url!r}.")
    relative = unquote(parts.path[len(base.path) :])
    segments = PurePosixPath(relative).parts
    if not relative or relative.startswith("/") or "\\" in relative or ".." in segments:
        raise ResourceRefused(f"Not a static file path: {url!r}.")
    found = finders.find(relative)
    if not isinstance(found, str):
        raise ResourceRefused(f"No static file {relative!r} (from {url!r}).")
    path = Path(found).resolve()
    if not path.is_file() or not path.is_relative_to(APP_STATIC_DIR):
        raise ResourceRefused(f"{relative!r} is not a static file of the documents app.")
    return path


class StaticFileFetcher(URLFetcher):
    """WeasyPrint URL fetcher that serves this app's static files and data: URIs, nothing else.

    Refusals raise ``ResourceRefused``; with ``fail_on_errors`` WeasyPrint stops rendering
    instead of logging a warning and leaving the resource out.
    """

    def __init__(self) -> None:
        # allowed_protocols guards the parent's fetch as well: it may only ever open data: URIs.
        super().__init__(allowed_protocols={"data"}, allow_redirects=False, fail_on_errors=True)

    def fetch(self, url: str, headers: Mapping[str, str] | None = None) -> URLFetcherResponse:
        scheme = url.split(":", 1)[0].strip().lower()
        if scheme == "data":
            return super().fetch(url, headers)
        path = static_file_for(url)
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        # The response keeps the requested URL so that url() inside a stylesheet resolves
        # against it (and comes back here).
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})


def css_string(text: str) -> str:
    """A CSS string literal; everything but letters, digits and spaces is hex-escaped.

    The space after each escape ends it (and belongs to it), so a real space may follow.
    """
    escaped = "".join(
        char if char.isalnum() or char == " " else f"\\{ord(char):06x} " for char in text
    )
    return f'"{escaped}"'


def page_counter_css() -> SafeString:
    """The CSS ``content`` of the page footer, e.g. ``"Seite " counter(page) " von " ...``."""
    label = pgettext("client document", "Page %(page)s of %(pages)s")
    tokens = []
    for part in re.split(r"(%\(pages?\)s)", label):
        if part == "%(page)s":
            tokens.append("counter(page)")
        elif part == "%(pages)s":
            tokens.append("counter(pages)")
        elif part:
            tokens.append(css_string(part))
    return mark_safe(" ".join(tokens))  # noqa: S308  # nosec B308 B703 - built from escaped CSS strings only


def render_html(*, template: str, context: Mapping[str, Any], language: str) -> str:
    """The document's HTML in ``language`` (the UI language stays untouched)."""
    direction = text_direction(language)
    with translation.override(language):
        return render_to_string(
            template,
            {
                **context,
                "document_language": language,
                "document_dir": direction,
                "document_page_counter": page_counter_css(),
            },
        )


def render_pdf(*, template: str, context: Mapping[str, Any], language: str) -> bytes:
    """Render ``template`` in ``language`` and return the PDF bytes.

    Raises ValueError for a language outside DOCUMENT_LANGUAGES and ResourceRefused when the
    document refers to anything but this app's static files or data: URIs.
    """
    html = render_html(template=template, context=context, language=language)
    document = HTML(string=html, base_url=static_base_url(), url_fetcher=StaticFileFetcher())
    try:
        # Tagged PDF: screen readers get headings, tables and the reading order.
        pdf = document.write_pdf(pdf_tags=True)
    except FatalURLFetchingError as error:
        # A BaseException in WeasyPrint: turn it into an ordinary one.
        cause = error.__cause__
        if isinstance(cause, ResourceRefused):
            raise cause from None
        raise ResourceRefused(f"{error} ({cause})") from cause
    assert isinstance(pdf, bytes)
    return pdf


def client_document_context(context: Mapping[str, Any]) -> dict[str, Any]:
    """Check the context contract of the client documents and fill in the optional parts."""
    missing = [key for key in REQUIRED_KEYS if key not in context]
    if missing:
        raise ValueError(f"The document context lacks: {', '.join(missing)}.")
    scope = context["scope"] or {}
    unknown = set(scope) - set(SCOPE_KEYS)
    if unknown:
        raise ValueError(f"Unknown consent scope: {', '.join(sorted(unknown))}.")
    return {
        **context,
        "scope": {key: bool(scope.get(key)) for key in SCOPE_KEYS},
        "partners": [str(name) for name in context["partners"] or []],
    }


def consent_form_pdf(context: Mapping[str, Any], language: str) -> bytes:
    """The written consent to data processing (Einwilligung), ready to print and sign."""
    return render_pdf(
        template=CONSENT_FORM_TEMPLATE,
        context=client_document_context(context),
        language=language,
    )


def privacy_notice_pdf(context: Mapping[str, Any], language: str) -> bytes:
    """The data-protection information sheet (Art. 13 GDPR in plain words)."""
    return render_pdf(
        template=PRIVACY_NOTICE_TEMPLATE,
        context=client_document_context(context),
        language=language,
    )
