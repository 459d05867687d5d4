"""Uploading, reading and destroying client documents."""

from __future__ import annotations

from .documents import (
    UploadItem,
    destroy_client_documents,
    document_content,
    document_delete,
    document_preview,
    document_store_generated,
    documents_upload,
)

__all__ = [
    "UploadItem",
    "destroy_client_documents",
    "document_content",
    "document_delete",
    "document_preview",
    "document_store_generated",
    "documents_upload",
]
