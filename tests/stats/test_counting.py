"""Counting rules of DOMAIN §D12 with hand-worked examples.

- a contact with several topics counts once in the contact totals and once per topic in the
  topic table (multiple answers: its cells add up to more than the number of contacts);
- hours are never multiplied by the number of topics;
- a client counts once per period however many contacts they had;
- a family member counselled along counts as a family member, not as a second client.
"""

from __future__ import annotations

from datetime import date

import pytest

from lotse.clients.models import HouseholdMember, Topic
from lotse.stats.dimensions import age_group
from lotse.stats.published import raw_statistics, statistics_for
from lotse.stats.selectors.base import Period
from lotse.stats.suppression import TOTAL
from stats.data import make_contact

YEAR = Period.year(2025)


@pytest.fixture
def worked(org):
    """Client A (MBE): three contacts in 2025, one of them with three topics; two family
    members counselled along, one not. Client B (JMD): one contact in 2025, one in 2024."""
    t1, t2, t3 = Topic.objects.order_by("pk")[:3]
    counsellor = org.users["counsellor"]
    make_contact(org.client_a, date(2025, 3, 10), counsellor, minutes=60, topics=[t1, t2, t3])
    make_contact(org.client_a, date(2025, 3, 20), counsellor, minutes=30, topics=[t1])
    make_contact(org.client_a, date(2025, 5, 5), counsellor, minutes=30, language="ar")
    make_contact(org.client_b, date(2025, 4, 1), org.users["stranger"], minutes=90, topics=[t2])
    make_contact(org.client_b, date(2024, 12, 31), org.users["stranger"], minutes=600)
    for along in (True, True, False):
        HouseholdMember.objects.create(
            client=org.client_a, relation="child", counselled_along=along
        )
    tables = {t.key: t for t in raw_statistics([org.team_a.pk, org.team_b.pk], YEAR).tables}
    return tables, (t1, t2, t3)


def test_a_client_counts_once_however_many_contacts(worked) -> None:
    tables, _ = worked
    clients = tables["clients_by_service"]
    assert clients.value("mbe") == 1 and clients.value("jmd") == 1
    assert clients.total == 2
    months = tables["clients_by_month"]
    assert months.value("2025-03") == 1  # two contacts in March, one client
    assert months.value("2025-04") == 1 and months.value("2025-05") == 1
    assert months.total == 2  # the base: each client once in the year


def test_a_contact_with_three_topics_counts_once_among_contacts(worked) -> None:
    tables, (t1, t2, t3) = worked
    assert tables["contacts_by_service"].total == 4
    assert tables["contacts_by_month"].value("2025-03") == 2
    topics = tables["contacts_by_topic"]
    assert topics.kind == "multiple"
    assert (topics.value(t1.code), topics.value(t2.code), topics.value(t3.code)) == (2, 2, 1)
    assert topics.total == 4  # the base: contacts, each once
    assert sum(topics.value(code) for code in topics.rows) == 5  # more than the contacts


def test_hours_are_never_multiplied_by_topics(worked) -> None:
    tables, _ = worked
    hours = tables["hours_by_service"]
    assert hours.value("mbe") == 2.0  # 60 + 30 + 30 minutes, not 3 × 60 + 30 + 30
    assert hours.value("jmd") == 1.5  # the 600 minutes of 2024 are outside the period
    assert hours.total == 3.5


def test_family_members_counselled_along_count_separately(worked) -> None:
    tables, _ = worked
    assert tables["family_members_by_service"].value("mbe") == 2
    assert tables["clients_by_service"].total == 2  # not four clients


def test_the_other_tables_agree_on_the_clients(worked) -> None:
    tables, _ = worked
    for key in (
        "clients_by_age_gender",
        "clients_by_region",
        "clients_by_residence",
        "clients_by_team",
        "clients_by_centre",
        "clients_by_years_since_entry",
    ):
        assert tables[key].total == 2, key  # fmt: skip
    assert tables["contacts_by_language"].value("ar") == 1
    assert tables["clients_by_age_gender"].value("40_49", "not_stated") == 1  # born 17.05.1980


def test_with_k_one_nothing_is_suppressed_and_published_equals_raw(worked, org) -> None:
    tables, _ = worked
    published = statistics_for([org.team_a.pk, org.team_b.pk], YEAR, k=1)
    for table in published.tables:
        assert table.cells == tables[table.key].cells, table.key


def test_with_k_five_every_small_count_is_suppressed(worked, org) -> None:
    published = statistics_for([org.team_a.pk, org.team_b.pk], YEAR, k=5)
    for table in published.tables:
        if table.measure != "count":
            continue
        for keys, value in table.cells.items():
            assert value is None or value == 0 or value >= 5, (table.key, keys, value)
    clients = published.table("clients_by_service")
    assert clients is not None and clients.cells[(TOTAL,)] is None


@pytest.mark.parametrize(
    ("birth", "year", "expected"),
    [
        (date(1998, 12, 31), None, "27_39"),  # 27 on the last day of 2025
        (date(1999, 1, 1), None, "18_26"),
        (None, 1998, "27_39"),
        (None, None, "unknown"),
        (date(2014, 1, 1), None, "under_12"),
        (date(1960, 6, 1), None, "65_plus"),
    ],
)
def test_age_groups_on_the_last_day(birth, year, expected) -> None:
    assert age_group(birth, year, date(2025, 12, 31)) == expected


def test_age_groups_in_sql_match_the_rule(org) -> None:
    from collections import Counter

    from stats.data import make_client

    end = date(2024, 2, 29)  # a leap day: the awkward case for "the same day years ago"
    births = [date(1997, 2, 28), date(1997, 3, 1), date(2012, 2, 29), date(2012, 3, 1),
              date(1959, 2, 28), date(1959, 3, 1), date(2006, 2, 28), None]  # fmt: skip
    for birth in births:
        client = make_client(org.team_a, birth_date=birth, birth_year=None if birth else 1990)
        make_contact(client, date(2024, 1, 15), org.users["counsellor"])
    tables = {
        t.key: t for t in raw_statistics([org.team_a.pk], Period(date(2024, 1, 1), end)).tables
    }
    expected = Counter(age_group(b, 1990 if b is None else None, end) for b in births)
    table = tables["clients_by_age_gender"]
    got = {age: table.value(age, "not_stated") for age in expected}
    assert got == dict(expected)
