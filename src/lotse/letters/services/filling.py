"""Filling a Word template with docxtpl, in a Jinja sandbox with autoescaping.

A template is an upload: the sandbox keeps it from reaching Python objects, autoescaping keeps
a value with "&" or "<" from breaking the Word XML. Multi-line values become line breaks.
"""

from __future__ import annotations

from collections.abc import Mapping
from io import BytesIO
from typing import Any

from docxtpl import DocxTemplate, Listing
from jinja2.sandbox import SandboxedEnvironment


def render_docx_bytes(template: bytes, context: Mapping[str, str]) -> bytes:
    document = DocxTemplate(BytesIO(template))
    values: dict[str, Any] = {
        key: Listing(value) if "\n" in value else value for key, value in context.items()
    }
    document.render(values, jinja_env=SandboxedEnvironment(), autoescape=True)
    out = BytesIO()
    document.save(out)
    return out.getvalue()
