"""Client documents: upload (all checked before any is stored), read, delete, destroy on erasure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lotse.audit.services import log_action
from lotse.cases.models import Case
from lotse.clients.models import Client
from lotse.common.errors import DomainError

from ..models import ClientDocument
from . import storage
from .checks import CheckedFile, check_upload
from .previews import render_preview

MAX_TITLE_LENGTH = 200


@dataclass(frozen=True)
class UploadItem:
    name: str
    data: bytes


def _title_for(title: str, checked: CheckedFile) -> str:
    title = title.strip()
    if title:
        return title[:MAX_TITLE_LENGTH]
    stem = checked.name.rsplit(".", 1)[0]
    return stem[:MAX_TITLE_LENGTH] or checked.name[:MAX_TITLE_LENGTH]


def documents_upload(
    *,
    client: Client,
    case: Case | None,
    kind: str,
    document_date: date | None,
    title: str,
    files: list[UploadItem],
    by: Any,
) -> list[ClientDocument]:
    """Check every file, then store them all, or none: a refusal leaves nothing behind.

    Raises ``UploadRefused`` (naming the file) or ``DomainError``.
    """
    if not files:
        raise DomainError(_("Please choose at least one file."))
    if len(files) > settings.LOTSE_DOCUMENT_MAX_FILES:
        raise DomainError(
            _("At most %(count)s files at once, please.")
            % {"count": settings.LOTSE_DOCUMENT_MAX_FILES}
        )
    if client.anonymised_at is not None:
        raise DomainError(_("This file has been anonymised; nothing can be added."))
    if case is not None and case.client_id != client.pk:
        raise DomainError(_("The case belongs to another client."))
    checked = [
        check_upload(item.name, item.data, max_bytes=settings.LOTSE_DOCUMENT_MAX_BYTES)
        for item in files
    ]
    previews = [render_preview(c.content, c.content_type) for c in checked]
    written: list[str] = []
    created: list[ClientDocument] = []
    try:
        with transaction.atomic():
            for item, preview in zip(checked, previews, strict=True):
                blob_name = storage.put(item.content, client_id=client.pk)
                written.append(blob_name)
                preview_name = ""
                if preview is not None:
                    preview_name = storage.put(preview, client_id=client.pk)
                    written.append(preview_name)
                document = ClientDocument.objects.create(
                    client=client,
                    case=case,
                    kind=kind,
                    document_date=document_date,
                    title=_title_for(title, item),
                    original_name=item.name,
                    content_type=item.content_type,
                    size=len(item.content),
                    blob_name=blob_name,
                    preview_blob_name=preview_name,
                    uploaded_by=by,
                )
                log_action(
                    action="document.uploaded",
                    obj=document,
                    data={
                        "kind": kind,
                        "type": item.content_type,
                        "size": len(item.content),
                        "case": case.pk if case else None,
                    },
                )
                created.append(document)
    except BaseException:
        for name in written:
            storage.destroy(name)
        raise
    return created


def document_store_generated(
    *,
    client: Client,
    case: Case | None,
    kind: str,
    title: str,
    name: str,
    content: bytes,
    content_type: str,
    by: Any,
    audit_data: dict[str, Any] | None = None,
) -> ClientDocument:
    """Store a document Lotse made itself (a letter), encrypted like an upload and audited.

    Lotse's own output skips the upload checks (type sniffing, virus scan); the preview is
    rendered as for an upload. The blob is destroyed again if the row cannot be written.
    """
    if client.anonymised_at is not None:
        raise DomainError(_("This file has been anonymised; nothing can be added."))
    preview = render_preview(content, content_type)
    written: list[str] = []
    try:
        with transaction.atomic():
            blob_name = storage.put(content, client_id=client.pk)
            written.append(blob_name)
            preview_name = ""
            if preview is not None:
                preview_name = storage.put(preview, client_id=client.pk)
                written.append(preview_name)
            document = ClientDocument.objects.create(
                client=client,
                case=case,
                kind=kind,
                document_date=timezone.localdate(),
                title=title[:MAX_TITLE_LENGTH],
                original_name=name,
                content_type=content_type,
                size=len(content),
                blob_name=blob_name,
                preview_blob_name=preview_name,
                uploaded_by=by,
            )
            log_action(
                action="document.generated",
                obj=document,
                data={
                    "kind": kind,
                    "type": content_type,
                    "size": len(content),
                    **(audit_data or {}),
                },
            )
    except BaseException:
        for blob in written:
            storage.destroy(blob)
        raise
    return document


def document_content(document: ClientDocument) -> bytes:
    """The decrypted file; the caller has checked access and writes the audit entry."""
    return storage.get(document.blob_name, client_id=document.client_id)


def document_preview(document: ClientDocument) -> bytes | None:
    if not document.preview_blob_name:
        return None
    return storage.get(document.preview_blob_name, client_id=document.client_id)


def _destroy_after_commit(names: list[str]) -> None:
    def destroy() -> None:
        for name in names:
            storage.destroy(name)

    # Rows go with the transaction; the blobs once it has committed, so a rollback never
    # leaves rows whose content is gone.
    transaction.on_commit(destroy)


@transaction.atomic
def document_delete(*, document: ClientDocument) -> None:
    client = Client.objects.select_for_update().get(pk=document.client_id)
    if client.legal_hold:
        raise DomainError(_("The file is under legal hold; its documents cannot be deleted now."))
    names = [document.blob_name, document.preview_blob_name]
    log_action(
        action="document.deleted",
        obj=document,
        data={"kind": document.kind, "type": document.content_type},
    )
    document.delete()
    _destroy_after_commit([n for n in names if n])


def destroy_client_documents(client: Client) -> int:
    """Erasure and retention: every document of the file and its preview are destroyed."""
    documents = list(ClientDocument.objects.filter(client=client))
    names = [n for d in documents for n in (d.blob_name, d.preview_blob_name) if n]
    ClientDocument.objects.filter(pk__in=[d.pk for d in documents]).delete()
    _destroy_after_commit(names)
    return len(documents)
