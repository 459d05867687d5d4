"""The kept statistics with a real worker: writes queue one refresh, the worker counts it, the
dashboard shows the kept counts meanwhile (lotse.stats.materialised)."""

from __future__ import annotations

from datetime import date

from django.db.models import F
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from lotse.stats.materialised import kept_partial
from lotse.stats.models import PeriodAggregate
from lotse.stats.partials import gather
from lotse.stats.published import statistics_for
from lotse.stats.selectors.base import Period
from stats.data import make_contact

from .conftest import run_worker

REFRESH = "lotse.stats.tasks.refresh_statistics"


def test_writes_queue_one_refresh_and_the_worker_counts_it(
    org, db_tasks, django_capture_on_commit_callbacks
) -> None:
    ids = [org.team_a.pk]
    year = Period.year(2025)
    kept_partial(ids, year)
    counsellor = org.users["counsellor"]
    with django_capture_on_commit_callbacks(execute=True):
        make_contact(org.client_a, date(2025, 3, 3), counsellor)
    with django_capture_on_commit_callbacks(execute=True):
        make_contact(org.client_a, date(2025, 3, 4), counsellor)
    queued = DBTaskResult.objects.filter(task_path=REFRESH)
    assert queued.count() == 1 and queued.get().status == TaskResultStatus.READY
    assert statistics_for(ids, year, fresh=False).pending  # kept counts, a worker is on it

    run_worker()
    assert queued.get().status == TaskResultStatus.SUCCESSFUL
    assert not PeriodAggregate.objects.exclude(built_generation=F("generation")).exists()
    assert kept_partial(ids, year, fresh=False).partial == gather(ids, year)
    assert not statistics_for(ids, year, fresh=False).pending

    with django_capture_on_commit_callbacks(execute=True):
        make_contact(org.client_a, date(2025, 3, 5), counsellor)
    assert queued.count() == 2  # the first one ran: a new write queues a new refresh
