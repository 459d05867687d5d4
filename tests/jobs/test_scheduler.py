"""``lotse scheduler``: each periodic job once per slot, however many schedulers tick."""

from __future__ import annotations

import threading
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import connection, connections
from django_tasks_db.models import DBTaskResult

from lotse.jobs.models import ScheduledRun
from lotse.jobs.schedule import SCHEDULE, Periodic
from lotse.jobs.services import tick

pytestmark = pytest.mark.django_db
BERLIN = ZoneInfo("Europe/Berlin")
NOOP = "lotse.jobs.tasks.noop"


def at(day: int, hour: int, minute: int, second: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, second, tzinfo=BERLIN)


def test_slots_of_minute_daily_and_weekly_jobs() -> None:
    every5 = Periodic("x", NOOP, every_minutes=5)
    assert every5.slot(at(4, 10, 7, 30)) == at(4, 10, 5)
    nightly = Periodic("x", NOOP, at=time(2, 30))
    assert nightly.slot(at(4, 1, 0)) == at(3, 2, 30)  # before 2:30: still yesterday's slot
    assert nightly.slot(at(4, 2, 30)) == at(4, 2, 30)
    assert nightly.slot(at(4, 23, 59)) == at(4, 2, 30)
    monday = Periodic("x", NOOP, at=time(6, 0), weekday=0)  # 2 March 2026 is a Monday
    assert monday.slot(at(4, 12, 0)) == at(2, 6, 0)
    assert monday.slot(at(2, 5, 0)) == at(2, 6, 0) - timedelta(days=7)
    assert monday.slot(at(9, 6, 0)) == at(9, 6, 0)


def test_two_ticks_at_the_same_time_enqueue_once(db_tasks: None) -> None:
    now = at(4, 3, 31)
    first = tick(now)
    assert set(first) == {job.name for job in SCHEDULE}
    assert tick(now) == []  # a second scheduler in the same slot
    assert tick(now + timedelta(seconds=20)) == []
    assert DBTaskResult.objects.count() == len(SCHEDULE)
    later = tick(now + timedelta(minutes=1))
    assert later == ["statistics_refresh", "send_messages"]  # the minute jobs; nightly ones wait
    assert ScheduledRun.objects.filter(job="retention").count() == 1
    assert (
        tick(now + timedelta(days=1)) and ScheduledRun.objects.filter(job="retention").count() == 2
    )
    run = ScheduledRun.objects.get(job="audit_anchor", slot=at(4, 3, 0))
    assert (
        DBTaskResult.objects.get(pk=run.task_id).task_path == "lotse.jobs.tasks.audit_anchor_daily"
    )


@pytest.mark.django_db(transaction=True)
def test_concurrent_schedulers_enqueue_each_slot_once(db_tasks: None) -> None:
    """Four schedulers in four threads (four connections) tick the same minute."""
    jobs = (Periodic("every_minute", NOOP, every_minutes=1),)
    now = at(4, 12, 0, 5)
    barrier = threading.Barrier(4)
    enqueued: list[str] = []
    errors: list[BaseException] = []

    def scheduler() -> None:
        try:
            barrier.wait(10)
            enqueued.extend(tick(now, jobs))
        except BaseException as error:  # reported below, not lost in the thread
            errors.append(error)
        finally:
            connections.close_all()

    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        # Threads share one in-memory database through one shared cache; its table locks
        # refuse a second writer instead of waiting, so the schedulers take turns here.
        for _ in range(4):
            enqueued.extend(tick(now, jobs))
    else:
        threads = [threading.Thread(target=scheduler) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
    assert not errors
    assert enqueued == ["every_minute"]
    assert ScheduledRun.objects.filter(job="every_minute").count() == 1
    assert DBTaskResult.objects.filter(task_path=NOOP).count() == 1


def test_the_scheduler_command_ticks_once_and_lists(db_tasks: None, capsys) -> None:
    call_command("scheduler", "--list")
    listed = capsys.readouterr().out
    assert "retention" in listed and "every 1 min" in listed
    call_command("scheduler", "--once")
    assert "enqueued statistics_refresh" in capsys.readouterr().out
    call_command("scheduler", "--once")
    assert "enqueued" not in capsys.readouterr().out
    assert ScheduledRun.objects.count() == len(SCHEDULE)


def test_the_periodic_tasks_run(db_tasks: None, tmp_path, settings) -> None:
    from .conftest import run_worker

    settings.LOTSE_AUDIT_ANCHOR_FILE = str(tmp_path / "anchors.log")
    tick(at(4, 4, 0))
    run_worker()
    statuses = dict(DBTaskResult.objects.values_list("task_path", "status"))
    assert set(statuses.values()) == {"SUCCESSFUL"}, statuses
    assert (tmp_path / "anchors.log").read_text().strip()
