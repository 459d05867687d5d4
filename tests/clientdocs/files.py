"""Files for the upload tests: good ones and attacks, made in memory."""

from __future__ import annotations

import io
import zipfile
import zlib

from PIL import Image

GPS_IFD = 0x8825


def png(size: tuple[int, int] = (40, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def jpeg_with_location() -> bytes:
    """A photo whose EXIF says where it was taken (and who made the camera)."""
    image = Image.new("RGB", (64, 48), (20, 120, 200))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[GPS_IFD] = {1: "N", 2: (52.0, 31.0, 12.0), 3: "E", 4: (13.0, 24.0, 36.0)}
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def pdf(extra_catalog: bytes = b"", extra_objects: bytes = b"") -> bytes:
    """A one-page PDF poppler renders; ``extra_catalog`` goes into the document catalogue."""
    content = b"BT /F1 24 Tf 20 100 Td (Bescheid) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R " + extra_catalog + b" >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(content)).encode() + b" >>\nstream\n" + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    body = b"%PDF-1.4\n"
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(body))
        body += f"{number} 0 obj\n".encode() + obj + b"\nendobj\n"
    body += extra_objects
    xref = len(body)
    body += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        body += f"{offset:010d} 00000 n \n".encode()
    body += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\n".encode()
    body += f"startxref\n{xref}\n%%EOF\n".encode()
    return body


def pdf_with_javascript() -> bytes:
    return pdf(b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >>")


def pdf_with_hidden_javascript() -> bytes:
    """The action's name hex-escaped, inside a compressed object stream."""
    hidden = zlib.compress(b"6 0 << /S /J#61vaScript /JS (app.alert(1)) >>")
    stream = (
        b"6 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length "
        + str(len(hidden)).encode()
        + b" >>\nstream\n"
        + hidden
        + b"\nendstream\nendobj\n"
    )
    return pdf(extra_objects=stream)


def pdf_with_embedded_file() -> bytes:
    return pdf(b"/Names << /EmbeddedFiles << /Names [(a.exe) 6 0 R] >> >>")


def polyglot_jpeg_pdf() -> bytes:
    """A JPEG that a PDF reader also opens: the PDF rides in a comment segment."""
    image = io.BytesIO()
    Image.new("RGB", (16, 16)).save(image, format="JPEG")
    data = image.getvalue()
    inner = pdf()
    comment = b"\xff\xfe" + (len(inner) + 2).to_bytes(2, "big") + inner
    return data[:2] + comment + data[2:]


def docx(extra: dict[str, bytes] | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/'
            b'2006/content-types"></Types>',
        )
        archive.writestr("_rels/.rels", b'<?xml version="1.0"?><Relationships/>')
        archive.writestr("word/document.xml", b'<?xml version="1.0"?><w:document/>')
        for name, content in (extra or {}).items():
            archive.writestr(name, content)
    return out.getvalue()


def zip_bomb_docx(inflated_bytes: int) -> bytes:
    return docx({"word/media/bomb.xml": b"\0" * inflated_bytes})


def heic() -> bytes:
    """An iPhone-style HEIC photo."""
    import pillow_heif

    pillow_heif.register_heif_opener()
    out = io.BytesIO()
    Image.new("RGB", (32, 24), (10, 200, 10)).save(out, format="HEIF")
    return out.getvalue()
