"""The periodic jobs and when each is due; ``lotse scheduler`` enqueues them.

Times are local (``TIME_ZONE``). A job is due once per *slot*: the minute (or n minutes),
the day or the week it belongs to. A scheduler that was down enqueues a missed slot once
when it starts again — not once for every slot it missed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.tasks import Task
from django.utils import timezone
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Periodic:
    """``every_minutes`` for short intervals; else daily at ``at`` (on ``weekday`` only when
    given: 0 is Monday)."""

    name: str
    task_path: str
    every_minutes: int | None = None
    at: time = time(0, 0)
    weekday: int | None = None

    @property
    def task(self) -> Task:  # type: ignore[type-arg]
        task = import_string(self.task_path)
        if not isinstance(task, Task):
            raise TypeError(f"{self.task_path} is not a task")
        return task

    def slot(self, now: datetime) -> datetime:
        """The start of the slot ``now`` falls in (aware, local time)."""
        local = timezone.localtime(now)
        if self.every_minutes:
            minutes = local.hour * 60 + local.minute
            start = minutes - minutes % self.every_minutes
            return local.replace(hour=start // 60, minute=start % 60, second=0, microsecond=0)
        day = local.date()
        if self.weekday is not None:
            day -= timedelta(days=(day.weekday() - self.weekday) % 7)
        due = timezone.make_aware(datetime.combine(day, self.at))
        if due > local:
            due = timezone.make_aware(
                datetime.combine(
                    day - timedelta(days=7 if self.weekday is not None else 1), self.at
                )
            )
        return due


SCHEDULE: tuple[Periodic, ...] = (
    Periodic("statistics_refresh", "lotse.stats.tasks.refresh_statistics", every_minutes=1),
    Periodic("send_messages", "lotse.messaging.tasks.send_due_messages_job", every_minutes=1),
    Periodic("statistics_keep", "lotse.stats.tasks.keep_statistics", at=time(1, 30)),
    Periodic("retention", "lotse.jobs.tasks.retention_nightly", at=time(2, 30)),
    Periodic("audit_anchor", "lotse.jobs.tasks.audit_anchor_daily", at=time(3, 0)),
    Periodic("role_grants_expire", "lotse.jobs.tasks.role_grants_expire_daily", at=time(3, 15)),
    Periodic("clear_sessions", "lotse.jobs.tasks.clear_sessions_daily", at=time(3, 20)),
    Periodic("prune_tasks", "lotse.jobs.tasks.prune_daily", at=time(3, 30)),
    Periodic("import_rows_prune", "lotse.imports.tasks.import_rows_prune_daily", at=time(3, 40)),
    Periodic(
        "mass_letter_outputs_prune",
        "lotse.letters.tasks.mass_letter_outputs_prune_daily",
        at=time(3, 45),
    ),
)
