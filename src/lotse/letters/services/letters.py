"""Writing letters: one for a client, or one each for many (a mass letter)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

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

from ..models import LetterTemplate, LetterTemplateVersion, SkipReason
from .context import letter_context
from .render import render_docx, render_pdf

FORMATS = ("pdf", "docx")
# Mass letters run as a task (about 0.3 s per letter with WeasyPrint): 2,000 letters take
# ten minutes or so and make a combined file of a few tens of MB; larger runs are split.
MAX_MASS_LETTERS = 2000


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


def refusal_code(template: LetterTemplate, client: Client, partner: Partner | None) -> str | None:
    """Why the letter cannot be written for ``client`` as a ``SkipReason`` code, or None."""
    if client.anonymised_at is not None or client.is_anonymous:
        return SkipReason.ANONYMOUS
    if template.needs_partner_consent:
        if partner is None:
            return SkipReason.NO_PARTNER
        if partner.centre_id != client.team.service.centre_id:
            return SkipReason.OTHER_CENTRE
        if not sharing_allowed(client, partner):
            return SkipReason.NO_CONSENT
    elif not (client.address or "").strip():
        return SkipReason.NO_ADDRESS
    return None


def refusal(template: LetterTemplate, client: Client, partner: Partner | None) -> str | None:
    """Why the letter cannot be written for ``client``, or None."""
    code = refusal_code(template, client, partner)
    if code == SkipReason.NO_CONSENT and partner is not None:
        return _("no recorded written consent to pass data to “%(partner)s”") % {
            "partner": partner.name
        }
    return None if code is None else str(SkipReason(code).label)


def letter_filename(template: LetterTemplate, client: Client, extension: str) -> str:
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
    filename = letter_filename(template, client, output)
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
