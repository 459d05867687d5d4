"""Letters from the centre's Word templates (issue #17 §2)."""

from __future__ import annotations

from .context import letter_context
from .filling import render_docx_bytes
from .letters import (
    FORMATS,
    MAX_MASS_LETTERS,
    Letter,
    MassResult,
    letter_create,
    mass_letters,
    mass_plan,
    refusal,
    version_for,
)
from .render import pdf_engine, render_docx, render_pdf
from .templates import (
    TEMPLATE_LANGUAGES,
    check_template,
    install_defaults,
    install_defaults_everywhere,
    template_create,
    version_bytes,
    version_upload,
)

__all__ = [
    "FORMATS",
    "MAX_MASS_LETTERS",
    "TEMPLATE_LANGUAGES",
    "Letter",
    "MassResult",
    "check_template",
    "install_defaults",
    "install_defaults_everywhere",
    "letter_context",
    "letter_create",
    "mass_letters",
    "mass_plan",
    "pdf_engine",
    "refusal",
    "render_docx",
    "render_docx_bytes",
    "render_pdf",
    "template_create",
    "version_bytes",
    "version_for",
    "version_upload",
]
