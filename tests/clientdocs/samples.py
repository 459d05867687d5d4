"""Sample document of client A for the access matrix (tests/test_access_matrix.py)."""

from __future__ import annotations

from lotse.clientdocs.models import ClientDocument
from lotse.clientdocs.services import UploadItem, documents_upload
from lotse_testing import Org

from .files import png


def document_a(org: Org) -> int:
    existing = ClientDocument.objects.filter(client=org.client_a).first()
    if existing is not None:
        return existing.pk
    (document,) = documents_upload(
        client=org.client_a,
        case=None,
        kind="id",
        document_date=None,
        title="Ausweis",
        files=[UploadItem(name="ausweis.png", data=png())],
        by=org.users["counsellor"],
    )
    return document.pk
