"""Samples of client A for the access matrix (tests/test_access_matrix.py): a flag, a task."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from lotse.office.models import ClientFlag, Task
from lotse.office.services import flag_set, task_create
from lotse.office.services.tasks import TaskData
from lotse_testing import Org


def flag_a(org: Org) -> int:
    existing = ClientFlag.objects.filter(client=org.client_a).first()
    if existing is not None:
        return existing.pk
    return flag_set(client=org.client_a, kind="crisis", note="", by=org.users["counsellor"]).pk


def task_a(org: Org) -> int:
    existing = Task.objects.filter(client=org.client_a).first()
    if existing is not None:
        return existing.pk
    return task_create(
        data=TaskData(
            title="Bescheid prüfen",
            due_date=timezone.localdate() + timedelta(days=3),
            team=org.team_a,
            assignee=org.users["counsellor"],
            client=org.client_a,
        ),
        by=org.users["counsellor"],
    ).pk
