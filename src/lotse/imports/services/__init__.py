"""Importing clients from spreadsheets (issue #18 §3)."""

from __future__ import annotations

from .reading import ImportFileError
from .runs import (
    BATCH_SIZE,
    UNDO_WINDOW,
    ImportRefused,
    import_dry_run,
    import_execute,
    import_remap,
    import_rows_prune,
    import_start,
    import_undo,
    import_upload,
    sheet_of,
    undo_possible,
)
from .template import template_xlsx

__all__ = [
    "BATCH_SIZE",
    "UNDO_WINDOW",
    "ImportFileError",
    "ImportRefused",
    "import_dry_run",
    "import_execute",
    "import_remap",
    "import_rows_prune",
    "import_start",
    "import_undo",
    "import_upload",
    "sheet_of",
    "template_xlsx",
    "undo_possible",
]
