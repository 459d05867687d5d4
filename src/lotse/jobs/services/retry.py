"""Failed tasks are run again: automatically with back-off, then by an administrator."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.tasks import TaskResult, TaskResultStatus, task_backends
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from lotse.audit.services import log_action

from ..models import TaskRetry

logger = logging.getLogger(__name__)


class RetryRefused(Exception):
    """The task is not failed, or it was retried already."""


def attempt_of(result_id: str) -> int:
    """1 for a task enqueued by its caller; n for the (n-1)th retry."""
    retry = TaskRetry.objects.filter(retry_id=result_id).only("attempt").first()
    return retry.attempt if retry else 1


def backoff(attempt: int) -> timedelta:
    """Wait before attempt ``attempt + 1``: the base, then 4 times longer each time."""
    return timedelta(seconds=settings.LOTSE_TASK_RETRY_SECONDS * 4 ** (attempt - 1))


def _enqueue_again(
    db_result: DBTaskResult[Any, Any], *, run_after: datetime, attempt: int, by: Any
) -> str:
    task = db_result.task
    # A backend that runs tasks at once (tests, LOTSE_TASKS_IMMEDIATE) cannot wait.
    task = replace(task, run_after=run_after if task.get_backend().supports_defer else None)
    args = db_result.args_kwargs["args"]
    kwargs = db_result.args_kwargs["kwargs"]
    with transaction.atomic():
        new = task.enqueue(*args, **kwargs)
        TaskRetry.objects.create(
            failed_id=str(db_result.pk), retry_id=str(new.id), attempt=attempt, by=by
        )
    return str(new.id)


def retry_after_failure(result: TaskResult) -> str | None:  # type: ignore[type-arg]
    """Called when a task finished: a failed one is enqueued again after its back-off while it
    has attempts left (only on a backend that can run tasks later). The new task's id."""
    if result.status != TaskResultStatus.FAILED:
        return None
    backend = task_backends[result.backend]
    if not backend.supports_defer:
        return None
    attempt = attempt_of(str(result.id))
    if attempt >= settings.LOTSE_TASK_MAX_ATTEMPTS:
        return None
    db_result = DBTaskResult.objects.filter(pk=result.id).first()
    if db_result is None or TaskRetry.objects.filter(failed_id=str(result.id)).exists():
        return None
    new_id = _enqueue_again(
        db_result, run_after=timezone.now() + backoff(attempt), attempt=attempt + 1, by=None
    )
    logger.info("task %s failed (attempt %d); retry %s queued", result.id, attempt, new_id)
    return new_id


def retry_failed(result_id: str, *, by: Any) -> str:
    """An administrator runs a failed task again now (audited). The new task's id."""
    with transaction.atomic():
        db_result = DBTaskResult.objects.select_for_update().filter(pk=result_id).failed().first()
        if db_result is None:
            raise RetryRefused("not a failed task")
        if TaskRetry.objects.filter(failed_id=str(db_result.pk)).exists():
            raise RetryRefused("retried already")
        new_id = _enqueue_again(
            db_result, run_after=timezone.now(), attempt=attempt_of(str(db_result.pk)) + 1, by=by
        )
        log_action(
            action="task.retried",
            data={"task": db_result.task_path, "failed": str(db_result.pk), "new": new_id},
        )
    return new_id
