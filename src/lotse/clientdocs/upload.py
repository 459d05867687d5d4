"""Reading an upload request before any file reaches the disk.

Django's multipart parser strips path parts from file names (``../../x.pdf`` arrives as
``x.pdf``) and spools large files to a temporary file. For client documents both are refused
earlier: ``prepare_upload`` remembers the names as sent, ``LimitedUploadHandler`` stops
reading a file as soon as it exceeds the size limit, so a 1 GB stream never lands anywhere,
and the files stay in memory (never a plaintext temporary file).
"""

from __future__ import annotations

import html
from typing import Any

from django.core.files.uploadhandler import (
    FileUploadHandler,
    MemoryFileUploadHandler,
    SkipFile,
)
from django.http import HttpRequest
from django.http.multipartparser import MultiPartParser


class LimitedUploadHandler(FileUploadHandler):
    """First in the chain: counts the bytes of each file and drops one that grows too large."""

    def __init__(self, request: HttpRequest, limit: int) -> None:
        super().__init__(request)
        self.limit = limit
        self.received = 0
        self.oversize: list[str] = []

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        if self.received > self.limit:
            self.oversize.append(self.file_name or "?")
            raise SkipFile
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


class InMemoryUploadHandler(MemoryFileUploadHandler):
    """Keeps every file in memory, whatever its size: a client's document never lands in
    plaintext in a temporary file. Memory stays bounded by ``LimitedUploadHandler`` before it
    and the request-size check of the view (files × size limit)."""

    def handle_raw_input(self, *args: Any, **kwargs: Any) -> None:
        self.activated = True


def prepare_upload(request: HttpRequest, limit: int) -> tuple[LimitedUploadHandler, list[str]]:
    """Set the handlers and the parser before ``request.POST`` or ``FILES`` is first read.

    Returns the size handler (its ``oversize`` names) and the list that will hold the file
    names exactly as the browser sent them.
    """
    limiter = LimitedUploadHandler(request, limit)
    request.upload_handlers = [limiter, InMemoryUploadHandler(request)]
    sent_names: list[str] = []

    class NameRecordingParser(MultiPartParser):
        def sanitize_file_name(self, file_name: str) -> str | None:
            sent_names.append(html.unescape(file_name))
            return super().sanitize_file_name(file_name)  # type: ignore[no-any-return]

    request.multipart_parser_class = NameRecordingParser  # type: ignore[assignment]
    return limiter, sent_names
