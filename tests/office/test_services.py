"""Flags and tasks: the rules the services keep, the audit trail, the team scoping."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from lotse.accounts.models import Membership, User
from lotse.audit.models import AuditEntry
from lotse.cases.services import case_open
from lotse.clients.services import ClientData, client_create
from lotse.common.errors import ConflictError, DomainError
from lotse.office.models import ClientFlag, Task
from lotse.office.selectors import active_flags_for, client_flags, my_tasks, tasks_for
from lotse.office.services import flag_clear, flag_set, task_create, task_done
from lotse.office.services.tasks import TaskData
from lotse_testing import make_user

pytestmark = pytest.mark.django_db


def _task(org, *, assignee="counsellor", client=None, team=None, by="counsellor", days=2):
    return task_create(
        data=TaskData(
            title="Bescheid für Frau H. prüfen",
            due_date=timezone.localdate() + timedelta(days=days),
            team=team or org.team_a,
            assignee=org.users[assignee] if assignee else None,
            client=client,
        ),
        by=org.users[by],
    )


def _actions(client_id: int) -> list[tuple[str, dict]]:
    return list(
        AuditEntry.objects.filter(client_id=client_id, action__startswith="flag.")
        .order_by("at", "chain", "seq")
        .values_list("action", "data")
    )


@pytest.mark.parametrize("kind", ["crisis", "child_welfare"])
def test_setting_and_clearing_sensitive_flags_is_audited_with_who_and_when(org, kind) -> None:
    counsellor, lead = org.users["counsellor"], org.users["team_lead"]
    flag = flag_set(client=org.client_a, kind=kind, note="Gespräch am Montag", by=counsellor)
    flag_clear(flag=flag, by=lead)
    entries = AuditEntry.objects.filter(client_id=org.client_a.pk, action__startswith="flag.")
    (set_entry, clear_entry) = entries.order_by("at", "chain", "seq")
    assert (set_entry.action, set_entry.data["kind"]) == ("flag.set", kind)
    assert (clear_entry.action, clear_entry.data["kind"]) == ("flag.cleared", kind)
    assert (set_entry.actor_id, clear_entry.actor_id) == (counsellor.pk, lead.pk)
    assert set_entry.at <= clear_entry.at
    # The note's text stays out of the trail.
    assert "Montag" not in str(set_entry.data)
    flag.refresh_from_db()
    assert flag.cleared_by == lead and flag.cleared_at is not None


def test_one_active_flag_per_kind_and_history_kept(org) -> None:
    by = org.users["counsellor"]
    first = flag_set(client=org.client_a, kind="priority", by=by)
    with pytest.raises(DomainError):
        flag_set(client=org.client_a, kind="priority", by=by)
    flag_clear(flag=first, by=by)
    again = flag_set(client=org.client_a, kind="priority", by=by)
    assert list(client_flags(org.client_a).values_list("pk", flat=True)) == [again.pk, first.pk]
    with pytest.raises(IntegrityError), transaction.atomic():
        ClientFlag.objects.create(
            client=org.client_a, kind="priority", set_by=by, set_at=timezone.now()
        )


def test_clearing_twice_is_a_conflict(org) -> None:
    by = org.users["counsellor"]
    flag = flag_set(client=org.client_a, kind="danger", by=by)
    stale = ClientFlag.objects.get(pk=flag.pk)
    flag_clear(flag=flag, by=by)
    with pytest.raises(ConflictError):
        flag_clear(flag=stale, by=org.users["team_lead"])


def test_unknown_flag_kind_refused(org) -> None:
    with pytest.raises(DomainError):
        flag_set(client=org.client_a, kind="vip", by=org.users["counsellor"])


def test_active_flags_for_a_page_is_one_query(org, django_assert_num_queries) -> None:
    by = org.users["counsellor"]
    flag_set(client=org.client_a, kind="crisis", by=by)
    flag_set(client=org.client_a, kind="interpreter", by=by)
    cleared = flag_set(client=org.client_b, kind="priority", by=org.users["stranger"])
    flag_clear(flag=cleared, by=org.users["stranger"])
    with django_assert_num_queries(1):
        found = active_flags_for([org.client_a.pk, org.client_b.pk])
        kinds = {cid: sorted(f.kind for f in flags) for cid, flags in found.items()}
        names = [str(f.set_by) for flags in found.values() for f in flags]
    assert kinds == {org.client_a.pk: ["crisis", "interpreter"]}
    assert names == ["Counsellor", "Counsellor"]


def test_flags_of_team_b_are_invisible_to_team_a(org) -> None:
    flag_set(client=org.client_b, kind="child_welfare", by=org.users["stranger"])
    assert not ClientFlag.objects.visible_to(org.users["counsellor"]).exists()
    assert ClientFlag.objects.visible_to(org.users["stranger"]).count() == 1
    assert not ClientFlag.objects.visible_to(org.users["admin"]).exists()


def test_task_for_the_team_and_for_me_are_my_tasks(org) -> None:
    mine = _task(org, days=5)
    team = _task(org, assignee=None, days=1)
    colleague = _task(org, assignee="team_lead", days=0)
    other_team = _task(org, team=org.team_b, assignee=None, by="stranger")
    shown = my_tasks(org.users["counsellor"])
    assert [t.pk for t in shown] == [team.pk, mine.pk]
    assert colleague.pk in [t.pk for t in my_tasks(org.users["team_lead"])]
    assert other_team.pk not in [t.pk for t in tasks_for(org.users["counsellor"])]
    assert [t.pk for t in my_tasks(org.users["stranger"])] == [other_team.pk]
    assert my_tasks(org.users["admin"]) == []


def test_a_team_left_takes_its_tasks_from_the_next_request(org) -> None:
    """The task lists take the team ids from the memberships read once per user object
    (issue #20): a membership ended elsewhere counts for the next request's user."""
    team_task = _task(org, assignee=None)
    before = User.objects.get(pk=org.users["counsellor"].pk)
    assert [t.pk for t in my_tasks(before)] == [team_task.pk]
    Membership.objects.filter(user=before, team=org.team_a).delete()
    next_request = User.objects.get(pk=before.pk)
    assert my_tasks(next_request) == []
    assert not tasks_for(next_request).exists()


def test_my_tasks_is_capped_and_done_tasks_leave(org) -> None:
    tasks = [_task(org, days=i) for i in range(10)]
    assert len(my_tasks(org.users["counsellor"])) == 8
    task_done(task=tasks[0], expected_version=tasks[0].version, by=org.users["counsellor"])
    assert tasks[0].pk not in [t.pk for t in my_tasks(org.users["counsellor"])]


def test_task_assignee_must_be_an_active_member_of_the_team(org) -> None:
    with pytest.raises(DomainError):
        _task(org, assignee="stranger")  # team B's counsellor
    with pytest.raises(DomainError):
        _task(org, assignee="admin")  # no client role
    leaver = org.users["team_lead"]
    leaver.is_active = False
    leaver.save()
    with pytest.raises(DomainError):
        _task(org, assignee="team_lead")


def test_task_client_and_case_must_belong_to_the_team(org) -> None:
    with pytest.raises(DomainError):
        _task(org, client=org.client_b)
    with pytest.raises(DomainError):
        _task(org, team=org.team_b, by="counsellor", assignee=None)  # not their team
    with pytest.raises(DomainError):
        _task(org, by="reader")  # read-only membership
    case = case_open(
        client=org.client_a, counsellor=org.users["counsellor"], opened_on=timezone.localdate()
    )
    task = task_create(
        data=TaskData(
            title="Zielvereinbarung", due_date=timezone.localdate(), team=org.team_a, case=case
        ),
        by=org.users["counsellor"],
    )
    assert task.client_id == org.client_a.pk  # the case implies its client
    other = client_create(team=org.team_a, data=ClientData(first_name="Nadia", last_name="K"))
    with pytest.raises(DomainError):
        task_create(
            data=TaskData(
                title="x", due_date=timezone.localdate(), team=org.team_a, case=case, client=other
            ),
            by=org.users["counsellor"],
        )


def test_ticking_a_task_someone_else_ticked_is_refused(org) -> None:
    task = _task(org)
    seen_by_a = Task.objects.get(pk=task.pk)
    seen_by_b = Task.objects.get(pk=task.pk)
    task_done(task=seen_by_a, expected_version=seen_by_a.version, by=org.users["counsellor"])
    with pytest.raises(ConflictError):
        task_done(task=seen_by_b, expected_version=seen_by_b.version, by=org.users["team_lead"])
    task.refresh_from_db()
    assert task.done_by == org.users["counsellor"]


def test_title_and_note_are_encrypted(org) -> None:
    from lotse_testing import raw_column

    task = _task(org)
    assert "Frau H." not in raw_column("office_task", "title", task.pk)


def test_tasks_and_flags_go_with_an_erased_file(org) -> None:
    from lotse.privacy.anonymise import anonymise_client

    flag_set(client=org.client_a, kind="crisis", note="Notiz mit Namen", by=org.users["counsellor"])
    task = _task(org, client=org.client_a)
    anonymise_client(org.client_a, reason="Löschfrist")
    task.refresh_from_db()
    assert task.title == ""
    assert ClientFlag.objects.get(client=org.client_a).note == ""
    assert make_user  # the helper stays imported for the factories above


def test_subject_access_lists_flags_and_tasks_in_german(org) -> None:
    from django.utils import translation

    from lotse.privacy.subject_access import subject_access_data

    flag_set(client=org.client_a, kind="interpreter", by=org.users["counsellor"])
    _task(org, client=org.client_a)
    _task(org, client=org.client_b, team=org.team_b, by="stranger", assignee=None)
    with translation.override("de"):
        records = subject_access_data(org.client_a)["records"]
    (flag,) = records["Markierungen"]
    assert flag["Art der Markierung"] == "Dolmetschung nötig"
    (task,) = records["Aufgaben"]
    assert task["Aufgabe"] == "Bescheid für Frau H. prüfen"
    assert "fällig am" in task


def test_merging_two_files_with_the_same_active_flag_keeps_one(org) -> None:
    from lotse.clients.services import client_merge

    duplicate = client_create(team=org.team_a, data=ClientData(first_name="Amira", last_name="H"))
    by = org.users["counsellor"]
    kept = flag_set(client=org.client_a, kind="crisis", by=by)
    folded = flag_set(client=duplicate, kind="crisis", by=by)
    moved = flag_set(client=duplicate, kind="interpreter", by=by)
    client_merge(source=duplicate, target=org.client_a)
    active = ClientFlag.objects.active().filter(client=org.client_a)
    assert sorted(active.values_list("pk", flat=True)) == sorted([kept.pk, moved.pk])
    folded.refresh_from_db()
    assert folded.client_id == org.client_a.pk and folded.cleared_at is not None
