"""common.id_list: one condition for a list of ids, the same rows as ``pk__in`` on both
databases — on its own, with no ids, and inside a subquery (where the table has another name)."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.db.models import Q

from lotse.clients.models import Client, CounsellingContact
from lotse.common import id_list
from lotse_testing import Org

pytestmark = pytest.mark.django_db


def test_same_rows_as_pk_in(org: Org) -> None:
    ids = [org.client_a.pk, org.client_b.pk, 10**12]
    assert set(Client.objects.filter(id_list.id_in("pk", ids))) == {org.client_a, org.client_b}
    assert not Client.objects.filter(id_list.id_in("pk", [])).exists()
    # Used as a subquery, the outer query names the table differently: still the same rows.
    inner = Client.objects.filter(id_list.id_in("pk", [org.client_a.pk])).values("pk")
    assert list(Client.objects.filter(pk__in=inner)) == [org.client_a]
    # On a foreign key too.
    assert org.client_a.team_id is not None
    teams = Client.objects.filter(id_list.id_in("team_id", [org.client_a.team_id]))
    assert org.client_a in teams and org.client_b not in teams


def test_more_ids_than_one_condition_may_carry_are_refused(monkeypatch) -> None:
    monkeypatch.setattr(id_list, "MAX_IDS", {"postgresql": 2, "sqlite": 2})
    with pytest.raises(ValueError):
        id_list.id_in("pk", [1, 2, 3])


@pytest.mark.parametrize("most", [1, 2, 1000])
def test_a_column_of_other_rows_gives_the_same_rows_read_first_or_as_a_subquery(
    org: Org, monkeypatch, most: int
) -> None:
    """``in_column_of``: the values read first as one array (PostgreSQL, few of them), or the
    subquery (SQLite; too many values; too many rows per value) — the same rows either way."""
    for client in (org.client_a, org.client_a, org.client_a, org.client_b):
        CounsellingContact.objects.create(
            client=client,
            date=date(2026, 11, 25),
            duration_minutes=30,
            form="in_person",
            counsellor=org.users["counsellor"],
        )
    monkeypatch.setattr(id_list, "MAX_IDS", {"postgresql": most, "sqlite": most})
    contacts = CounsellingContact.objects.all()
    both = set(Client.objects.filter(id_list.in_column_of("pk", contacts, "client_id")))
    assert both == {org.client_a, org.client_b}
    only_a = contacts.filter(client=org.client_a)
    # Three rows for one value: with one row allowed per value the subquery stays.
    for per_id in (1, 4):
        condition = id_list.in_column_of("pk", only_a, "client_id", rows_per_id=per_id)
        assert list(Client.objects.filter(condition)) == [org.client_a]
    assert not Client.objects.filter(
        id_list.in_column_of("pk", contacts.none(), "client_id")
    ).exists()
    # Which way it went: an array of values read first only on PostgreSQL and only when they
    # are few enough; else the subquery (a Q of ``__in``).
    read_first = not isinstance(id_list.in_column_of("pk", contacts, "client_id"), Q)
    assert read_first is (connection.vendor == "postgresql" and most >= 2)
