"""Flags and tasks: small HTMX actions on the client file, and the "Meine Aufgaben" page."""

from __future__ import annotations

from .flags import flag_clear, flag_set, flags_block
from .tasks import client_task_add, client_tasks_panel, task_done, task_list

__all__ = [
    "client_task_add",
    "client_tasks_panel",
    "flag_clear",
    "flag_set",
    "flags_block",
    "task_done",
    "task_list",
]
