"""common.id_list: one condition for a list of ids, the same rows as ``pk__in`` on both
databases — on its own, with no ids, and inside a subquery (where the table has another name)."""

from __future__ import annotations

import pytest

from lotse.clients.models import Client
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
