"""Group offers of the period (DOMAIN §D11, §D16): aggregate queries only.

A group offer's date is one group contact however many came; the people at it are counted per
date (anonymous participants by number); the known clients who took part count once each.
Group offers belong to a team and their participants are clients of a team, so every count
adds up over teams like the other client counts (see ``lotse.stats.partials``).
"""

from __future__ import annotations

from collections.abc import Mapping

from django.db.models import Count, Exists, OuterRef, QuerySet, Sum

from lotse.clients.models import Client
from lotse.volunteers.models import GroupOfferDate, GroupOfferParticipant

from ..catalogue import TABLE_BY_KEY
from ..tables import Table, make_table
from .base import Counter, Period, TeamInfo


def group_dates(team_ids: list[int], period: Period) -> QuerySet[GroupOfferDate]:
    return GroupOfferDate.objects.filter(
        offer__team_id__in=team_ids, date__gte=period.start, date__lte=period.end
    ).order_by()


def group_clients(team_ids: list[int], period: Period) -> QuerySet[Client]:
    """Clients of the teams linked to a group offer that met in the period."""
    met = GroupOfferParticipant.objects.filter(
        client_id=OuterRef("pk"),
        offer__dates__date__gte=period.start,
        offer__dates__date__lte=period.end,
    )
    return Client.objects.filter(team_id__in=team_ids, merged_into__isnull=True).filter(Exists(met))


def group_tables(team_ids: list[int], period: Period, teams: Mapping[int, TeamInfo]) -> list[Table]:
    """Group contacts (dates held), attendances (people at each date) and the clients who
    took part, by service."""
    dates, attendances, clients = Counter(), Counter(), Counter()
    rows = (
        group_dates(team_ids, period)
        .values("offer__team_id")
        .annotate(n=Count("pk"), people=Sum("participants"))
        .values_list("offer__team_id", "n", "people")
    )
    for team_id, n, people in rows:
        dates.add((teams[team_id].service,), n)
        attendances.add((teams[team_id].service,), people or 0)
    per_team = (
        group_clients(team_ids, period)
        .values("team_id")
        .annotate(n=Count("pk"))
        .values_list("team_id", "n")
    )
    for team_id, n in per_team:
        clients.add((teams[team_id].service,), n)
    return [
        make_table(TABLE_BY_KEY["group_contacts_by_service"], dates),
        make_table(TABLE_BY_KEY["group_attendances_by_service"], attendances),
        make_table(TABLE_BY_KEY["group_clients_by_service"], clients),
    ]
