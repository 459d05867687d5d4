"""Writing letters: one for a client, or one each for many (a mass letter)."""

from __future__ import annotations

import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from lotse.audit.services import log_action
from lotse.cases.models import Case
from lotse.clientdocs.models import ClientDocument, DocumentKind
from lotse.clientdocs.services import document_store_generated
from lotse.clientdocs.types import DOCX, PDF
from lotse.clients.models import Client
from lotse.clients.services import sharing_allowed
from lotse.common.errors import DomainError
from lotse.network.models import Partner

from ..models import LetterTemplate, LetterTemplateVersion
from .context import letter_context
from .render import merge_pdfs, render_docx, render_pdf

FORMATS = ("pdf", "docx")
# Synchronous mass letters: about 0.3 s per letter with WeasyPrint, so this keeps a request
# within a minute or two; larger runs are split by the counsellor.
MAX_MASS_LETTERS = 200


@dataclass(frozen=True)
class Letter:
    document: ClientDocument
    content: bytes
    content_type: str
    filename: str


def version_for(template: LetterTemplate, language: str) -> LetterTemplateVersion:
    """The active version in ``language``, else the German one, else any active one."""
    versions = {v.language: v for v in template.versions.filter(active=True)}
    for code in (language, "de"):
        if code in versions:
            return versions[code]
    if versions:
        return next(iter(versions.values()))
    raise DomainError(_("This template has no version in use."))


def refusal(template: LetterTemplate, client: Client, partner: Partner | None) -> str | None:
    """Why the letter cannot be written for ``client``, or None."""
    if client.anonymised_at is not None or client.is_anonymous:
        return _("anonymous or anonymised file: no name for a letter")
    if template.needs_partner_consent:
        if partner is None:
            return _("please choose the partner the letter goes to")
        if partner.centre_id != client.team.service.centre_id:
            return _("the partner belongs to another counselling centre")
        if not sharing_allowed(client, partner):
            return _("no recorded written consent to pass data to “%(partner)s”") % {
                "partner": partner.name
            }
    elif not (client.address or "").strip():
        return _("no postal address recorded")
    return None


def _filename(template: LetterTemplate, client: Client, extension: str) -> str:
    return f"{client.file_number}-{template.kind}.{extension}"


def letter_create(
    *,
    client: Client,
    template: LetterTemplate,
    language: str,
    output: str,
    by: Any,
    case: Case | None = None,
    partner: Partner | None = None,
) -> Letter:
    """Fill ``template`` for ``client``, store the result in the client's documents, audit it.

    Raises DomainError (no address, no consent for the partner, unknown format).
    """
    if output not in FORMATS:
        raise DomainError(_("Please choose PDF or Word."))
    reason = refusal(template, client, partner)
    if reason is not None:
        raise DomainError(_("The letter cannot be written: %(reason)s.") % {"reason": reason})
    version = version_for(template, language)
    context = letter_context(client, by, case=case, partner=partner, language=version.language)
    docx = render_docx(version, context)
    if output == "pdf":
        content, content_type = (
            render_pdf(docx, language=version.language, title=template.name),
            PDF,
        )
    else:
        content, content_type = docx, DOCX
    filename = _filename(template, client, output)
    document = document_store_generated(
        client=client,
        case=case,
        kind=DocumentKind.LETTER,
        title=template.name,
        name=filename,
        content=content,
        content_type=content_type,
        by=by,
        audit_data={
            "template": template.pk,
            "version": version.pk,
            "language": version.language,
            "partner": partner.pk if partner is not None else None,
        },
    )
    log_action(
        action="letter.written",
        obj=client,
        data={"template": template.pk, "version": version.pk, "format": output},
    )
    return Letter(document, content, content_type, filename)


@dataclass(frozen=True)
class MassResult:
    content: bytes
    content_type: str
    filename: str
    produced: list[Client]
    skipped: list[tuple[Client, str]]


def mass_plan(
    clients: Iterable[Client], template: LetterTemplate, partner: Partner | None = None
) -> tuple[list[Client], list[tuple[Client, str]]]:
    """Which clients get a letter, and which are skipped with the reason (nobody is dropped)."""
    produced: list[Client] = []
    skipped: list[tuple[Client, str]] = []
    for client in clients:
        reason = refusal(template, client, partner)
        if reason is None:
            produced.append(client)
        else:
            skipped.append((client, reason))
    return produced, skipped


def mass_letters(
    clients: Iterable[Client],
    template: LetterTemplate,
    user: Any,
    *,
    output: str = "pdf",
    partner: Partner | None = None,
) -> MassResult:
    """One letter per client in its document language: one PDF, or a ZIP of Word files.

    Each letter is stored in its client's documents; skipped clients are returned with the
    reason and listed in the ZIP's ``uebersprungen.txt``.
    """
    if output not in FORMATS:
        raise DomainError(_("Please choose PDF or Word."))
    clients = list(clients)
    if len(clients) > MAX_MASS_LETTERS:
        raise DomainError(
            _("At most %(count)s letters at once, please.") % {"count": MAX_MASS_LETTERS}
        )
    produced, skipped = mass_plan(clients, template, partner)
    if not produced:
        raise DomainError(_("None of the chosen clients can get this letter."))
    filled: list[tuple[Client, bytes, str]] = []
    for client in produced:
        version = version_for(template, client.document_language)
        context = letter_context(client, user, partner=partner, language=version.language)
        filled.append((client, render_docx(version, context), version.language))
    stamp = timezone.localdate().strftime("%Y-%m-%d")
    if output == "pdf":
        content = merge_pdfs([(docx, language, template.name) for _c, docx, language in filled])
        content_type, filename = PDF, f"serienbrief-{stamp}.pdf"
    else:
        buffer = BytesIO()
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for client, docx, _language in filled:
                archive.writestr(_filename(template, client, "docx"), docx)
            if skipped:
                lines = [f"{client.file_number}: {reason}" for client, reason in skipped]
                archive.writestr("uebersprungen.txt", "\n".join(lines) + "\n")
        content, content_type, filename = (
            buffer.getvalue(),
            "application/zip",
            f"serienbrief-{stamp}.zip",
        )
    for client, docx, language in filled:
        single = (
            render_pdf(docx, language=language, title=template.name) if output == "pdf" else docx
        )
        document_store_generated(
            client=client,
            case=None,
            kind=DocumentKind.LETTER,
            title=template.name,
            name=_filename(template, client, output),
            content=single,
            content_type=PDF if output == "pdf" else DOCX,
            by=user,
            audit_data={"template": template.pk, "language": language, "mass": True},
        )
    log_action(
        action="letter.mass_written",
        obj=template,
        data={
            "format": output,
            "produced": [c.pk for c in produced],
            "skipped": [c.pk for c, _reason in skipped],
        },
    )
    return MassResult(content, content_type, filename, produced, skipped)
