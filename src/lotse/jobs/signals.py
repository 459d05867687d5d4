"""Connects the back-off retry to the end of every task."""

from __future__ import annotations

import logging
from typing import Any

from django.tasks.signals import task_finished

from .services.retry import retry_after_failure

logger = logging.getLogger(__name__)


def _on_finished(sender: Any, task_result: Any, **kwargs: Any) -> None:
    try:
        retry_after_failure(task_result)
    except Exception:  # the worker must go on with the next task whatever happens here
        logger.exception("retry of task %s could not be queued", task_result.id)


def connect() -> None:
    task_finished.connect(_on_finished, dispatch_uid="lotse.jobs.retry")
