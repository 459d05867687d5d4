"""Open tasks follow a file passed to another team (issue #17 §3/§5): on acceptance the file's
open tasks of the sending team become the receiving team's (a person's task stays theirs only
if they also work there, else it becomes the team's), done tasks stay as history, all in the
acceptance transaction and audited; the task lists of both teams show the outcome."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from lotse.accounts.models import Membership
from lotse.accounts.roles import Role
from lotse.audit.models import AuditEntry
from lotse.cases.services import case_open
from lotse.clients.models import Client, TeamTransfer, TransferStatus
from lotse.clients.services import ClientData, client_create
from lotse.clients.services.transfer import transfer_accept, transfer_request_one
from lotse.office.models import Task
from lotse.office.services import task_create, task_done
from lotse.office.services.tasks import TaskData
from lotse.organisation.models import Team
from lotse_testing import Org, make_user, sign_in

pytestmark = pytest.mark.django_db


def _member(team: Team, email: str, role: str = Role.COUNSELLOR):  # type: ignore[no-untyped-def]
    user = make_user(email, full_name=email.split("@")[0].title())
    Membership.objects.create(user=user, team=team, role=role)
    return user


def _task(org: Org, title: str, *, assignee=None, client=None, case=None) -> Task:  # type: ignore[no-untyped-def]
    return task_create(
        data=TaskData(
            title=title,
            due_date=timezone.localdate() + timedelta(days=3),
            team=org.team_a,
            assignee=assignee,
            client=client,
            case=case,
        ),
        by=org.users["counsellor"],
    )


class World:
    """Team A passes ``org.client_a`` to a second MBE team (so an open case may follow)."""

    def __init__(self, org: Org) -> None:
        self.org = org
        self.to_team = Team.objects.create(service=org.team_a.service, name="Team Süd")
        self.lead = _member(self.to_team, "lead-sued@test.invalid", Role.TEAM_LEAD)
        self.colleague = _member(self.to_team, "beraterin-sued@test.invalid")
        # Works in both teams: a task for her can stay hers.
        self.both = _member(org.team_a, "beide@test.invalid")
        Membership.objects.create(user=self.both, team=self.to_team, role=Role.COUNSELLOR)
        counsellor = org.users["counsellor"]
        case = case_open(client=org.client_a, counsellor=counsellor, opened_on=date(2026, 1, 5))
        self.team_task = _task(org, "Pass kopieren", client=org.client_a)
        self.persons_task = _task(
            org, "Rückruf Ausländerbehörde", assignee=counsellor, client=org.client_a
        )
        self.case_task = _task(org, "Förderplan prüfen", assignee=counsellor, case=case)
        self.both_task = _task(org, "Termin Jobcenter", assignee=self.both, client=org.client_a)
        self.done_task = _task(org, "Erstgespräch", assignee=counsellor, client=org.client_a)
        task_done(task=self.done_task, expected_version=self.done_task.version, by=counsellor)
        other = client_create(
            team=org.team_a,
            data=ClientData(first_name="Lina", last_name="Omar", birth_date=date(1990, 1, 1)),
        )
        self.other_file_task = _task(org, "Andere Akte", client=other)
        self.no_file_task = _task(org, "Teamsitzung vorbereiten")
        self.open_moving = [self.team_task, self.persons_task, self.case_task, self.both_task]

    def accept(self) -> Client:
        outcome = transfer_request_one(
            user=self.org.users["counsellor"],
            client_id=self.org.client_a.pk,
            version=Client.objects.get(pk=self.org.client_a.pk).version,
            to_team=self.to_team,
            note="Umzug nach Süd",
        )
        assert outcome.done, outcome.message
        transfer = TeamTransfer.objects.get(client=self.org.client_a, status="pending")
        return transfer_accept(transfer=transfer, by=self.lead, expected_version=transfer.version)


@pytest.fixture
def world(org: Org) -> World:
    return World(org)


def _fresh(task: Task) -> Task:
    return Task.objects.get(pk=task.pk)


def test_open_tasks_move_to_the_receiving_team(world: World) -> None:
    org = world.org
    versions = {t.pk: _fresh(t).version for t in world.open_moving}
    world.accept()
    for task in world.open_moving:
        moved = _fresh(task)
        assert moved.team_id == world.to_team.pk, task.title
        assert moved.done_at is None
        assert moved.version == versions[task.pk] + 1  # a page showing the old task conflicts
    # The team's task stays the team's; the sending counsellor's become the receiving team's.
    assert _fresh(world.team_task).assignee_id is None
    assert _fresh(world.persons_task).assignee_id is None
    assert _fresh(world.case_task).assignee_id is None
    # Someone who works in both teams keeps her task.
    assert _fresh(world.both_task).assignee_id == world.both.pk
    # Done tasks stay with the sending team as history, as they were.
    done = _fresh(world.done_task)
    assert done.team_id == org.team_a.pk and done.assignee_id == org.users["counsellor"].pk
    assert done.done_at is not None
    # Tasks of other files and tasks without a file are not touched.
    assert _fresh(world.other_file_task).team_id == org.team_a.pk
    assert _fresh(world.no_file_task).team_id == org.team_a.pk


def test_each_move_is_audited_and_the_transfer_counts_them(world: World) -> None:
    org = world.org
    world.accept()
    entries = AuditEntry.objects.filter(action="task.moved_with_file")
    assert sorted(e.object_id for e in entries) == sorted(str(t.pk) for t in world.open_moving)
    assert {e.client_id for e in entries} == {org.client_a.pk}
    persons = entries.get(object_id=str(world.persons_task.pk))
    assert persons.data == {
        "from_team": org.team_a.pk,
        "to_team": world.to_team.pk,
        "assignee_cleared": org.users["counsellor"].pk,
    }
    assert entries.get(object_id=str(world.both_task.pk)).data["assignee_cleared"] is None
    # The generic change entry of each task names the new team (ids only, never the title).
    changed = AuditEntry.objects.filter(action="task.updated", object_id=str(world.team_task.pk))
    assert changed.exists()
    for action in ("client.transferred_out", "client.transferred_in"):
        entry = AuditEntry.objects.get(action=action, client_id=org.client_a.pk)
        assert entry.data["open_tasks"] == 4 and entry.data["tasks_unassigned"] == 2


def test_the_receiving_team_sees_the_tasks_and_the_sender_no_longer(world: World) -> None:
    org = world.org
    moved_to_team = ["Pass kopieren", "Rückruf Ausländerbehörde", "Förderplan prüfen"]

    def page(user, show: str = "all") -> str:  # type: ignore[no-untyped-def]
        response = sign_in(HttpClient(), user).get(reverse("office_tasks") + f"?show={show}")
        assert response.status_code == 200
        return response.content.decode()

    before = page(org.users["counsellor"])
    assert all(title in before for title in moved_to_team)
    assert not any(title in page(world.lead, "team") for title in moved_to_team)

    world.accept()

    for receiver in (world.lead, world.colleague):
        team_list = page(receiver, "team")
        for title in moved_to_team:
            assert title in team_list, (receiver.email, title)
        assert "Termin Jobcenter" not in team_list  # stays the personal task of her who has it
    assert "Termin Jobcenter" in page(world.both, "mine")
    for sender in (org.users["counsellor"], org.users["team_lead"]):
        sending = page(sender)
        for title in [*moved_to_team, "Termin Jobcenter"]:
            assert title not in sending, (sender.email, title)
        assert "Teamsitzung vorbereiten" in sending  # the team's own tasks stay
    # The receiving counsellor can tick a moved task off.
    response = sign_in(HttpClient(), world.colleague).post(
        reverse("office_task_done", args=[world.persons_task.pk]),
        {"version": _fresh(world.persons_task).version},
    )
    assert response.status_code in (200, 302)
    assert _fresh(world.persons_task).done_at is not None


def test_a_failing_move_undoes_the_whole_acceptance(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    org = world.org

    def broken(**_: object) -> dict[str, int]:
        raise RuntimeError("tasks could not move")

    monkeypatch.setattr("lotse.office.shell.tasks_follow_transfer", broken)
    with pytest.raises(RuntimeError):
        world.accept()
    assert Client.objects.get(pk=org.client_a.pk).team_id == org.team_a.pk
    assert TeamTransfer.objects.get(client=org.client_a).status == TransferStatus.PENDING
    assert {_fresh(t).team_id for t in world.open_moving} == {org.team_a.pk}
    assert not AuditEntry.objects.filter(action="client.transferred_in").exists()
