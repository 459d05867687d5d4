"""The visibility rule as a join (``visible_client_q``) answers exactly what ``visible_to`` does,
and the dashboard's reads keep to the indexes that make them fast at 100,000 files."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from lotse.accounts.models import Membership
from lotse.accounts.roles import Role
from lotse.clients.models import (
    Client,
    CounsellingContact,
    visible_client_q,
    writable_client_q,
)
from lotse.clients.selectors import recently_updated
from lotse.clients.selectors.contacts import follow_ups_due
from lotse.clients.services import ClientData, client_create, client_merge

from .test_contacts import make_contact

PERSONAS = ["counsellor", "reader", "team_lead", "stranger", "coordinator", "statistics", "dpo"]


def _new_client(team, last_name: str) -> Client:
    return client_create(team=team, data=ClientData(first_name="Test", last_name=last_name))


@pytest.fixture
def contacts(org):
    merged = _new_client(org.team_a, "Doppelt")
    rows = [
        make_contact(org, client=org.client_a),
        make_contact(org, client=org.client_b, counsellor=org.users["stranger"]),
        make_contact(org, client=merged),
    ]
    client_merge(source=merged, target=org.client_a)
    # A record left on the shell of a merged file (as an older import might leave it).
    CounsellingContact.objects.filter(pk=rows[2].pk).update(client=merged)
    return rows


@pytest.mark.parametrize("persona", PERSONAS)
def test_join_rule_selects_what_visible_to_selects(org, contacts, persona) -> None:
    user = org.users[persona]
    joined = set(CounsellingContact.objects.filter(visible_client_q(user)))
    nested = set(CounsellingContact.objects.filter(client__in=Client.objects.visible_to(user)))
    assert joined == nested
    writable = set(CounsellingContact.objects.filter(writable_client_q(user)))
    assert writable == set(
        CounsellingContact.objects.filter(client__in=Client.objects.writable_by(user))
    )


def test_join_rule_follows_the_rules_not_just_itself(org, contacts) -> None:
    # A merged file's shell is out of every list, and so is what still points at it.
    assert set(CounsellingContact.objects.filter(visible_client_q(org.users["counsellor"]))) == {
        contacts[0]
    }
    assert not CounsellingContact.objects.filter(writable_client_q(org.users["reader"])).exists()
    assert set(CounsellingContact.objects.filter(visible_client_q(org.users["stranger"]))) == {
        contacts[1]
    }
    user = org.users["counsellor"]
    user.is_active = False
    user.save()
    assert not CounsellingContact.objects.filter(visible_client_q(user)).exists()


def test_recently_updated_merges_the_teams_newest_first(org) -> None:
    user = org.users["counsellor"]
    Membership.objects.create(user=user, team=org.team_b, role=Role.COUNSELLOR)
    others = [_new_client(org.team_a, f"Name{i}") for i in range(3)]
    merged = _new_client(org.team_b, "Doppelt")
    client_merge(source=merged, target=org.client_b)
    now = timezone.now()
    order = [org.client_b, others[1], org.client_a, others[0], others[2]]
    for age, client in enumerate(order):
        Client.objects.filter(pk=client.pk).update(updated_at=now - timedelta(minutes=age))
    Client.objects.filter(pk=merged.pk).update(updated_at=now + timedelta(minutes=1))

    assert recently_updated(user, limit=3) == order[:3]
    assert recently_updated(user, limit=10) == order
    assert recently_updated(org.users["stranger"], limit=10) == [org.client_b]
    assert recently_updated(org.users["dpo"], limit=10) == []


def _plan(sql: str, params) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return "\n".join(str(row[-1]) for row in cursor.fetchall())


@pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="SQLite's planner has no statistics; PostgreSQL plans from its own (autovacuum)",
)
def test_sqlite_reads_open_follow_ups_from_their_index(org) -> None:
    """Without statistics SQLite once walked every visible client's contacts (2 s at 74,738
    files); the panel must start from the partial index of open follow-ups."""
    queryset = follow_ups_due(user=org.users["counsellor"], today=date(2026, 11, 25))
    sql, params = queryset.query.sql_with_params()
    plan = _plan(sql, params)
    first = plan.splitlines()[0]
    assert "contact_open_follow_up_id_idx" in first, plan
    # The dashboard's count of files (capped, clients/shell.py) walks a team's index.
    visible = Client.objects.visible_to(org.users["counsellor"]).order_by().values("pk")[:101]
    count_sql, count_params = visible.query.sql_with_params()
    # The SQL is Django's own, with its parameters kept apart.
    count = f"SELECT COUNT(*) FROM ({count_sql})"  # noqa: S608
    plan = _plan(count, count_params)
    assert "SEARCH clients_client USING" in plan and "INDEX client_team_" in plan, plan
