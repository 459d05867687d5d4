"""Signed agreement documents: checked by content, stored outside the web root.

- Only PDF, recognised by what the bytes are (``%PDF-`` header, ``%%EOF`` trailer, and —
  where poppler's ``pdfinfo`` is installed — a parse), never by extension or browser type.
- At most ``LOTSE_UPLOAD_MAX_BYTES`` (default 10 MB).
- A file name that tries to leave its directory is refused; what is kept is a display name
  only. The file itself is stored under a random name in ``LOTSE_UPLOAD_DIR`` (default
  ``VAR_DIR / "uploads"``), which no web server serves; the access-checked view reads it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import secrets
import shutil
import subprocess  # nosec B404 - runs pdfinfo on our own temporary file only
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from lotse.common.errors import DomainError

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
PDF_MAGIC = b"%PDF-"
PDF_TRAILER = b"%%EOF"
STORED_NAME = re.compile(r"^[0-9a-f]{32}\.pdf$")
PDFINFO_TIMEOUT_SECONDS = 15
_TRAVERSAL = re.compile(r"(\.\.|[/\\:]|%2e|%2f|%5c|%00)", re.IGNORECASE)


def upload_dir() -> Path:
    return Path(getattr(settings, "LOTSE_UPLOAD_DIR", settings.VAR_DIR / "uploads"))


def agreement_dir() -> Path:
    return upload_dir() / "agreements"


def max_upload_bytes() -> int:
    return int(getattr(settings, "LOTSE_UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES))


@dataclass(frozen=True)
class StoredDocument:
    stored_name: str
    display_name: str
    size: int
    sha256: str


def display_name_for(name: str) -> str:
    """The upload's file name, as shown and offered for download; refuses path tricks."""
    name = unicodedata.normalize("NFC", name or "").strip()
    if not name or _TRAVERSAL.search(name) or name.startswith("."):
        raise DomainError(
            _(
                "The file name “%(name)s” is not allowed. Please rename the file, e.g. to "
                "agreement.pdf, and upload it again."
            )
            % {"name": name[:80]}
        )
    if any(unicodedata.category(char).startswith("C") for char in name):
        raise DomainError(_("The file name contains control characters. Please rename the file."))
    stem = name[:-4] if name.lower().endswith(".pdf") else name
    return f"{stem[:150]}.pdf"


def _read_limited(upload: UploadedFile, limit: int) -> bytes:
    too_big = DomainError(
        _(
            "The file is larger than %(limit)s. Please upload a smaller PDF (e.g. scanned at "
            "a lower resolution)."
        )
        % {"limit": filesizeformat(limit)}
    )
    if upload.size is not None and upload.size > limit:
        raise too_big
    data = bytearray()
    for chunk in upload.chunks():
        data.extend(chunk)
        if len(data) > limit:
            raise too_big
    return bytes(data)


def _parses_as_pdf(data: bytes) -> bool:
    pdfinfo = shutil.which("pdfinfo")
    if pdfinfo is None:  # poppler-utils missing: the header and trailer checks must do
        return True
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        try:
            result = subprocess.run(  # noqa: S603  # nosec B603 - fixed program, our own temp file
                [pdfinfo, handle.name],
                capture_output=True,
                timeout=PDFINFO_TIMEOUT_SECONDS,
                check=False,
            )
        except subprocess.TimeoutExpired:
            return False
    return result.returncode == 0


def check_pdf_bytes(data: bytes) -> None:
    not_pdf = DomainError(
        _(
            "This file is not a PDF document (whatever its name says). Please upload the "
            "signed agreement as a PDF."
        )
    )
    if not data.startswith(PDF_MAGIC) or PDF_TRAILER not in data[-2048:]:
        raise not_pdf
    if not _parses_as_pdf(data):
        raise DomainError(_("This PDF is damaged and cannot be opened. Please scan it again."))


def validate_pdf_upload(upload: UploadedFile) -> tuple[str, bytes]:
    """(display name, bytes) of an acceptable upload, or DomainError with a clear message."""
    display_name = display_name_for(upload.name or "")
    data = _read_limited(upload, max_upload_bytes())
    if not data:
        raise DomainError(_("The file is empty."))
    check_pdf_bytes(data)
    return display_name, data


def store_pdf(display_name: str, data: bytes) -> StoredDocument:
    """Write the bytes under a new random name; nothing from the upload reaches the path."""
    directory = agreement_dir()
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    stored_name = f"{secrets.token_hex(16)}.pdf"
    path = directory / stored_name
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)
    return StoredDocument(stored_name, display_name, len(data), hashlib.sha256(data).hexdigest())


def stored_path(stored_name: str) -> Path:
    """The path of a stored document; the name is checked again, whatever the database says."""
    if not STORED_NAME.match(stored_name):
        raise FileNotFoundError(stored_name)
    return agreement_dir() / stored_name


def remove_stored(stored_name: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        stored_path(stored_name).unlink(missing_ok=True)
