"""/administration/jobs/: the administrator sees failed tasks without personal data and runs
them again."""

from __future__ import annotations

import pytest
from django.tasks import TaskResultStatus
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from lotse.audit.models import AuditEntry
from lotse.jobs.models import TaskRetry
from lotse.jobs.tasks import noop

from .conftest import run_worker
from .samples import failed_task


def test_the_admin_sees_a_failed_task_without_the_personal_data_in_its_error(
    org, as_persona
) -> None:
    task_id = failed_task(kwargs={"client_id": 42})
    page = as_persona("admin").get(reverse("job_list")).content.decode()
    assert "noop" in page and "client_id=42" in page
    assert "IntegrityError" in page
    assert "lotse/clients/services/intake.py:12 (save_it)" in page
    assert "anna.schmidt" not in page and "duplicate key" not in page
    assert reverse("job_retry", kwargs={"task_id": task_id}) in page


def test_a_counsellor_may_not_see_the_jobs(org, as_persona) -> None:
    failed_task()
    assert as_persona("counsellor").get(reverse("job_list")).status_code == 403
    assert as_persona("dpo").get(reverse("job_list")).status_code == 403


def test_the_admin_runs_a_failed_task_again_once(org, as_persona) -> None:
    task_id = failed_task()
    http = as_persona("admin")
    url = reverse("job_retry", kwargs={"task_id": task_id})
    response = http.post(url)
    assert response.status_code == 302
    retry = TaskRetry.objects.get(failed_id=task_id)
    assert retry.by == org.users["admin"] and retry.attempt == 2
    entry = AuditEntry.objects.filter(action="task.retried").latest()
    assert entry.data["failed"] == task_id and entry.actor_id == org.users["admin"].pk
    http.post(url)  # a second click does not queue it twice
    assert TaskRetry.objects.filter(failed_id=task_id).count() == 1
    page = http.get(reverse("job_list")).content.decode()
    assert "Run again" not in page and "Erneut ausführen" not in page


@pytest.mark.expect_error_log
def test_a_failure_after_the_back_off_is_listed_with_its_message(
    org, as_persona, db_tasks, settings
) -> None:
    settings.LOTSE_TASK_MAX_ATTEMPTS = 2
    first = noop.enqueue(fail=True)
    run_worker()
    http = as_persona("admin")
    page = http.get(reverse("job_list")).content.decode()
    assert str(first.id) not in page  # the back-off runs it again: not listed yet
    second = TaskRetry.objects.get(failed_id=str(first.id)).retry_id
    DBTaskResult.objects.filter(pk=second).update(run_after=first.enqueued_at)
    run_worker()
    page = http.get(reverse("job_list")).content.decode()
    assert "Failed on purpose (check of the task queue)." in page  # a JobError: shown
    assert reverse("job_retry", kwargs={"task_id": second}) in page
    http.post(reverse("job_retry", kwargs={"task_id": second}))
    third = TaskRetry.objects.get(failed_id=second)
    assert third.attempt == 3
    assert DBTaskResult.objects.get(pk=third.retry_id).status == TaskResultStatus.READY


def test_the_admin_dashboard_shows_failed_tasks_only_while_some_wait(org, as_persona) -> None:
    http = as_persona("admin")
    assert 'id="h-failed-jobs"' not in http.get(reverse("dashboard")).content.decode()
    failed_task()
    page = http.get(reverse("dashboard")).content.decode()
    assert 'id="h-failed-jobs"' in page and reverse("job_list") in page
    team_lead = as_persona("team_lead").get(reverse("dashboard")).content.decode()
    assert 'id="h-failed-jobs"' not in team_lead
