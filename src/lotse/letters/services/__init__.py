"""Letters from the centre's Word templates (issue #17 §2)."""

from __future__ import annotations

from .context import letter_context
from .filling import render_docx_bytes
from .letters import (
    FORMATS,
    MAX_MASS_LETTERS,
    Letter,
    letter_create,
    letter_filename,
    mass_plan,
    refusal,
    refusal_code,
    version_for,
)
from .mass import (
    KEEP_OUTPUT,
    PROGRESS_EVERY,
    mass_output,
    mass_output_delete,
    mass_outputs_prune,
    mass_run_create,
    mass_run_execute,
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
    "KEEP_OUTPUT",
    "MAX_MASS_LETTERS",
    "PROGRESS_EVERY",
    "TEMPLATE_LANGUAGES",
    "Letter",
    "check_template",
    "install_defaults",
    "install_defaults_everywhere",
    "letter_context",
    "letter_create",
    "letter_filename",
    "mass_output",
    "mass_output_delete",
    "mass_outputs_prune",
    "mass_plan",
    "mass_run_create",
    "mass_run_execute",
    "pdf_engine",
    "refusal",
    "refusal_code",
    "render_docx",
    "render_docx_bytes",
    "render_pdf",
    "template_create",
    "version_bytes",
    "version_for",
    "version_upload",
]
