"""Upload checks: what a file is decides, never what it is called.

Order: the name (no paths, no control characters), the size, the type sniffed from the content
against the allow-list, the extension against that type, polyglots, then per type: PDFs
without JavaScript, actions or embedded files and not encrypted; images decoded and re-encoded
without metadata; DOCX/ODT archives inflated under a budget (zip bombs) without macros or path
entries. Finally ClamAV when a daemon is configured. Every refusal is an ``UploadRefused``
with a message for the person uploading; nothing is stored before all files passed.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
import zlib
from dataclasses import dataclass

import filetype
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

from lotse.common.errors import DomainError

from ..types import ALLOWED, DOCX, HEIC, JPEG, ODT, PDF, PNG
from . import clamav

# What the file input offers (phones then offer the camera too).
ACCEPT = ",".join(
    [".pdf", ".jpg", ".jpeg", ".png", ".heic", ".heif", ".docx", ".odt", "image/*", PDF]
)

MAX_NAME_LENGTH = 200
MAX_IMAGE_PIXELS = 50_000_000  # a 50-megapixel photo; decompression bombs are far larger
MAX_ARCHIVE_ENTRIES = 2_000
MAX_INFLATED_BYTES = 200 * 1024 * 1024  # everything inside one DOCX/ODT, actually inflated
MAX_PDF_INFLATED_BYTES = 200 * 1024 * 1024  # all streams of one PDF, inflated for the scan

# PDF names that run code, start programs or carry other files.
PDF_FORBIDDEN_NAMES = {
    b"/JavaScript": "JavaScript",
    b"/JS": "JavaScript",
    b"/Launch": "Launch",
    b"/EmbeddedFile": "EmbeddedFile",
    b"/EmbeddedFiles": "EmbeddedFiles",
    b"/FileAttachment": "FileAttachment",
    b"/RichMedia": "RichMedia",
    b"/XFA": "XFA",
}
_PDF_NAME = re.compile(rb"/[^\s/<>\[\]()%{}]+")
_PDF_HEX_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_PDF_STREAM = re.compile(rb"stream\r?\n")
_ACTIVE_MARKUP = re.compile(rb"<\s*(script|html|svg|!doctype|iframe|object)\b", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class UploadRefused(DomainError):
    """One file was refused; ``name`` says which."""

    def __init__(self, name: str, reason: str) -> None:
        self.name = name
        self.reason = reason
        super().__init__(
            _("“%(name)s” was refused: %(reason)s") % {"name": name[:80], "reason": reason}
        )


@dataclass(frozen=True)
class CheckedFile:
    name: str  # the original name, as shown to people (never used as a path)
    content: bytes  # what is stored: re-encoded for images
    content_type: str  # of ``content``
    sniffed_type: str  # of the upload


def check_name(name: str) -> None:
    """Refuse names that try to be paths or carry control characters."""
    if (
        not name.strip()
        or "/" in name
        or "\\" in name
        or ".." in name
        or name.startswith(".")
        or _CONTROL.search(name)
        or len(name) > MAX_NAME_LENGTH
    ):
        raise UploadRefused(
            name or "?",
            _(
                "the file name contains a path, control characters or is too long. "
                "Please rename the file and upload it again."
            ),
        )


def check_upload(name: str, data: bytes, *, max_bytes: int) -> CheckedFile:
    check_name(name)
    if not data:
        raise UploadRefused(name, _("the file is empty."))
    if len(data) > max_bytes:
        raise UploadRefused(
            name,
            _("the file is larger than %(mb)s MB.") % {"mb": max_bytes // (1024 * 1024)},
        )
    guess = filetype.guess(data)
    sniffed = guess.mime if guess is not None else ""
    if sniffed not in ALLOWED:
        raise UploadRefused(
            name,
            _("this kind of file is not accepted. Allowed are PDF, JPEG, PNG, HEIC, DOCX, ODT."),
        )
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ALLOWED[sniffed]:
        raise UploadRefused(
            name,
            _("the file name ends in “.%(ext)s” but the content is %(type)s.")
            % {"ext": extension, "type": ALLOWED[sniffed][0].upper()},
        )
    _refuse_polyglot(name, data, sniffed)
    if sniffed == PDF:
        check_pdf(name, data)
        checked = CheckedFile(name, data, PDF, PDF)
    elif sniffed in (JPEG, PNG, HEIC):
        content, stored_type = reencode_image(name, data, sniffed)
        checked = CheckedFile(name, content, stored_type, sniffed)
    else:
        check_office_archive(name, data, sniffed)
        checked = CheckedFile(name, data, sniffed, sniffed)
    verdict = clamav.scan(data)
    if verdict is not None:
        raise UploadRefused(name, _("the virus scanner found %(what)s.") % {"what": verdict})
    return checked


def _refuse_polyglot(name: str, data: bytes, sniffed: str) -> None:
    """A file that is also another kind of file is refused, whichever it claims to be."""
    reason = _("the file is at the same time another kind of file (polyglot).")
    if sniffed != PDF and b"%PDF-" in data:
        raise UploadRefused(name, reason)
    if sniffed == PDF and not data.startswith(b"%PDF-"):
        raise UploadRefused(name, reason)
    if sniffed not in (DOCX, ODT) and zipfile.is_zipfile(io.BytesIO(data)):
        raise UploadRefused(name, reason)
    if _ACTIVE_MARKUP.search(data[:4096]):
        raise UploadRefused(name, reason)


# --- PDF ------------------------------------------------------------------------------------


def _normalised_names(chunk: bytes) -> set[bytes]:
    """PDF names in ``chunk`` with #xx escapes resolved (/J#61vaScript is /JavaScript)."""
    return {
        _PDF_HEX_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), raw)
        for raw in _PDF_NAME.findall(chunk)
    }


def _inflated_streams(data: bytes) -> list[bytes]:
    """The content of every stream zlib can inflate, within one budget for the whole file."""
    budget = MAX_PDF_INFLATED_BYTES
    found: list[bytes] = []
    for match in _PDF_STREAM.finditer(data):
        start = match.end()
        end = data.find(b"endstream", start)
        if end < 0:
            break
        inflater = zlib.decompressobj()
        try:
            plain = inflater.decompress(data[start:end], budget + 1)
        except zlib.error:
            continue
        budget -= len(plain)
        if budget < 0:
            raise ValueError("inflated PDF streams exceed the budget")
        found.append(plain)
    return found


def check_pdf(name: str, data: bytes) -> None:
    active = _(
        "the PDF contains JavaScript, actions or embedded files. Please print it to a new PDF."
    )
    if b"/Encrypt" in data:
        raise UploadRefused(
            name, _("the PDF is password-protected or encrypted and cannot be checked.")
        )
    names = _normalised_names(data)
    try:
        for stream in _inflated_streams(data):
            names |= _normalised_names(stream)
    except ValueError:
        raise UploadRefused(name, _("the PDF unpacks to far more data than it holds.")) from None
    if names & set(PDF_FORBIDDEN_NAMES):
        raise UploadRefused(name, active)


# --- images ---------------------------------------------------------------------------------


def reencode_image(name: str, data: bytes, sniffed: str) -> tuple[bytes, str]:
    """Decode and encode again: metadata (EXIF location, comments) and trailing data go."""
    broken = _("the image cannot be read or is too large.")
    if sniffed == HEIC:
        import pillow_heif

        pillow_heif.register_heif_opener()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                width, height = image.size
                if width * height > MAX_IMAGE_PIXELS:
                    raise UploadRefused(name, broken)
                image.load()
                upright = ImageOps.exif_transpose(image)
    except UploadRefused:
        raise
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError, Warning):
        raise UploadRefused(name, broken) from None
    out = io.BytesIO()
    if sniffed == PNG:
        clean = upright.convert("RGBA" if "A" in upright.getbands() else "RGB")
        clean.save(out, format="PNG", optimize=True)
        return out.getvalue(), PNG
    clean = upright.convert("RGB")
    clean.save(out, format="JPEG", quality=90, optimize=True)
    return out.getvalue(), JPEG


# --- DOCX / ODT -------------------------------------------------------------------------------


def check_office_archive(name: str, data: bytes, sniffed: str) -> None:
    broken = _("the document is damaged or unpacks to far more data than it holds (zip bomb).")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError):
        raise UploadRefused(name, broken) from None
    with archive:
        entries = archive.infolist()
        if not entries or len(entries) > MAX_ARCHIVE_ENTRIES or entries[0].header_offset != 0:
            raise UploadRefused(name, broken)
        names = [entry.filename for entry in entries]
        for entry_name in names:
            if entry_name.startswith(("/", "\\")) or ".." in entry_name or "\\" in entry_name:
                raise UploadRefused(name, broken)
        lowered = [n.lower() for n in names]
        if sniffed == DOCX and (
            "[content_types].xml" not in lowered or "word/document.xml" not in lowered
        ):
            raise UploadRefused(name, broken)
        if sniffed == ODT and names[0] != "mimetype":
            raise UploadRefused(name, broken)
        if any(
            n.endswith("vbaproject.bin") or n.startswith(("basic/", "scripts/")) for n in lowered
        ):
            raise UploadRefused(name, _("the document contains macros."))
        budget = MAX_INFLATED_BYTES
        try:
            for entry in entries:
                if entry.flag_bits & 0x1:
                    raise UploadRefused(name, _("the document is password-protected."))
                with archive.open(entry) as member:
                    while chunk := member.read(1024 * 1024):
                        budget -= len(chunk)
                        if budget < 0:
                            raise UploadRefused(name, broken)
        except UploadRefused:
            raise
        except (zipfile.BadZipFile, zlib.error, OSError, NotImplementedError, EOFError):
            raise UploadRefused(name, broken) from None
