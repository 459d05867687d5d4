"""Sample rows of the task queue for the access matrix and the page tests."""

from __future__ import annotations

from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max


def failed_task(*, kwargs: dict[str, object] | None = None, traceback: str = "") -> str:
    """A failed ``noop`` task (run again, it succeeds unless ``kwargs`` say fail)."""
    row = DBTaskResult.objects.create(
        task_path="lotse.jobs.tasks.noop",
        args_kwargs={"args": [], "kwargs": kwargs or {}},
        status="FAILED",
        backend_name="default",
        run_after=get_date_max(),
        finished_at=timezone.now(),
        exception_class_path="django.db.utils.IntegrityError",
        traceback=traceback
        or (
            "Traceback (most recent call last):\n"
            '  File "/srv/lotse/src/lotse/clients/services/intake.py", line 12, in save_it\n'
            "    client.save()\n"
            "django.db.utils.IntegrityError: duplicate key value violates unique constraint\n"
            "DETAIL:  Key (email)=(anna.schmidt@example.org) already exists.\n"
        ),
    )
    return str(row.pk)
