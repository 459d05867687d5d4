"""What a view does when a save lost the race: keep the entries, rebase them, say so."""

from __future__ import annotations

from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext as _

from ..errors import ConflictError


def rebased_on(data: QueryDict, saved_version: int) -> QueryDict:
    """The submitted values, now claiming to start from the saved version.

    Saving them again is then a deliberate choice made with both versions in view.
    """
    retry = data.copy()
    retry["version"] = str(saved_version)
    return retry


def keep_entries_on_conflict(form: Any, error: ConflictError, saved_version: int) -> None:
    """Keep what was typed in ``form``, based on the saved version, and explain the conflict."""
    form.data = rebased_on(form.data, saved_version)
    form.add_error(
        None,
        _("%(message)s Your entries are still here; save again to overwrite the other version.")
        % {"message": error.message},
    )
