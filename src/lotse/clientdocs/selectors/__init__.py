"""Reading client documents: always through the client's visibility, never by bare id."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from lotse.clients.models import Client
from lotse.clients.selectors import client_for_request

from ..models import ClientDocument


def document_for_request(
    request: HttpRequest, document_id: int, *, write: bool = False
) -> ClientDocument:
    """The document from the URL: 404 unless its client is visible, 403 if read-only.

    The client is resolved through ``client_for_request``, which writes ``client.viewed``.
    """
    client_id = (
        ClientDocument.objects.visible_to(request.user)
        .filter(pk=document_id)
        .values_list("client_id", flat=True)
        .first()
    )
    if client_id is None:
        raise Http404
    client = client_for_request(request, client_id, write=write)
    document = ClientDocument.objects.select_related("case", "uploaded_by").get(pk=document_id)
    document.client = client
    return document


def client_documents(client: Client) -> QuerySet[ClientDocument]:
    return ClientDocument.objects.filter(client=client).select_related("case", "uploaded_by")
