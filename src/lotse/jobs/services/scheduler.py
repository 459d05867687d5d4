"""One scheduler tick: enqueue every periodic job whose current slot has no run yet."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime

from django.db import IntegrityError, transaction

from ..models import ScheduledRun
from ..schedule import SCHEDULE, Periodic

logger = logging.getLogger(__name__)


def tick(now: datetime, schedule: Iterable[Periodic] = SCHEDULE) -> list[str]:
    """Enqueue the jobs due at ``now``; the names of those this call enqueued.

    The slot row and the task row are written in one transaction. A second scheduler (or a
    second tick) that reaches the same slot fails on the unique (job, slot) row — on
    PostgreSQL it waits for the first transaction and then fails, on SQLite the write lock
    orders them — so every slot is enqueued exactly once, however many schedulers run.
    """
    enqueued: list[str] = []
    for job in schedule:
        slot = job.slot(now)
        try:
            with transaction.atomic():
                run = ScheduledRun.objects.create(job=job.name, slot=slot)
                result = job.task.enqueue()
                run.task_id = str(result.id)
                run.save(update_fields=["task_id"])
        except IntegrityError:
            continue  # another scheduler enqueued this slot
        except Exception:  # one broken job must not stop the others
            logger.exception("scheduler: %s could not be enqueued", job.name)
            continue
        enqueued.append(job.name)
    return enqueued
