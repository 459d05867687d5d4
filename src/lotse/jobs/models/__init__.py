"""What the task queue does not keep itself: scheduler slots and retries.

The tasks are rows of ``django_tasks_db.DBTaskResult`` (app label ``django_tasks_database``);
these two tables refer to them by their UUID, not by a foreign key, so that pruning old task
results (``lotse prune_db_task_results``) never has to touch Lotse's tables.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lotse.common.auditing import not_audited


@not_audited("scheduler bookkeeping: a job name and the slot it was enqueued for, no personal data")
class ScheduledRun(models.Model):
    """One periodic job enqueued for one slot (the minute, day or week it is due for).

    The unique (job, slot) pair is the scheduler's lock: two schedulers that see the same slot
    both try to insert it, and only the one whose insert succeeds enqueues the task.
    """

    job = models.CharField(_("job"), max_length=64)
    slot = models.DateTimeField(_("slot"))
    enqueued_at = models.DateTimeField(_("enqueued at"), auto_now_add=True)
    task_id = models.CharField(_("task"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("scheduled run")
        verbose_name_plural = _("scheduled runs")
        constraints = [
            models.UniqueConstraint(fields=["job", "slot"], name="jobs_scheduledrun_once"),
        ]
        indexes = [models.Index(fields=["job", "-slot"], name="jobs_sched_job_slot")]

    def __str__(self) -> str:
        return f"{self.job} @ {self.slot.isoformat()}"


@not_audited("retry bookkeeping of the task queue; a retry by an administrator: task.retried")
class TaskRetry(models.Model):
    """A failed task was enqueued again: by the back-off (``by`` empty) or by an administrator."""

    failed_id = models.CharField(_("failed task"), max_length=64, unique=True)
    retry_id = models.CharField(_("new task"), max_length=64, db_index=True)
    attempt = models.PositiveSmallIntegerField(_("attempt of the new task"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("by"),
    )

    class Meta:
        verbose_name = _("task retry")
        verbose_name_plural = _("task retries")

    def __str__(self) -> str:
        return f"{self.failed_id} -> {self.retry_id} (attempt {self.attempt})"
