"""PostgreSQL knows which years of birth and counsellors each team holds (clients/0025).

Without the statistics over (team, year of birth) the planner took an MBE team's adults and
the 18–26 filter as independent, expected thousands of matches where there were five, and
walked the list's sort index through the whole team for them (350 ms at 75,315 files)."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.db import connection

from lotse.clients.models import Client
from lotse.common.bulk_insert import insert_many
from lotse_testing import Org

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="extended statistics are PostgreSQL's"
    ),
]


def _files(org: Org, team, prefix: str, years: range, n: int) -> None:
    files = []
    for i in range(n):
        client = Client(
            team=team,
            file_number=f"{prefix}-{i:05d}",
            first_name=f"Name {i}",
            last_name="Planer",
            birth_date=date(years[i % len(years)], 1 + i % 12, 1 + i % 28),
            responsible=org.users["counsellor"] if team == org.team_a else None,
        )
        client.derive_plain_columns()
        files.append(client)
    insert_many(files)


def _estimate(**filters: object) -> int:
    sql, params = Client.objects.filter(**filters).values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return int(plan[0]["Plan"]["Plan Rows"])


def _analyze() -> None:
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE clients_client")


def test_a_rare_combination_of_team_and_filter_is_estimated_as_rare(org: Org) -> None:
    _files(org, org.team_a, "ADULT", range(1950, 1990), 600)  # an MBE team: adults
    _files(org, org.team_b, "YOUNG", range(2000, 2009), 600)  # a youth team
    _analyze()
    young_adults = {"team": org.team_a, "birth_year__gte": 2000, "birth_year__lte": 2008}
    others = {"team": org.team_b, "responsible": org.users["counsellor"]}
    assert _estimate(**young_adults) <= 10
    assert _estimate(**others) <= 10
    # The same data without the statistics: taken as independent, half of half the files.
    with connection.cursor() as cursor:
        cursor.execute("DROP STATISTICS client_team_birth_year_stats")
        cursor.execute("DROP STATISTICS client_team_responsible_stats")
    _analyze()
    assert _estimate(**young_adults) > 100
    assert _estimate(**others) > 100
