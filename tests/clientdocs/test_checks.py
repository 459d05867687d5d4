"""The upload checks on their own (no HTTP, no storage)."""

from __future__ import annotations

import io
import zipfile

import pytest

from lotse.clientdocs.services.checks import UploadRefused, check_name, check_upload
from lotse.clientdocs.types import DOCX, ODT, PDF

from . import files

LIMIT = 20 * 1024 * 1024


def odt(mimetype: bytes = b"application/vnd.oasis.opendocument.text") -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), mimetype)
        archive.writestr("content.xml", b"<office:document-content/>")
        archive.writestr("META-INF/manifest.xml", b"<manifest/>")
    return out.getvalue()


def test_good_files_pass_with_their_type() -> None:
    assert check_upload("a.pdf", files.pdf(), max_bytes=LIMIT).content_type == PDF
    assert check_upload("a.docx", files.docx(), max_bytes=LIMIT).content_type == DOCX
    assert check_upload("a.odt", odt(), max_bytes=LIMIT).content_type == ODT
    assert check_upload("A.JPEG", files.jpeg_with_location(), max_bytes=LIMIT).content_type == (
        "image/jpeg"
    )


@pytest.mark.parametrize(
    "name",
    ["../x.pdf", "a/b.pdf", "a\\b.pdf", ".hidden.pdf", "bad\x00.pdf", "tab\t.pdf", "x" * 201, " "],
)
def test_names_that_are_paths_or_carry_control_characters_are_refused(name: str) -> None:
    with pytest.raises(UploadRefused):
        check_name(name)


def test_ordinary_names_with_umlauts_and_spaces_pass() -> None:
    check_name("Bescheid Jobcenter März 2026 (Kopie).pdf")


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("leer.pdf", b""),
        ("verschluesselt.pdf", files.pdf(b"/Encrypt 9 0 R")),
        ("launch.pdf", files.pdf(b"/OpenAction << /S /Launch /F (cmd.exe) >>")),
        ("kein-pdf-anfang.pdf", b"junk" + files.pdf()),
        ("zip.png", files.png() + files.docx()),
        ("svg.png", files.png()[:8] + b"<svg onload=alert(1)>"),
        ("fremd.odt", odt(b"application/vnd.oasis.opendocument.spreadsheet")),
        ("kaputt.docx", files.docx()[:200]),
    ],
)
def test_refused(name: str, data: bytes) -> None:
    with pytest.raises(UploadRefused):
        check_upload(name, data, max_bytes=LIMIT)


def test_size_limit_is_per_file() -> None:
    data = files.png()
    check_upload("a.png", data, max_bytes=len(data))
    with pytest.raises(UploadRefused):
        check_upload("a.png", data, max_bytes=len(data) - 1)
