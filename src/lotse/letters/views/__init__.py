"""Views of the letters app (issue #17 §2)."""

from __future__ import annotations

from .letters import client_letter
from .mass import mass_download, mass_letter, mass_output_delete, mass_progress, mass_run
from .templates import (
    install_defaults,
    template_create,
    template_detail,
    template_list,
    version_preview,
    version_upload,
)

__all__ = [
    "client_letter",
    "install_defaults",
    "mass_download",
    "mass_letter",
    "mass_output_delete",
    "mass_progress",
    "mass_run",
    "template_create",
    "template_detail",
    "template_list",
    "version_preview",
    "version_upload",
]
