"""Who may reach the task and flag views (see lotse/access_policy.py).

Flags and the tasks of a file are scoped through the client like every client record:
strangers and roles without client access get 404, the read-only counsellor 403 on writes.
"Meine Aufgaben" is a page of the client roles (each sees only their teams' tasks). Samples
``flag_a`` and ``task_a`` (client A's) come from tests/office/samples.py.
"""

from __future__ import annotations

from lotse.accounts.policy import Rule, client_a, roles
from lotse.accounts.roles import CLIENT_ROLES

WHY_POST = "the matrix posts no valid form: the action answers with a redirect to the file"
WHY_FRAGMENT = "an HTMX fragment of the file: a plain GET is sent on to the file itself"


def _with(rule: Rule, kwargs: dict[str, str], *, method: str = "get", why: str = "") -> Rule:
    return Rule(expected=rule.expected, method=method, kwargs=kwargs, why=why)


POLICY: dict[str, Rule] = {
    "office_tasks": roles(frozenset(CLIENT_ROLES)),
    "office_task_done": _with(
        client_a(write=True, ok=302), {"task_id": "task_a"}, method="post", why=WHY_POST
    ),
    "office_flags": client_a(write=False, ok=302, why=WHY_FRAGMENT),
    "office_flag_set": client_a(write=True, ok=302, method="post", why=WHY_POST),
    "office_flag_clear": _with(
        client_a(write=True, ok=302),
        {"client_id": "client_a", "flag_id": "flag_a"},
        method="post",
        why=WHY_POST,
    ),
    "office_client_tasks": client_a(write=False, ok=302, why=WHY_FRAGMENT),
    "office_client_task_add": client_a(write=True, ok=302, method="post", why=WHY_POST),
}
