"""Reading tasks and flags, always inside the user's teams."""

from __future__ import annotations

from .flags import active_flags_for, client_flags, flag_for_request
from .tasks import (
    TaskFilter,
    client_tasks,
    filtered_tasks,
    my_tasks,
    task_for_request,
    task_teams,
    tasks_for,
)

__all__ = [
    "TaskFilter",
    "active_flags_for",
    "client_flags",
    "client_tasks",
    "filtered_tasks",
    "flag_for_request",
    "my_tasks",
    "task_for_request",
    "task_teams",
    "tasks_for",
]
