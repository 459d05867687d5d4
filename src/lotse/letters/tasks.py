"""Mass letters as a background task: a run id in, a count out, no personal data in the task row."""

from __future__ import annotations

from django.tasks import task

from lotse.audit.context import acting_as, actor_for_user

from .models import MassLetterRun
from .services import mass_outputs_prune, mass_run_execute


@task
def write_mass_letters(run_id: int) -> int:
    """Write a queued run's letters (goes on after the last saved progress when run again)."""
    run = MassLetterRun.objects.select_related("template", "partner", "created_by").get(pk=run_id)
    # The letters are written and audited in the name of the counsellor who started the run.
    with acting_as(actor_for_user(run.created_by)):
        return mass_run_execute(run).produced


@task
def mass_letter_outputs_prune_daily() -> int:
    """Delete the combined files of mass letters older than a week (the letters stay in the
    client files)."""
    return mass_outputs_prune()
