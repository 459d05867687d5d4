"""The task queue's page: administrators only (task rows hold ids, never client data)."""

from __future__ import annotations

from lotse.accounts.policy import Rule, roles
from lotse.accounts.roles import ADMIN_ROLES

POLICY: dict[str, Rule] = {
    "job_list": roles(ADMIN_ROLES),
    "job_retry": roles(
        ADMIN_ROLES,
        ok=302,
        method="post",
        kwargs={"task_id": "failed_task"},
        why="queued again, back to the list",
    ),
}
