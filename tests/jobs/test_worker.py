"""``lotse worker`` runs queued tasks, retries failed ones with back-off, and two workers never
run the same task."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection, connections, transaction
from django.tasks import TaskResultStatus
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from lotse.jobs.models import TaskRetry
from lotse.jobs.services.retry import backoff
from lotse.jobs.tasks import noop
from lotse.stats.materialised import background_refresh

from .conftest import run_worker

pytestmark = pytest.mark.django_db


def test_the_worker_runs_a_queued_task(db_tasks: None) -> None:
    result = noop.enqueue()
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == TaskResultStatus.READY  # queued, not run by the request
    run_worker()
    row.refresh_from_db()
    assert row.status == TaskResultStatus.SUCCESSFUL
    assert row.return_value == "ok"
    assert len(row.worker_ids) == 1


def test_tests_and_immediate_setting_run_tasks_at_once() -> None:
    result = noop.enqueue()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert not DBTaskResult.objects.exists()
    assert not background_refresh()


def test_with_the_database_backend_statistics_wait_for_the_worker(db_tasks: None) -> None:
    assert background_refresh()


@pytest.mark.expect_error_log
def test_a_failed_task_is_retried_with_back_off_then_left_failed(db_tasks: None) -> None:
    first = noop.enqueue(fail=True)
    started = timezone.now()
    run_worker()
    assert DBTaskResult.objects.get(pk=first.id).status == TaskResultStatus.FAILED
    retry = TaskRetry.objects.get(failed_id=str(first.id))
    assert retry.attempt == 2 and retry.by is None
    second = DBTaskResult.objects.get(pk=retry.retry_id)
    assert second.status == TaskResultStatus.READY
    assert second.args_kwargs == {"args": [], "kwargs": {"fail": True}}
    assert second.run_after >= started + backoff(1)

    run_worker()  # not due yet: the back-off holds it
    second.refresh_from_db()
    assert second.status == TaskResultStatus.READY

    DBTaskResult.objects.filter(pk=second.pk).update(run_after=timezone.now())
    run_worker()
    third_id = TaskRetry.objects.get(failed_id=str(second.pk)).retry_id
    third = DBTaskResult.objects.get(pk=third_id)
    assert third.run_after >= timezone.now() + backoff(2) - timedelta(seconds=5)
    assert backoff(2) == 4 * backoff(1)

    DBTaskResult.objects.filter(pk=third.pk).update(run_after=timezone.now())
    run_worker()
    third.refresh_from_db()
    assert third.status == TaskResultStatus.FAILED
    assert not TaskRetry.objects.filter(failed_id=str(third.pk)).exists()  # 3 attempts: done
    assert DBTaskResult.objects.count() == 3


@pytest.mark.expect_error_log
@override_settings(LOTSE_TASK_MAX_ATTEMPTS=1)
def test_without_attempts_left_a_failure_is_not_retried(db_tasks: None) -> None:
    result = noop.enqueue(fail=True)
    run_worker()
    assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.FAILED
    assert not TaskRetry.objects.exists()


def _worker(worker_id: str) -> Worker:
    return Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=1,
        worker_id=worker_id,
        excluded_queue_names=[],
    )


def test_two_workers_run_two_tasks_once_each(db_tasks: None) -> None:
    ids = [noop.enqueue().id for _ in range(2)]
    _worker("a").run()
    _worker("b").run()
    rows = DBTaskResult.objects.filter(pk__in=ids)
    assert sorted(w for row in rows for w in row.worker_ids) == ["a", "b"]
    assert {row.status for row in rows} == {TaskResultStatus.SUCCESSFUL}


@pytest.mark.django_db(transaction=True)
def test_a_task_locked_by_one_worker_is_skipped_by_another(db_tasks: None) -> None:
    """PostgreSQL: the claim is SELECT ... FOR UPDATE SKIP LOCKED, so a second worker passes
    over the row the first one holds. SQLite has no row locks: the claim runs in an exclusive
    transaction, so a second worker waits for the first to commit and then sees it RUNNING."""
    first, second = noop.enqueue(), noop.enqueue()
    ordered = list(DBTaskResult.objects.ready().values_list("pk", flat=True))
    holding = threading.Event()
    release = threading.Event()
    seen: dict[str, object] = {}

    def first_worker() -> None:
        try:
            with transaction.atomic():
                row = DBTaskResult.objects.ready().select_for_update(skip_locked=True).first()
                seen["first"] = row.pk if row else None
                holding.set()
                release.wait(10)
        finally:
            connections.close_all()

    if connection.vendor == "postgresql":
        thread = threading.Thread(target=first_worker)
        thread.start()
        assert holding.wait(10)
        with transaction.atomic():
            other = DBTaskResult.objects.ready().get_locked()
        release.set()
        thread.join()
        assert seen["first"] == ordered[0]
        assert other is not None and other.pk == ordered[1]  # skipped, not waited for
    else:
        # One connection at a time: worker A claims inside its exclusive transaction...
        with transaction.atomic():
            claimed = DBTaskResult.objects.ready().get_locked()
            assert claimed is not None
            claimed.claim("first")
        # ... and worker B, after A committed, never gets the RUNNING row.
        other = DBTaskResult.objects.ready().get_locked()
        assert claimed.pk == ordered[0]
        assert other is not None and other.pk == ordered[1]
    assert {first.id, second.id} == {str(pk) for pk in ordered}
