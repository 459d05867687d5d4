"""Clients of the period — who came: one aggregate query over the clients with a contact.

A client counts once per period however many contacts they had (DOMAIN §D12): the query runs
over the clients (``EXISTS`` a contact in the period), never over the contacts.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import Case, CharField, Count, Exists, OuterRef, QuerySet, Value, When

from lotse.clients.models import Client, CounsellingContact, HouseholdMember

from ..catalogue import TABLE_BY_KEY
from ..dimensions import AGE_BOUNDS, ENTRY_BOUNDS, UNKNOWN
from ..regions import region_of
from ..tables import Table, make_table
from .base import Counter, Period, TeamInfo, years_before


def served_clients(team_ids: list[int], period: Period) -> QuerySet[Client]:
    """Clients of the teams with at least one counselling contact in the period."""
    in_period = CounsellingContact.objects.filter(
        client_id=OuterRef("pk"), date__gte=period.start, date__lte=period.end
    )
    return Client.objects.filter(team_id__in=team_ids).filter(Exists(in_period))


def age_group_expression(on: Any) -> Case:
    """The age group on ``on`` in SQL: from the birth date, else from the year of birth."""
    whens = [
        When(birth_date__lte=years_before(on, low), then=Value(code)) for code, low in AGE_BOUNDS
    ]
    whens += [
        When(birth_date__isnull=True, birth_year__lte=on.year - low, then=Value(code))
        for code, low in AGE_BOUNDS
    ]
    return Case(*whens, default=Value(UNKNOWN), output_field=CharField())


def entry_expression(on: Any) -> Case:
    whens = [
        When(entry_date__lte=years_before(on, low), then=Value(code)) for code, low in ENTRY_BOUNDS
    ]
    return Case(*whens, default=Value(UNKNOWN), output_field=CharField())


def nationality_codes(value: object) -> list[str]:
    """django-countries' multiple field as codes, whichever form the driver hands over."""
    if not value:
        return []
    if isinstance(value, str):
        return [c for c in value.split(",") if c]
    return [str(getattr(c, "code", c)) for c in value]  # type: ignore[attr-defined]


ClientRow = tuple[int, str, str, str, object, str, str, int]
CLIENT_FIELDS = ("team_id", "gender", "residence", "country_of_origin", "nationalities")


def client_rows(team_ids: list[int], period: Period) -> list[ClientRow]:
    """One query over the clients of the period, grouped by everything the tables need."""
    return list(
        served_clients(team_ids, period)
        .annotate(age=age_group_expression(period.end), entry=entry_expression(period.end))
        .values(*CLIENT_FIELDS, "age", "entry")
        .annotate(n=Count("pk"))
        .values_list(*CLIENT_FIELDS, "age", "entry", "n")
    )


def client_tables(rows: list[ClientRow], teams: Mapping[int, TeamInfo]) -> tuple[list[Table], int]:
    """The tables about clients and the number of clients of the period (their base)."""
    counts = {
        key: Counter()
        for key in (
            "clients_by_team",
            "clients_by_service",
            "clients_by_centre",
            "clients_by_age_gender",
            "clients_by_region",
            "clients_by_residence",
            "clients_by_years_since_entry",
            "clients_by_nationality",
        )
    }
    total = 0
    for row in rows:
        team_id, gender, residence, origin, nationalities, age, entry, n = row
        team = teams[team_id]
        total += n
        counts["clients_by_team"].add((str(team_id),), n)
        counts["clients_by_service"].add((team.service,), n)
        counts["clients_by_centre"].add((team.centre_id,), n)
        counts["clients_by_age_gender"].add((age, gender), n)
        counts["clients_by_region"].add((region_of(origin),), n)
        counts["clients_by_residence"].add((residence,), n)
        counts["clients_by_years_since_entry"].add((entry,), n)
        for code in nationality_codes(nationalities) or [UNKNOWN]:
            counts["clients_by_nationality"].add((code,), n)
    tables = [
        make_table(
            TABLE_BY_KEY["clients_by_team"],
            counts["clients_by_team"],
            rows=[str(pk) for pk in teams],
        ),
        make_table(
            TABLE_BY_KEY["clients_by_centre"],
            counts["clients_by_centre"],
            rows=[t.centre_id for t in teams.values()],
        ),
    ]
    for key in (
        "clients_by_service",
        "clients_by_age_gender",
        "clients_by_region",
        "clients_by_residence",
        "clients_by_years_since_entry",
    ):
        tables.append(make_table(TABLE_BY_KEY[key], counts[key]))
    tables.append(
        make_table(
            TABLE_BY_KEY["clients_by_nationality"], counts["clients_by_nationality"], total=total
        )
    )
    return tables, total


def family_table(team_ids: list[int], period: Period, teams: Mapping[int, TeamInfo]) -> Table:
    """Household members counselled along with a client of the period, by service."""
    served = served_clients(team_ids, period).values("pk")
    rows = (
        HouseholdMember.objects.filter(counselled_along=True, client_id__in=served)
        .values("client__team_id")
        .annotate(n=Count("pk"))
        .values_list("client__team_id", "n")
    )
    counts = Counter()
    for team_id, n in rows:
        counts.add((teams[team_id].service,), n)
    return make_table(TABLE_BY_KEY["family_members_by_service"], counts)
