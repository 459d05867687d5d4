"""The demo step adds flags and tasks to each team, due around today."""

from __future__ import annotations

import random

import pytest
from django.utils import timezone

from lotse.clients.services import ClientData, client_create
from lotse.office.demo import demo_office
from lotse.office.models import ClientFlag, Task

pytestmark = pytest.mark.django_db


class _Context:
    def __init__(self, org) -> None:
        self.teams = {"mbe": org.team_a, "jmd": org.team_b}
        self.rng = random.Random(7)


def test_demo_adds_flags_and_tasks_per_team(org) -> None:
    for i in range(30):
        client_create(team=org.team_a, data=ClientData(first_name=f"Demo{i}", last_name="X"))
    counts = demo_office(_Context(org))
    assert counts["tasks_created"] == 16 and counts["flags_created"] >= 7
    today = timezone.localdate()
    assert all(abs((t.due_date - today).days) <= 14 for t in Task.objects.all())
    assert set(Task.objects.values_list("team_id", flat=True)) == {org.team_a.pk, org.team_b.pk}
    assert ClientFlag.objects.filter(client__team=org.team_a).count() == 7
    assert demo_office(_Context(org))["tasks_created"] == 0  # runs once
