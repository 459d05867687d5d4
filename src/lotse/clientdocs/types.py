"""The file types a client document may have, shared by the model and the upload checks."""

from __future__ import annotations

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
HEIC = "image/heic"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"

# Sniffed type -> extensions a file of that type may carry.
ALLOWED: dict[str, tuple[str, ...]] = {
    PDF: ("pdf",),
    JPEG: ("jpg", "jpeg"),
    PNG: ("png",),
    HEIC: ("heic", "heif"),
    DOCX: ("docx",),
    ODT: ("odt",),
}
# Stored type -> extension of the download (HEIC is stored as JPEG).
EXTENSIONS = {PDF: "pdf", JPEG: "jpg", PNG: "png", DOCX: "docx", ODT: "odt"}
