"""The import as a background task: ids in, counts out, no personal data in the task row."""

from __future__ import annotations

from django.tasks import task

from lotse.audit.context import acting_as, actor_for_user

from .models import ImportRun
from .services import import_execute, import_rows_prune


@task
def import_run_task(run_id: int) -> int:
    """Import a checked run (resumes after the last finished batch when run again)."""
    run = ImportRun.objects.select_related("team__service", "uploaded_by").get(pk=run_id)
    # The files are created in the name of the team lead who confirmed the import.
    with acting_as(actor_for_user(run.uploaded_by)):
        return import_execute(run).created


@task
def import_rows_prune_daily() -> int:
    """Empty the rows of dry runs older than 24 h that were never imported (no copy of the
    list is kept for good)."""
    return import_rows_prune()
