"""Pages of small lists read without parallel workers on PostgreSQL (issue #20)."""

from __future__ import annotations

import pytest
from django.db import connection

from lotse.common.plans import without_parallel_workers


def _setting() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_parallel_workers_per_gather")
        return str(cursor.fetchone()[0])


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL setting")
@pytest.mark.django_db
def test_no_parallel_workers_inside_and_the_setting_is_back_after() -> None:
    before = _setting()
    assert before != "0"  # the server's default allows workers, so the test sees a change
    with without_parallel_workers():
        assert _setting() == "0"
    assert _setting() == before


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL setting")
@pytest.mark.django_db
def test_the_setting_is_back_after_an_error_inside() -> None:
    before = _setting()
    with pytest.raises(RuntimeError), without_parallel_workers():
        raise RuntimeError("a panel failed")
    assert _setting() == before


@pytest.mark.django_db
def test_queries_run_inside_on_every_database() -> None:
    with without_parallel_workers(), connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone()[0] == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL setting")
@pytest.mark.django_db(transaction=True)
def test_on_its_own_the_transaction_ends_the_setting() -> None:
    """As a request uses it: no transaction open before, none after."""
    before = _setting()
    with without_parallel_workers():
        assert connection.in_atomic_block
        assert _setting() == "0"
    assert not connection.in_atomic_block
    assert _setting() == before
