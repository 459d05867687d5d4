"""Mass letters as a background run (issue #17 §2, issue #18 §1).

The page creates a ``MassLetterRun`` (ids only) and enqueues ``letters.tasks.write_mass_letters``;
the task writes one letter per client, stores each in the client's documents, records every
client that gets none with a reason code (nobody is dropped silently: a letter that fails to
render is such a reason too), and keeps the combined PDF or ZIP encrypted in the client
documents' storage. Progress is saved every ``PROGRESS_EVERY`` letters together with the lists,
so a task that is tried again after a crash resumes there.
"""

from __future__ import annotations

import logging
import zipfile
from datetime import datetime, timedelta
from io import BytesIO
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from lotse.audit.services import log_action
from lotse.clientdocs.models import DocumentKind
from lotse.clientdocs.services import document_store_generated
from lotse.clientdocs.services import storage as blobs
from lotse.clientdocs.types import DOCX, PDF
from lotse.clients.models import Client
from lotse.common.errors import DomainError
from lotse.network.models import Partner

from ..models import LetterTemplate, MassLetterRun, MassRunState, SkipReason
from .context import letter_context
from .letters import FORMATS, MAX_MASS_LETTERS, letter_filename, refusal_code, version_for
from .render import merge_pdfs, render_docx, render_pdf

logger = logging.getLogger(__name__)

PROGRESS_EVERY = 10
# The combined file is a copy of letters that stay in the client files: kept a week.
KEEP_OUTPUT = timedelta(days=7)
ZIP_TYPE = "application/zip"


def _blob_scope(run: MassLetterRun) -> int:
    # The blob's associated data names a client id; a run's file belongs to no client, so it
    # is bound to the run with a negative number no client can have.
    return -int(run.pk)


def mass_run_create(
    *,
    user: Any,
    template: LetterTemplate,
    clients: list[Client],
    output: str = "pdf",
    language: str = "",
    partner: Partner | None = None,
) -> MassLetterRun:
    """A queued run for ``clients`` (already scoped to what ``user`` may write)."""
    if output not in FORMATS:
        raise DomainError(_("Please choose PDF or Word."))
    if not clients:
        raise DomainError(_("Please choose at least one client."))
    if len(clients) > MAX_MASS_LETTERS:
        raise DomainError(
            _("At most %(count)s letters at once, please.") % {"count": MAX_MASS_LETTERS}
        )
    run = MassLetterRun.objects.create(
        created_by=user,
        centre_id=template.centre_id,
        template=template,
        partner=partner,
        language=language,
        output=output,
        client_ids=[client.pk for client in clients],
        total=len(clients),
    )
    log_action(
        action="letter.mass_queued",
        obj=run,
        data={"template": template.pk, "format": output, "clients": len(clients)},
    )
    return run


def _write_one(run: MassLetterRun, client: Client) -> tuple[int, bytes, str]:
    """Write and store one letter; returns (document id, filled Word file, language)."""
    template = run.template
    version = version_for(template, run.language or client.document_language)
    context = letter_context(client, run.created_by, partner=run.partner, language=version.language)
    docx = render_docx(version, context)
    pdf = run.output == "pdf"
    content = render_pdf(docx, language=version.language, title=template.name) if pdf else docx
    document = document_store_generated(
        client=client,
        case=None,
        kind=DocumentKind.LETTER,
        title=template.name,
        name=letter_filename(template, client, run.output),
        content=content,
        content_type=PDF if pdf else DOCX,
        by=run.created_by,
        audit_data={
            "template": template.pk,
            "version": version.pk,
            "language": version.language,
            "mass_run": run.pk,
        },
    )
    return document.pk, docx, version.language


def _checkpoint(run: MassLetterRun, done: int) -> None:
    run.done = done
    run.produced = len(run.produced_items)
    MassLetterRun.objects.filter(pk=run.pk).update(
        done=done, produced=run.produced, produced_items=run.produced_items, skipped=run.skipped
    )


def mass_run_execute(run: MassLetterRun) -> MassLetterRun:
    """Write the run's letters from where it stopped; a finished run is left as it is."""
    run.refresh_from_db()
    if run.state == MassRunState.DONE:
        return run
    MassLetterRun.objects.filter(pk=run.pk).update(state=MassRunState.RUNNING, failure="")
    run.state = MassRunState.RUNNING
    # Access is checked again now: a file closed to the user since the page is skipped.
    clients = {
        c.pk: c
        for c in Client.objects.writable_by(run.created_by)
        .filter(pk__in=run.client_ids)
        .select_related("team__service__centre")
    }
    filled: dict[int, tuple[bytes, str]] = {}
    try:
        for position in range(run.done, len(run.client_ids)):
            _one(run, run.client_ids[position], clients.get(run.client_ids[position]), filled)
            if (position + 1) % PROGRESS_EVERY == 0:
                _checkpoint(run, position + 1)
        _checkpoint(run, len(run.client_ids))
        if run.produced_items:
            _store_output(run, clients, filled)
    except Exception:
        MassLetterRun.objects.filter(pk=run.pk).update(
            state=MassRunState.FAILED,
            failure=_(
                "The mass letter stopped after %(done)d of %(total)d clients; "
                "it is tried again and goes on from there."
            )
            % {"done": run.done, "total": run.total},
        )
        raise
    run.state = MassRunState.DONE
    run.finished_at = timezone.now()
    run.save(update_fields=["state", "finished_at", "result_blob", "result_name", "result_type"])
    log_action(
        action="letter.mass_written",
        obj=run,
        data={
            "template": run.template_id,
            "format": run.output,
            "produced": [item["client_id"] for item in run.produced_items],
            "skipped": [item["client_id"] for item in run.skipped],
        },
    )
    return run


def _one(
    run: MassLetterRun,
    client_id: int,
    client: Client | None,
    filled: dict[int, tuple[bytes, str]],
) -> None:
    def skip(code: str) -> None:
        number = client.file_number if client is not None else ""
        run.skipped.append({"client_id": client_id, "file_number": number, "reason_code": code})

    if client is None:
        skip(SkipReason.UNAVAILABLE)
        return
    code = refusal_code(run.template, client, run.partner)
    if code is not None:
        skip(code)
        return
    try:
        document_id, docx, language = _write_one(run, client)
    except Exception as error:  # a broken template or renderer: this client, not the run
        # Only the run, the position and the kind of error: no name reaches the log.
        logger.warning(
            "mass letter %s: client %s failed (%s)", run.pk, client_id, type(error).__name__
        )
        skip(SkipReason.RENDER_FAILED)
        return
    run.produced_items.append({"client_id": client_id, "document_id": document_id})
    filled[client_id] = (docx, language)


def _store_output(
    run: MassLetterRun, clients: dict[int, Client], filled: dict[int, tuple[bytes, str]]
) -> None:
    """The combined PDF or ZIP, encrypted; letters written before a resume are filled again."""
    template = run.template
    letters: list[tuple[Client, bytes, str]] = []
    for item in run.produced_items:
        client = clients[item["client_id"]]
        if item["client_id"] not in filled:
            version = version_for(template, run.language or client.document_language)
            context = letter_context(
                client, run.created_by, partner=run.partner, language=version.language
            )
            filled[item["client_id"]] = (render_docx(version, context), version.language)
        docx, language = filled[item["client_id"]]
        letters.append((client, docx, language))
    stamp = timezone.localdate().strftime("%Y-%m-%d")
    if run.output == "pdf":
        content = merge_pdfs([(docx, language, template.name) for _c, docx, language in letters])
        run.result_type, run.result_name = PDF, f"serienbrief-{stamp}.pdf"
    else:
        buffer = BytesIO()
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for client, docx, _language in letters:
                archive.writestr(letter_filename(template, client, "docx"), docx)
            if run.skipped:
                lines = [
                    f"{item['file_number'] or '?'}: {SkipReason(item['reason_code']).label}"
                    for item in run.skipped
                ]
                archive.writestr("uebersprungen.txt", "\n".join(lines) + "\n")
        content = buffer.getvalue()
        run.result_type, run.result_name = ZIP_TYPE, f"serienbrief-{stamp}.zip"
    old = run.result_blob
    run.result_blob = blobs.put(content, client_id=_blob_scope(run))
    blobs.destroy(old)


def mass_output(run: MassLetterRun) -> bytes:
    """The decrypted combined file; the caller has checked access and audits the download."""
    if not run.result_blob:
        raise DomainError(_("The combined file of this mass letter has been deleted."))
    return blobs.get(run.result_blob, client_id=_blob_scope(run))


def mass_output_delete(run: MassLetterRun, *, reason: str = "by_user") -> None:
    """Delete the combined file (the letters stay in the client files)."""
    if not run.result_blob:
        return
    blobs.destroy(run.result_blob)
    run.result_blob = ""
    run.result_deleted_at = timezone.now()
    run.save(update_fields=["result_blob", "result_deleted_at"])
    log_action(action="letter.mass_output_deleted", obj=run, data={"reason": reason})


def mass_outputs_prune(*, now: datetime | None = None) -> int:
    """Delete the combined files of runs finished more than ``KEEP_OUTPUT`` ago."""
    before = (now or timezone.now()) - KEEP_OUTPUT
    stale = MassLetterRun.objects.filter(finished_at__lt=before).exclude(result_blob="")
    count = 0
    for run in stale:
        mass_output_delete(run, reason="expired")
        count += 1
    return count
