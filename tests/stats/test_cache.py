"""The statistics dashboard's cache (stats/cache.py): after a new contact the page keeps the
figures already published and says they are still being counted, until the worker has counted
the new entry; reports never take figures that wait for newer entries."""

from __future__ import annotations

from datetime import date
from unittest import mock

import pytest
from django.core.cache import caches
from django.test import override_settings

from lotse.stats import cache
from lotse.stats.materialised import refresh_stale
from lotse.stats.selectors.base import Period
from stats import recount
from stats.data import make_contact, populate

YEAR = Period.year(2025)
DUMMY_QUEUE = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def teams(org):
    caches["derived"].clear()
    populate(org.team_a, org.users["counsellor"], clients=12, seed=5)
    yield org, [org.team_a.pk, org.team_b.pk]
    caches["derived"].clear()


def contacts(statistics) -> int:
    return statistics.table("contacts_by_service").total


def test_a_new_contact_keeps_the_published_figures_until_they_are_counted(teams) -> None:
    org, ids = teams
    first = cache.cached_statistics(ids, YEAR, fresh=False)
    assert not first.pending
    with override_settings(TASKS=DUMMY_QUEUE):
        make_contact(org.client_a, date(2025, 6, 2), org.users["counsellor"])
        with mock.patch.object(cache, "statistics_for", wraps=cache.statistics_for) as counted:
            waiting = cache.cached_statistics(ids, YEAR, fresh=False)
            assert counted.call_count == 0  # from the cache: no count, no suppression run
        assert waiting.pending and contacts(waiting) == contacts(first)
        report = cache.cached_statistics(ids, YEAR)  # a report counts the new contact now
        assert not report.pending and contacts(report) == contacts(first) + 1
    refresh_stale()
    counted_now = cache.cached_statistics(ids, YEAR, fresh=False)
    assert not counted_now.pending and contacts(counted_now) == contacts(first) + 1


def test_the_cache_is_left_when_the_kept_counts_change(teams) -> None:
    org, ids = teams
    first = cache.cached_statistics(ids, YEAR, fresh=False)
    with override_settings(TASKS=DUMMY_QUEUE):
        make_contact(org.client_a, date(2025, 3, 9), org.users["counsellor"])
    refresh_stale()  # the worker counted it: the kept rows' built generation moved
    with mock.patch.object(cache, "statistics_for", wraps=cache.statistics_for) as counted:
        again = cache.cached_statistics(ids, YEAR, fresh=False)
        assert counted.call_count == 1
    assert contacts(again) == contacts(first) + 1 and not again.pending


def test_the_dashboard_folds_by_the_counts_it_shows(teams) -> None:
    """The folding counts come from the kept counts the dashboard shows and are kept with
    them: counted once (keeping the teams' rows), kept after a new contact while the figures
    wait for the worker, counted again once the worker has counted."""
    org, _ids = teams
    with mock.patch.object(cache, "place_of", wraps=cache.place_of) as counted:
        cache.cached_place((org.team_a.pk,), YEAR)
        cache.cached_place((org.team_a.pk,), YEAR)
        assert counted.call_count == 1
        with override_settings(TASKS=DUMMY_QUEUE):
            make_contact(org.client_a, date(2025, 4, 4), org.users["counsellor"])
            cache.cached_place((org.team_a.pk,), YEAR)
            assert counted.call_count == 1  # as shown: the figures wait for the worker too
        refresh_stale()
        place = cache.cached_place((org.team_a.pk,), YEAR)
        assert counted.call_count == 2
    served = recount.served([org.team_a.pk], YEAR.start, YEAR.end)
    assert org.client_a.pk in served
    assert place.team[org.team_a.pk] == len(served)
    assert place.team[org.team_b.pk] == len(recount.served([org.team_b.pk], YEAR.start, YEAR.end))
