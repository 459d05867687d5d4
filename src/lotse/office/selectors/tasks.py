"""Tasks of a user, of a team and of a file."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest

from lotse.clients.models import Client
from lotse.organisation.models import Team

from ..models import Task

# "My tasks" on the dashboard: enough to act on, capped so that the panel stays one query.
MY_TASKS_LIMIT = 8


class TaskFilter(StrEnum):
    ALL = "all"
    MINE = "mine"
    TEAM = "team"
    OVERDUE = "overdue"


def _team_ids(user: Any, *, writable: bool = False) -> list[int]:
    # The memberships read once for the request (``User.client_team_ids``, the rule of
    # ``Membership.objects.with_client_role``), as literal ids: a membership subquery in each
    # condition cost every task query its planning (issue #20).
    return sorted(user.client_team_ids(writable=writable))


def task_teams(user: Any) -> QuerySet[Team]:
    """Teams for which ``user`` may add tasks."""
    return Team.objects.filter(pk__in=_team_ids(user, writable=True))


def tasks_for(user: Any) -> QuerySet[Task]:
    """Every task of the user's teams that is for the user or for the whole team.

    Another colleague's own tasks stay theirs; the team's tasks and the user's are shown.
    """
    tasks: QuerySet[Task] = Task.objects.for_teams(_team_ids(user))
    return tasks.filter(Q(assignee=user) | Q(assignee__isnull=True)).select_related(
        "client", "assignee", "team"
    )


def my_tasks(user: Any, *, limit: int = MY_TASKS_LIMIT) -> list[Task]:
    """Open tasks for the user or the user's team, the earliest due first, at most ``limit``."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(tasks_for(user).filter(done_at__isnull=True).order_by("due_date", "pk")[:limit])


def filtered_tasks(user: Any, task_filter: TaskFilter, today: date) -> QuerySet[Task]:
    tasks = tasks_for(user).filter(done_at__isnull=True)
    if task_filter is TaskFilter.MINE:
        tasks = tasks.filter(assignee=user)
    elif task_filter is TaskFilter.TEAM:
        tasks = tasks.filter(assignee__isnull=True)
    elif task_filter is TaskFilter.OVERDUE:
        tasks = tasks.filter(due_date__lt=today)
    return tasks.order_by("due_date", "pk")


def client_tasks(client: Client) -> QuerySet[Task]:
    """The file's open tasks (every assignee: the team works the file together)."""
    return Task.objects.filter(client=client, done_at__isnull=True).select_related(
        "assignee", "case", "team"
    )


def task_for_request(request: HttpRequest, task_id: int) -> Task:
    """A task of one of the user's teams (its client still visible), else 404."""
    task = (
        Task.objects.for_teams(_team_ids(request.user))
        .select_related("client", "assignee", "team")
        .filter(pk=task_id)
        .first()
    )
    if task is None:
        raise Http404
    return task
