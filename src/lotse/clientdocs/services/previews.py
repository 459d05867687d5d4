"""Server-side previews: the first page of a PDF (poppler's pdftoppm) or the image, as PNG.

The browser never opens a foreign PDF: it only ever gets this PNG. pdftoppm reads the PDF on
standard input and writes the PNG to standard output, so no plaintext touches the disk; it
runs with a time limit. A file that cannot be rendered simply has no preview.
"""

from __future__ import annotations

import io
import logging
import shutil
import subprocess  # nosec B404 - a fixed program with fixed arguments, no shell

from PIL import Image

from ..types import JPEG, PDF, PNG

logger = logging.getLogger(__name__)

PREVIEW_PIXELS = 900
TIMEOUT_SECONDS = 20


def render_preview(content: bytes, content_type: str) -> bytes | None:
    if content_type == PDF:
        return _pdf_preview(content)
    if content_type in (JPEG, PNG):
        return _image_preview(content)
    return None


def _image_preview(content: bytes) -> bytes | None:
    try:
        with Image.open(io.BytesIO(content)) as image:
            image.thumbnail((PREVIEW_PIXELS, PREVIEW_PIXELS))
            out = io.BytesIO()
            image.convert("RGB").save(out, format="PNG", optimize=True)
            return out.getvalue()
    except (OSError, ValueError):
        return None


def _pdf_preview(content: bytes) -> bytes | None:
    program = shutil.which("pdftoppm")
    if program is None:
        logger.warning("pdftoppm is not installed: PDFs get no preview (poppler-utils)")
        return None
    try:
        result = subprocess.run(  # noqa: S603  # nosec B603 - fixed arguments, input on stdin
            [
                program,
                "-png",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                "-scale-to",
                str(PREVIEW_PIXELS),
                "fd://0",
            ],
            input=content,
            capture_output=True,
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        logger.warning("pdftoppm took longer than %s s: no preview", TIMEOUT_SECONDS)
        return None
    if result.returncode != 0 or not result.stdout.startswith(b"\x89PNG"):
        return None
    return result.stdout
