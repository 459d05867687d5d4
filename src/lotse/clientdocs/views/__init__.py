"""Client documents: the tab with upload, the preview page, download, delete, the archive."""

from __future__ import annotations

import json
import re
import zipfile
from io import BytesIO

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from lotse.accounts.typing import AuthenticatedRequest
from lotse.audit.services import log_action
from lotse.clients.models import Client
from lotse.clients.selectors import client_for_request
from lotse.clients.tabs import client_tabs
from lotse.common.access import reauthentication_redirect
from lotse.common.errors import DomainError
from lotse.privacy.subject_access import subject_access_data

from .. import services
from ..forms import FILE_ACCEPT, UploadForm
from ..models import ClientDocument
from ..selectors import client_documents, document_for_request
from ..services.checks import UploadRefused, check_name
from ..upload import prepare_upload

# Room for the form fields and multipart boundaries beside the files themselves.
_REQUEST_OVERHEAD = 256 * 1024
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def _can_write(request: AuthenticatedRequest, client: Client) -> bool:
    return Client.objects.writable_by(request.user).filter(pk=client.pk).exists()


def _documents_page(
    request: AuthenticatedRequest,
    client: Client,
    *,
    form: UploadForm | None = None,
    errors: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    can_write = _can_write(request, client) and client.anonymised_at is None
    return render(
        request,
        "clientdocs/documents.html",
        {
            "client": client,
            "active_tab": "documents",
            "documents": list(client_documents(client)),
            "can_write": can_write,
            "form": form or UploadForm(client=client),
            "errors": errors or [],
            "accept": FILE_ACCEPT,
            "max_mb": settings.LOTSE_DOCUMENT_MAX_BYTES // (1024 * 1024),
            "max_files": settings.LOTSE_DOCUMENT_MAX_FILES,
        },
        status=status,
    )


@login_required
def document_list(request: AuthenticatedRequest, client_id: int) -> HttpResponse:
    client = client_for_request(request, client_id)
    return _documents_page(request, client)


@csrf_exempt  # the upload handlers must be set before the CSRF check reads the body
@login_required
def document_upload(request: AuthenticatedRequest, client_id: int) -> HttpResponse:
    if request.method != "POST":
        return redirect("clientdoc_list", client_id=client_id)
    client = client_for_request(request, client_id, write=True)
    limit = settings.LOTSE_DOCUMENT_MAX_BYTES
    most = limit * settings.LOTSE_DOCUMENT_MAX_FILES + _REQUEST_OVERHEAD
    try:
        announced = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        announced = 0
    if announced > most:
        # Refused before a byte of the body is read.
        log_action(action="document.refused", obj=client, data={"reason": "request too large"})
        return _documents_page(
            request,
            client,
            errors=[
                _("The upload is larger than %(mb)s MB per file allows; nothing was stored.")
                % {"mb": limit // (1024 * 1024)}
            ],
            status=413,
        )
    limiter, sent_names = prepare_upload(request, limit)
    return _upload(request, client, limiter.oversize, sent_names)


@csrf_protect
def _upload(
    request: AuthenticatedRequest, client: Client, oversize: list[str], sent_names: list[str]
) -> HttpResponse:
    form = UploadForm(request.POST, client=client)
    files = request.FILES.getlist("files")
    limit_mb = settings.LOTSE_DOCUMENT_MAX_BYTES // (1024 * 1024)
    refusals = [_name_refusal(name) for name in sent_names]
    refusals += [
        UploadRefused(name, _("the file is larger than %(mb)s MB.") % {"mb": limit_mb})
        for name in oversize
    ]
    errors: list[DomainError] = [r for r in refusals if r is not None]
    if not form.is_valid():
        return _documents_page(request, client, form=form, errors=[str(e) for e in errors])
    if not errors:
        items = [services.UploadItem(name=f.name or "", data=f.read()) for f in files]
        try:
            created = services.documents_upload(
                client=client,
                case=form.cleaned_data["case"],
                kind=form.cleaned_data["kind"],
                document_date=form.cleaned_data["document_date"],
                title=form.cleaned_data["title"],
                files=items,
                by=request.user,
            )
        except DomainError as error:
            errors.append(error)
        else:
            messages.success(
                request,
                _("%(count)s document(s) stored encrypted.") % {"count": len(created)},
            )
            return redirect("clientdoc_list", client_id=client.pk)
    # The reasons only: file names can name the person and stay out of the trail.
    reasons = [e.reason if isinstance(e, UploadRefused) else str(e.message) for e in errors]
    log_action(
        action="document.refused",
        obj=client,
        data={"reasons": reasons, "files": len(files) + len(oversize)},
    )
    shown = [str(e.message) for e in errors]
    shown.append(_("Nothing was stored. Please correct the files and upload them again."))
    return _documents_page(request, client, form=form, errors=shown)


def _name_refusal(name: str) -> UploadRefused | None:
    try:
        check_name(name)
    except UploadRefused as refusal:
        return refusal
    return None


@login_required
def document_detail(request: AuthenticatedRequest, document_id: int) -> HttpResponse:
    document = document_for_request(request, document_id)
    return render(
        request,
        "clientdocs/document_detail.html",
        {
            "client": document.client,
            "active_tab": "documents",
            "document": document,
            "can_write": _can_write(request, document.client),
            # The URL names the document, not the client: the file's tabs are added here.
            "client_tabs": client_tabs(),
        },
    )


def _attachment_name(document: ClientDocument) -> str:
    stem = _SAFE_NAME.sub("-", document.get_kind_display())[:40].strip("-") or "dokument"
    return f"{document.client.file_number}-{stem}-{document.pk}.{document.extension}"


@login_required
def document_download(request: AuthenticatedRequest, document_id: int) -> HttpResponse:
    document = document_for_request(request, document_id)
    content = services.document_content(document)
    log_action(
        action="document.downloaded",
        obj=document,
        data={"kind": document.kind, "type": document.content_type},
    )
    response = HttpResponse(content, content_type=document.content_type)
    response["Content-Disposition"] = f'attachment; filename="{_attachment_name(document)}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@login_required
def document_preview(request: AuthenticatedRequest, document_id: int) -> HttpResponse:
    """The server-rendered PNG of the first page or the image; never the file itself."""
    document = document_for_request(request, document_id)
    preview = services.document_preview(document)
    if preview is None:
        raise Http404
    log_action(action="document.previewed", obj=document)
    response = HttpResponse(preview, content_type="image/png")
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = "inline"
    return response


@login_required
@require_POST
def document_delete(request: AuthenticatedRequest, document_id: int) -> HttpResponse:
    document = document_for_request(request, document_id, write=True)
    client_id = document.client_id
    try:
        services.document_delete(document=document)
    except DomainError as error:
        messages.error(request, str(error.message))
        return redirect("clientdoc_detail", document_id=document_id)
    messages.success(request, _("The document has been deleted."))
    return redirect("clientdoc_list", client_id=client_id)


@login_required
def document_archive(request: AuthenticatedRequest, client_id: int) -> HttpResponse:
    """Subject access as one ZIP: the JSON export and every document, decrypted."""
    client = client_for_request(request, client_id, write=True)
    if (confirm := reauthentication_redirect(request)) is not None:
        return confirm
    data = subject_access_data(client)
    buffer = BytesIO()
    documents = list(client_documents(client))
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            f"auskunft-{client.file_number}.json", json.dumps(data, ensure_ascii=False, indent=2)
        )
        for document in documents:
            document.client = client
            archive.writestr(
                f"dokumente/{_attachment_name(document)}", services.document_content(document)
            )
    log_action(
        action="client.exported",
        obj=client,
        data={"format": "zip", "documents": len(documents)},
    )
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="auskunft-{client.file_number}.zip"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
