"""What the administrator's task page shows: failed tasks and how full the queue is."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from django.db.models import Count
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from ..models import TaskRetry

SAFE_ERRORS = ("lotse.jobs.tasks.JobError",)
_FRAME = re.compile(r'^\s*File "(?P<path>[^"]+)", line (?P<line>\d+), in (?P<func>\S+)', re.M)


@dataclass(frozen=True)
class FailedTask:
    id: str
    task: str
    arguments: str
    failed_at: datetime | None
    attempt: int
    error: str
    location: str
    retried_as: str
    retry_status: str


def error_text(db_result: DBTaskResult[Any, Any]) -> tuple[str, str]:
    """The error to show and where it was raised, without personal data.

    An exception's message can quote data (a database error quotes the row's values), so it is
    shown only for errors Lotse raises with a message written for this page (``JobError``);
    otherwise the type alone. The place is the innermost frame: file, line and function.
    """
    kind = db_result.exception_class_path or "?"
    error = kind.rsplit(".", 1)[-1]
    if kind in SAFE_ERRORS:
        lines = [line for line in db_result.traceback.strip().splitlines() if line.strip()]
        last = lines[-1] if lines else ""
        prefix = f"{kind}: "
        message = last[len(prefix) :] if last.startswith(prefix) else ""
        if not message:
            short = f"{error}: "
            message = last[len(short) :] if last.startswith(short) else ""
        if message:
            error = message
    frames = list(_FRAME.finditer(db_result.traceback))
    location = ""
    if frames:
        frame = frames[-1]
        path = frame["path"]
        path = path[path.rfind("lotse/") :] if "lotse/" in path else path.rsplit("/", 1)[-1]
        location = f"{path}:{frame['line']} ({frame['func']})"
    return error, location


def _is_uuid(value: str) -> bool:
    try:
        UUID(value)
    except ValueError:
        return False
    return True


def _arguments(args_kwargs: Any) -> str:
    """Arguments of a task are ids and flags (see lotse.jobs.tasks); shown as such."""
    args = [repr(value) for value in (args_kwargs or {}).get("args", [])]
    kwargs = [f"{key}={value!r}" for key, value in (args_kwargs or {}).get("kwargs", {}).items()]
    return ", ".join(args + kwargs)


def failed_tasks(limit: int = 200) -> list[FailedTask]:
    """Failed tasks, newest first; those the back-off still retries are left out."""
    retries = {r.failed_id: r for r in TaskRetry.objects.all()}
    rows = list(DBTaskResult.objects.failed().order_by("-finished_at")[: limit * 2])
    attempts = {
        r.retry_id: r.attempt
        for r in TaskRetry.objects.filter(retry_id__in=[str(row.pk) for row in rows])
    }
    # Ids of the database backend are UUIDs; a backend that ran the retry at once has others.
    new_ids = [r.retry_id for r in retries.values() if _is_uuid(r.retry_id)]
    statuses = {
        str(pk): status
        for pk, status in DBTaskResult.objects.filter(pk__in=new_ids).values_list("pk", "status")
    }
    shown: list[FailedTask] = []
    for row in rows:
        retry = retries.get(str(row.pk))
        if retry is not None and retry.by_id is None:
            continue  # the back-off runs it again: not the administrator's business yet
        error, location = error_text(row)
        status = ""
        if retry is not None:
            found = statuses.get(retry.retry_id)
            status = str(TaskResultStatus[found].label) if found else ""
        shown.append(
            FailedTask(
                id=str(row.pk),
                task=row.task_path.rsplit(".", 1)[-1],
                arguments=_arguments(row.args_kwargs),
                failed_at=row.finished_at,
                attempt=attempts.get(str(row.pk), 1),
                error=error,
                location=location,
                retried_as=retry.retry_id if retry else "",
                retry_status=status,
            )
        )
        if len(shown) >= limit:
            break
    return shown


def queue_counts() -> dict[str, int]:
    """Tasks waiting, running and failed (all time kept)."""
    counts = dict(
        DBTaskResult.objects.values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return {
        "ready": counts.get(TaskResultStatus.READY, 0),
        "running": counts.get(TaskResultStatus.RUNNING, 0),
        "failed": counts.get(TaskResultStatus.FAILED, 0),
    }


def open_failures(limit: int = 100) -> int:
    """Failed tasks that wait for the administrator (not retried by anyone), up to ``limit``."""
    return sum(1 for task in failed_tasks(limit) if not task.retried_as)
