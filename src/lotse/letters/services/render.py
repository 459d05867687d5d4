"""Word and PDF output of a letter.

DOCX: docxtpl fills the template in a Jinja *sandbox* with autoescaping (a template is an
upload: it must not reach Python objects, and a name with "&" must not break the XML).
PDF: LibreOffice headless converts the filled Word file when ``soffice`` is installed;
otherwise the filled Word file is turned into HTML (paragraphs, line breaks, bold, italics,
alignment, tables) and printed by WeasyPrint with the client documents' stylesheet, so that
the PDF shows what the centre wrote in its own template in either case.
"""

from __future__ import annotations

import shutil
import subprocess  # nosec B404 - only LibreOffice, with fixed arguments
import tempfile
import unicodedata
from collections.abc import Mapping
from io import BytesIO
from pathlib import Path

from django.utils.html import escape
from django.utils.safestring import mark_safe
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.table import Table
from docx.text.paragraph import Paragraph
from weasyprint import HTML
from weasyprint.document import Document as PdfDocument

from lotse.documents.rendering import (
    RTL_LANGUAGES,
    StaticFileFetcher,
    render_html,
    static_base_url,
)
from lotse.documents.templatetags.client_documents import LATIN_RUN

from ..models import LetterTemplateVersion
from .filling import render_docx_bytes
from .templates import version_bytes

LETTER_HTML = "letters/letter.html"
SOFFICE_TIMEOUT = 60


def pdf_engine() -> str:
    """ "libreoffice" when soffice is installed, else "weasyprint" (see docs/architecture.md)."""
    return "libreoffice" if shutil.which("soffice") else "weasyprint"


def render_docx(version: LetterTemplateVersion, context: Mapping[str, str]) -> bytes:
    return render_docx_bytes(version_bytes(version), context)


def _text(text: str, rtl: bool) -> str:
    """Escaped text; in right-to-left letters each Latin or numeric run in a <bdi>."""
    if not rtl:
        return str(escape(text))
    parts: list[str] = []
    position = 0
    for match in LATIN_RUN.finditer(text):
        parts.append(str(escape(text[position : match.start()])))
        parts.append(f'<bdi dir="ltr">{escape(match.group())}</bdi>')
        position = match.end()
    parts.append(str(escape(text[position:])))
    return "".join(parts)


_ALIGN = {
    WD_ALIGN_PARAGRAPH.RIGHT: "right",
    WD_ALIGN_PARAGRAPH.LEFT: "left",
    WD_ALIGN_PARAGRAPH.CENTER: "center",
    WD_ALIGN_PARAGRAPH.JUSTIFY: "justify",
}


def _has_rtl_letters(text: str) -> bool:
    return any(unicodedata.bidirectional(char) in ("R", "AL") for char in text)


def _paragraph_html(paragraph: Paragraph, rtl: bool) -> str:
    runs = []
    for run in paragraph.runs:
        lines = [_text(line, rtl) for line in run.text.split("\n")]
        html = "<br>".join(lines).replace("\t", " ")
        if run.bold:
            html = f"<strong>{html}</strong>"
        if run.italic:
            html = f"<em>{html}</em>"
        runs.append(html)
    content = "".join(runs)
    if not content.strip():
        return '<p class="blank">&nbsp;</p>'
    align = _ALIGN.get(paragraph.alignment) if paragraph.alignment is not None else None
    direction = ""
    if rtl and not _has_rtl_letters(paragraph.text):
        # A German line (the centre's address, a name) inside an Arabic letter keeps its own
        # order, set against the right edge like the Arabic lines around it.
        direction = ' dir="ltr"'
        align = align or "right"
    style = f' style="text-align: {align}"' if align else ""
    name = (paragraph.style.name if paragraph.style is not None else "") or ""
    tag = "h2" if name.startswith(("Heading", "Title")) else "p"
    return f"<{tag}{direction}{style}>{content}</{tag}>"


def _table_html(table: Table, rtl: bool) -> str:
    rows = []
    for row in table.rows:
        cells = [
            "<td>" + "".join(_paragraph_html(p, rtl) for p in cell.paragraphs) + "</td>"
            for cell in row.cells
        ]
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return '<table class="letter-table">' + "".join(rows) + "</table>"


def docx_to_html_body(docx: bytes, language: str) -> str:
    """The body of the filled Word file as HTML (escaped text, no markup from the file)."""
    rtl = language in RTL_LANGUAGES
    document = Document(BytesIO(docx))
    parts = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            parts.append(_paragraph_html(block, rtl))
        else:
            parts.append(_table_html(block, rtl))
    return "\n".join(parts)


def letter_html(docx: bytes, language: str, title: str) -> str:
    body = mark_safe(docx_to_html_body(docx, language))  # noqa: S308  # nosec B308 B703 - escaped in _text
    return render_html(
        template=LETTER_HTML, context={"body": body, "title": title}, language=language
    )


def _weasy_document(docx: bytes, language: str, title: str) -> PdfDocument:
    html = letter_html(docx, language, title)
    document = HTML(string=html, base_url=static_base_url(), url_fetcher=StaticFileFetcher())
    return document.render(pdf_tags=True)


def _soffice_pdf(docx: bytes) -> bytes:
    with tempfile.TemporaryDirectory(prefix="lotse-letter-") as folder:
        source = Path(folder) / "letter.docx"
        source.write_bytes(docx)
        subprocess.run(  # noqa: S603  # nosec B603 - fixed arguments, a file we wrote
            [
                str(shutil.which("soffice")),
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                folder,
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=SOFFICE_TIMEOUT,
        )
        return (Path(folder) / "letter.pdf").read_bytes()


def render_pdf(docx: bytes, *, language: str, title: str = "") -> bytes:
    """The PDF of a filled Word file (LibreOffice if installed, else WeasyPrint)."""
    if pdf_engine() == "libreoffice":
        return _soffice_pdf(docx)
    pdf = _weasy_document(docx, language, title).write_pdf()
    assert isinstance(pdf, bytes)
    return pdf


def merge_pdfs(letters: list[tuple[bytes, str, str]]) -> bytes:
    """One PDF of several filled Word files ``(docx, language, title)``, each from a new page.

    WeasyPrint: the rendered pages are joined into one document (each letter keeps its own
    page numbers). With LibreOffice each letter is converted and the pages are joined the same
    way from a WeasyPrint rendering, as no PDF library is a dependency.
    """
    documents = [_weasy_document(docx, language, title) for docx, language, title in letters]
    pages = [page for document in documents for page in document.pages]
    pdf = documents[0].copy(pages).write_pdf()
    assert isinstance(pdf, bytes)
    return pdf
