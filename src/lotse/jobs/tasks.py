"""The periodic work of Lotse as tasks (each also exists as a ``lotse`` command).

Arguments and return values are ids and counts only: a task row, its result and an error
shown to the administrator must never carry personal data.
"""

from __future__ import annotations

from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django.tasks import task
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from lotse.accounts.services import role_grants_expire
from lotse.audit.context import Actor, acting_as
from lotse.audit.services.anchors import AnchorError, anchor_head
from lotse.privacy.services import retention_run

from .models import ScheduledRun


class JobError(Exception):
    """A task failed for a reason whose message holds no personal data: the administrator's
    list of failed tasks shows it word for word (other exceptions show their type only)."""


@task
def retention_nightly() -> dict[str, int]:
    """Anonymise or delete what the retention rules say is due (``lotse retention``)."""
    with acting_as(Actor(None, "system:retention")):
        reports = retention_run(today=timezone.localdate(), dry_run=False)
    failed = {report.category: len(report.failed) for report in reports if report.failed}
    if failed:
        summary = ", ".join(f"{category}: {count}" for category, count in sorted(failed.items()))
        raise JobError(f"Retention could not remove every due record ({summary}).")
    return {report.category: len(report.done) for report in reports}


@task
def audit_anchor_daily() -> int:
    """Verify the audit chain and append its head to the anchor file (``lotse audit anchor``)."""
    try:
        _, report = anchor_head()
    except AnchorError as error:
        raise JobError(str(error)) from error
    return report.checked


@task
def role_grants_expire_daily() -> int:
    """Mark role proposals past their seven days as expired (``lotse role_grants_expire``)."""
    return role_grants_expire()


@task
def clear_sessions_daily() -> None:
    """Delete expired sessions (Django's ``lotse clearsessions``)."""
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()


@task
def noop(fail: bool = False) -> str:
    """Checks that a worker runs (``lotse shell -c "from lotse.jobs.tasks import noop;
    noop.enqueue()"``) and, failing on purpose, the list of failed tasks."""
    if fail:
        raise JobError("Failed on purpose (check of the task queue).")
    return "ok"


@task
def prune_daily() -> int:
    """Delete finished task rows and scheduler slots older than LOTSE_TASK_KEEP_DAYS; failed
    tasks nobody retried stay until an administrator has seen them (they are kept as long)."""
    before = timezone.now() - timedelta(days=settings.LOTSE_TASK_KEEP_DAYS)
    deleted, _ = DBTaskResult.objects.finished().filter(finished_at__lt=before).delete()
    ScheduledRun.objects.filter(slot__lt=before).delete()
    return deleted
