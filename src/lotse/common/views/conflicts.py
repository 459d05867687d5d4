"""What a view does when a save lost the race: keep the entries, rebase them, say so."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.http import QueryDict
from django.utils.translation import gettext as _

from ..errors import ConflictError, DomainError


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


@dataclass(frozen=True)
class SaveAttempt[T]:
    saved: bool
    status: int  # for the page that shows the form again: 409 after a lost race
    result: T | None = None


def save_keeping_entries[T](
    form: Any,
    save: Callable[[], T],
    *,
    record: models.Model | None = None,
    error_field: str | None = None,
) -> SaveAttempt[T]:
    """Run ``save()`` for a valid ``form`` and say how it went.

    A lost race (``ConflictError``) reloads ``record`` and keeps the typed entries on its saved
    version (409); a refused rule (``DomainError``) is shown on the form, at the error's own
    ``field`` if it names one, else at ``error_field`` (None: above the form).
    """
    try:
        result = save()
    except ConflictError as error:
        if record is None:
            raise
        record.refresh_from_db()
        keep_entries_on_conflict(form, error, record.version)  # type: ignore[attr-defined]
        return SaveAttempt(saved=False, status=409)
    except DomainError as error:
        form.add_error(getattr(error, "field", error_field), str(error.message))
        return SaveAttempt(saved=False, status=200)
    return SaveAttempt(saved=True, status=200, result=result)
