"""Creating tasks and ticking them off; the team and the file are checked every time. Open
tasks follow a file passed to another team (``tasks_follow_transfer``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lotse.accounts.models import Membership
from lotse.accounts.roles import CLIENT_ROLES
from lotse.audit.services import log_action
from lotse.cases.models import Case
from lotse.clients.models import Client
from lotse.common.errors import DomainError
from lotse.common.services.versioning import claim_version
from lotse.organisation.models import Team

from ..models import Task

MAX_TITLE_LENGTH = 200
MAX_NOTE_LENGTH = 2000


@dataclass(frozen=True)
class TaskData:
    title: str
    due_date: date
    team: Team
    assignee: Any | None = None  # None: the whole team
    client: Client | None = None
    case: Case | None = None
    note: str = ""


def _writable_team_ids(user: Any) -> set[int]:
    return set(
        Membership.objects.with_client_role(user, writable=True).values_list("team_id", flat=True)
    )


def _check(data: TaskData, by: Any) -> tuple[Client | None, Case | None]:
    if not data.title.strip():
        raise DomainError(_("Please say what is to be done."))
    if data.team.pk not in _writable_team_ids(by):
        raise DomainError(_("You can only add tasks for a team you work in."))
    if data.assignee is not None:
        member = Membership.objects.filter(
            user=data.assignee,
            team=data.team,
            role__in=CLIENT_ROLES,
            user__is_active=True,
        ).exists()
        if not member:
            raise DomainError(_("The task can only be given to an active member of the team."))
    client, case = data.client, data.case
    if case is not None:
        if client is not None and case.client_id != client.pk:
            raise DomainError(_("The case belongs to another client."))
        client = case.client
    if client is not None:
        if client.team_id != data.team.pk or client.merged_into_id is not None:
            raise DomainError(_("The client's file belongs to another team."))
        if client.anonymised_at is not None:
            raise DomainError(_("This file has been anonymised; nothing can be added."))
    return client, case


@transaction.atomic
def task_create(*, data: TaskData, by: Any) -> Task:
    """A new open task; the case's client is filled in when only the case was given."""
    client, case = _check(data, by)
    task = Task.objects.create(
        title=data.title.strip()[:MAX_TITLE_LENGTH],
        due_date=data.due_date,
        note=data.note.strip()[:MAX_NOTE_LENGTH],
        team=data.team,
        assignee=data.assignee,
        client=client,
        case=case,
        created_by=by,
    )
    log_action(
        action="task.created",
        obj=task,
        data={"team": data.team.pk, "assignee": getattr(data.assignee, "pk", None)},
    )
    return task


@transaction.atomic
def task_done(*, task: Task, expected_version: int, by: Any) -> Task:
    """Tick the task off, unless somebody changed or ticked it since ``expected_version``."""
    task.version = claim_version(
        Task,
        task.pk,
        expected_version,
        message=_(
            "Someone else has changed or completed this task in the meantime. "
            "Please look at its current state."
        ),
    )
    done = Task.objects.filter(pk=task.pk, done_at__isnull=True)
    task.done_at = timezone.now()
    task.done_by = by
    if not done.update(done_at=task.done_at, done_by=by):
        raise DomainError(_("This task has already been completed."))
    log_action(action="task.done", obj=task, data={})
    return task


def tasks_follow_transfer(*, client: Client, from_team_id: int, to_team: Team) -> dict[str, int]:
    """Inside the acceptance of a transfer (``clients.services.transfer``): the file's open
    tasks of the sending team (those on the file and on its cases) become the receiving team's.

    A task for a person who is also an active member of the receiving team stays theirs; one
    for anyone else becomes the receiving team's task (nobody named). Done tasks stay with the
    sending team as history. Each move is a ``task.moved_with_file`` entry.
    """
    tasks = list(
        Task.objects.select_for_update()
        .filter(
            Q(client=client) | Q(case_id__in=Case.objects.filter(client=client).values("pk")),
            team_id=from_team_id,
            done_at__isnull=True,
        )
        .order_by("pk")
    )
    if not tasks:
        return {"open_tasks": 0, "tasks_unassigned": 0}
    staying = set(
        Membership.objects.filter(
            team=to_team,
            role__in=CLIENT_ROLES,
            user__is_active=True,
            user_id__in={t.assignee_id for t in tasks if t.assignee_id is not None},
        ).values_list("user_id", flat=True)
    )
    unassigned = 0
    for task in tasks:
        former = task.assignee_id
        cleared = former is not None and former not in staying
        task.team = to_team
        if cleared:
            task.assignee = None
            unassigned += 1
        task.version += 1
        task.save(update_fields=["team", "assignee", "version"])
        log_action(
            action="task.moved_with_file",
            obj=task,
            data={
                "from_team": from_team_id,
                "to_team": to_team.pk,
                "assignee_cleared": former if cleared else None,
            },
        )
    return {"open_tasks": len(tasks), "tasks_unassigned": unassigned}
