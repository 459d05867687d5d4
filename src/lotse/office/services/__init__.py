"""Writing tasks and flags: every change checked against the team, audited, conflict-safe."""

from __future__ import annotations

from .flags import flag_clear, flag_set
from .tasks import task_create, task_done

__all__ = ["flag_clear", "flag_set", "task_create", "task_done"]
