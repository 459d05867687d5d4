"""Clients of the period — who came: one query over the clients with a contact or a group date.

A client counts once per period however many contacts they had (DOMAIN §D12): the query runs
over the clients (``EXISTS`` a contact in the period), never over the contacts. Their personal
details are encrypted, so the counting by gender, age, residence and nationality happens here
in Python after decrypting, not in the database.
"""

from __future__ import annotations

import collections
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    OuterRef,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Cast

from lotse.clients.models import Client, CounsellingContact, HouseholdMember, Intake
from lotse.common import crypto
from lotse.volunteers.models import GroupOfferParticipant

from ..catalogue import TABLE_BY_KEY
from ..dimensions import AGE_BOUNDS, ENTRY_BOUNDS, UNKNOWN, age_group
from ..tables import Keys, Number, Table, make_table
from .base import Counter, Period, TeamInfo, years_before


def served_clients(team_ids: list[int], period: Period) -> QuerySet[Client]:
    """Clients of the teams with at least one counselling contact in the period, or taking
    part in a group offer that met in the period: a group contact counts once per
    participating client in the client counts (DOMAIN §D16)."""
    in_period = CounsellingContact.objects.filter(
        client_id=OuterRef("pk"), date__gte=period.start, date__lte=period.end
    )
    in_group = GroupOfferParticipant.objects.filter(
        client_id=OuterRef("pk"),
        offer__dates__date__gte=period.start,
        offer__dates__date__lte=period.end,
    )
    return Client.objects.filter(team_id__in=team_ids, merged_into__isnull=True).filter(
        Exists(in_period) | Exists(in_group)
    )


def entry_expression(on: Any) -> Case:
    whens = [
        When(entry_date__lte=years_before(on, low), then=Value(code)) for code, low in ENTRY_BOUNDS
    ]
    return Case(*whens, default=Value(UNKNOWN), output_field=CharField())


# team, gender, residence, region, nationalities, age group, years since entry, clients
ClientRow = tuple[int, str, str, str, tuple[str, ...], str, str, int]


def is_month_end(day: date) -> bool:
    return (day + timedelta(days=1)).day == 1


def coarse_age_group(birth_year: int | None, birth_month: int | None, on: date) -> str:
    """The age group on ``on`` from the year and month of birth alone.

    Exact when ``on`` is the last day of a month other than February: then everybody born in
    that month has had their birthday. Otherwise (a period ending mid-month, or on 28 February,
    which comes before a 29 February birthday) client_rows decrypts the date of birth instead.
    Without a month (anonymous clients give only a year) the year decides, as it always did.
    """
    if birth_year is None:
        return UNKNOWN
    years = on.year - birth_year - (birth_month is not None and birth_month > on.month)
    return next((code for code, low in AGE_BOUNDS if years >= low), UNKNOWN)


ENCRYPTED_DETAILS = ("gender", "residence", "nationalities", "birth_date")


def client_rows(team_ids: list[int], period: Period) -> list[ClientRow]:
    """The clients of the period, counted by everything the tables need.

    Gender, residence situation, nationalities and the date of birth are encrypted, so the
    database cannot group by them: one row per served client is read and decrypted here, and
    the age group comes from the plain year and month of birth (see coarse_age_group).
    """
    on = period.end
    exact_age = not is_month_end(on) or on.month == 2
    # The tokens as stored (a plain text output field skips the model fields' converters) and
    # decrypted right here: a third of the time the fields' conversions took for 20,000 rows.
    tokens = {f"{name}_token": Cast(name, TextField()) for name in ENCRYPTED_DETAILS}
    aad = {name: Client._meta.get_field(name).aad for name in ENCRYPTED_DETAILS}  # type: ignore[union-attr]
    rows = (
        served_clients(team_ids, period)
        .annotate(entry=entry_expression(on), **tokens)
        .values_list(
            "team_id",
            "gender_token",
            "residence_token",
            "region_of_origin",
            "nationalities_token",
            "birth_year",
            "birth_month",
            "entry",
            "birth_date_token" if exact_age else "birth_month",
        )
        .order_by()
    )
    counts: collections.Counter[tuple[int, str, str, str, tuple[str, ...], str, str]] = (
        collections.Counter()
    )
    decrypt = crypto.decrypt
    for team_id, gender, residence, region, nationalities, year, month, entry, birth in rows:
        if exact_age and birth is not None:
            age = age_group(date.fromisoformat(decrypt(birth, aad=aad["birth_date"])), year, on)
        else:
            age = coarse_age_group(year, month, on)
        codes = decrypt(nationalities, aad=aad["nationalities"]) if nationalities else ""
        key = (
            team_id,
            decrypt(gender, aad=aad["gender"]),
            decrypt(residence, aad=aad["residence"]),
            region or UNKNOWN,
            tuple(code for code in codes.split(",") if code),
            age,
            entry,
        )
        counts[key] += 1
    return [(*key, n) for key, n in counts.items()]


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
        team_id, gender, residence, region, nationalities, age, entry, n = row
        team = teams[team_id]
        total += n
        counts["clients_by_team"].add((str(team_id),), n)
        counts["clients_by_service"].add((team.service,), n)
        counts["clients_by_centre"].add((team.centre_id,), n)
        counts["clients_by_age_gender"].add((age, gender), n)
        counts["clients_by_region"].add((region,), n)
        counts["clients_by_residence"].add((residence,), n)
        counts["clients_by_years_since_entry"].add((entry,), n)
        for code in nationalities or (UNKNOWN,):
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


def family_age_table(team_ids: list[int], period: Period) -> Table:
    """Household members counselled along, each a person of their own with their own age
    group (from the year of birth, on the last day); never a second case. Household members
    record no gender, so there is no gender column."""
    served = served_clients(team_ids, period).values("pk")
    years = HouseholdMember.objects.filter(counselled_along=True, client_id__in=served).values_list(
        "birth_year", flat=True
    )
    counts = Counter()
    for year in years:
        counts.add((age_group(None, year, period.end),), 1)
    return make_table(TABLE_BY_KEY["family_members_by_age"], counts)


def new_continuing_table(team_ids: list[int], period: Period) -> Table:
    """Clients of the period, new (their first contact of any kind — a first contact, a
    counselling contact or a group offer's date — lies in the period) or continuing (they had
    one before)."""
    served = served_clients(team_ids, period).values("pk")
    earlier = (
        set(
            CounsellingContact.objects.filter(client_id__in=served, date__lt=period.start)
            .values_list("client_id", flat=True)
            .distinct()
        )
        | set(
            Intake.objects.filter(client_id__in=served, date__lt=period.start)
            .values_list("client_id", flat=True)
            .distinct()
        )
        | set(
            GroupOfferParticipant.objects.filter(
                client_id__in=served, offer__dates__date__lt=period.start
            )
            .values_list("client_id", flat=True)
            .distinct()
        )
    )
    total = served_clients(team_ids, period).count()
    counts = Counter()
    counts.add(("continuing",), len(earlier))
    counts.add(("new",), total - len(earlier))
    return make_table(TABLE_BY_KEY["clients_new_continuing"], counts)


def further_services(team_ids: list[int], period: Period, teams: Mapping[int, TeamInfo]) -> Counter:
    """Per centre, how often the period's persons are counted again because more than one of
    their linked files (one ``person_key``, in different teams of the centre) was served.

    Not a sum over teams — a person links files of two teams — so it is counted afresh each
    time from the few linked files (a partial index holds only them)."""
    # The linked files first, from the partial index alone (a team condition here made SQLite
    # walk the team's files instead: 250 ms at 100,000 clients): nearly always none or a few.
    scope = set(team_ids)
    linked = [
        pk
        for pk, team_id in Client.objects.filter(person_key__isnull=False).values_list(
            "pk", "team_id"
        )
        if team_id in scope
    ]
    if not linked:
        return Counter()
    rows = (
        served_clients(team_ids, period)
        .filter(pk__in=linked)
        .values_list("person_key", "team_id")
        .order_by()
    )
    files: collections.Counter[tuple[str, object]] = collections.Counter(
        (teams[team_id].centre_id, key) for key, team_id in rows
    )
    again = Counter()
    for (centre, _key), n in files.items():
        if n > 1:
            again.add((centre,), n - 1)
    return again


def persons_table(clients_by_centre: Table, again: Mapping[Keys, Number]) -> Table:
    """Persons and the further services' counts of the same persons, per centre: each row
    adds up to the centre's clients (``clients_by_centre``), a person counts once (§D16)."""
    counts = Counter()
    for centre in clients_by_centre.rows:
        files = int(clients_by_centre.value(centre) or 0)
        # Kept counts may lag a moment behind the live link count: never below zero persons.
        further = min(int(again.get((centre,), 0)), files)
        counts.add((centre, "person"), files - further)
        counts.add((centre, "further_service"), further)
    return make_table(TABLE_BY_KEY["persons_by_centre"], counts, rows=clients_by_centre.rows)
