"""Contacts, topics, first contacts and the waiting list of the period: aggregate queries only.

Counting rules (DOMAIN §D12): a contact counts once in every contact table, however many
topics it has; the topic table counts it once per topic (multiple answers); hours are the
contacts' durations and never pass through the topics.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth

from lotse.accounts.models import User
from lotse.clients.models import CounsellingContact, Intake, IntakeOutcome
from lotse.volunteers.models import GroupOfferParticipant

from ..catalogue import TABLE_BY_KEY
from ..dimensions import waiting_bucket
from ..tables import Table, make_table
from .base import Counter, Period, TeamInfo


def period_contacts(team_ids: list[int], period: Period) -> QuerySet[CounsellingContact]:
    return CounsellingContact.objects.filter(
        client__team_id__in=team_ids, date__gte=period.start, date__lte=period.end
    ).order_by()


def _month(value: object) -> str:
    text = str(value)
    return text[:7]


ContactRow = tuple[int, int, str, str, str, int, int | None]


PASSES_SQL = """
WITH x (client_id, counsellor_id, team_id, form, language, month, minutes) AS MATERIALIZED (
{inner}
), y (client_id, month) AS (
{groups}
)
SELECT 'g', CAST(team_id AS TEXT), CAST(counsellor_id AS TEXT), form, language,
       CAST(month AS TEXT), COUNT(*), SUM(minutes)
  FROM x GROUP BY team_id, counsellor_id, form, language, month
UNION ALL
SELECT 'm', NULL, NULL, NULL, NULL, CAST(month AS TEXT), COUNT(*), NULL
  FROM (SELECT client_id, month FROM x UNION SELECT client_id, month FROM y) AS months
 GROUP BY month
UNION ALL
SELECT 'c', NULL, CAST(counsellor_id AS TEXT), NULL, NULL, NULL, COUNT(*), NULL
  FROM (SELECT DISTINCT client_id, counsellor_id FROM x) AS counsellors GROUP BY counsellor_id
"""


@dataclass
class ContactPasses:
    """What one pass over the period's contacts yields (see ``contact_passes``)."""

    rows: list[ContactRow] = field(default_factory=list)
    per_month: dict[str, int] = field(default_factory=dict)
    per_counsellor: dict[str, int] = field(default_factory=dict)


def contact_passes(team_ids: list[int], period: Period) -> ContactPasses:
    """The contacts of the period read once (the scoped query comes from the ORM and is
    materialised as a common table expression), aggregated three ways:

    - contacts and minutes per team, counsellor, form, language and month;
    - distinct clients per month (a client counts once in each month with a contact or a
      date of a group offer they take part in, DOMAIN §D16);
    - distinct clients per counsellor.
    """
    inner = (
        period_contacts(team_ids, period)
        .annotate(month=TruncMonth("date"))
        .values_list(
            "client_id", "counsellor_id", "client__team_id", "form", "language", "month",
            "duration_minutes",
        )
    )  # fmt: skip
    groups = (
        GroupOfferParticipant.objects.filter(
            client__team_id__in=team_ids,
            client__merged_into__isnull=True,
            offer__dates__date__gte=period.start,
            offer__dates__date__lte=period.end,
        )
        .annotate(month=TruncMonth("offer__dates__date"))
        .values_list("client_id", "month")
        .order_by()
    )
    sql, params = inner.query.sql_with_params()
    group_sql, group_params = groups.query.sql_with_params()
    result = ContactPasses()
    with connection.cursor() as cursor:
        # The inner queries are the ORM's own SQL with their parameters: nothing is interpolated.
        cursor.execute(PASSES_SQL.format(inner=sql, groups=group_sql), (*params, *group_params))
        for kind, team, counsellor, form, language, month, n, minutes in cursor.fetchall():
            if kind == "g":
                result.rows.append(
                    (int(team), int(counsellor), form, language, _month(month), n, minutes)
                )
            elif kind == "m":
                result.per_month[_month(month)] = n
            else:
                result.per_counsellor[str(counsellor)] = n
    return result


def counsellor_names(pks: list[str]) -> dict[str, str]:
    users = User.objects.filter(pk__in=[int(pk) for pk in pks]).values_list("pk", "full_name")
    return {str(pk): name for pk, name in users}


def topic_counts(team_ids: list[int], period: Period) -> dict[str, tuple[int, int]]:
    """Contacts and their minutes per topic code (catalogue versions share codes). A contact
    with two topics brings its whole duration to both rows — multiple answers — and once to
    the total, which comes from the contacts themselves (never divided or multiplied)."""
    through = CounsellingContact.topics.through
    rows = (
        through.objects.filter(
            counsellingcontact__client__team_id__in=team_ids,
            counsellingcontact__date__gte=period.start,
            counsellingcontact__date__lte=period.end,
        )
        .values("topic__code")
        .annotate(n=Count("pk"), minutes=Sum("counsellingcontact__duration_minutes"))
        # The type checker's model of the through table does not know the annotations.
        .values_list("topic__code", "n", "minutes")  # type: ignore[misc]
    )
    return {code: (n, minutes or 0) for code, n, minutes in rows}


CONTACT_TABLES = (
    "contacts_by_team",
    "contacts_by_service",
    "contacts_by_centre",
    "contacts_by_counsellor",
    "contacts_by_form",
    "contacts_by_language",
    "contacts_by_month",
    "hours_by_service",
)


def contact_tables(
    passes: ContactPasses,
    topics: dict[str, tuple[int, int]],
    *,
    period: Period,
    teams: Mapping[int, TeamInfo],
    clients_total: int,
) -> list[Table]:
    """The contact tables, clients by month and counsellor, and the topic table (its base is
    the number of contacts, each counted once)."""
    counts = {key: Counter() for key in CONTACT_TABLES}
    total = total_minutes = 0
    for team_id, counsellor_id, form, language, month, n, minutes in passes.rows:
        team = teams[team_id]
        total += n
        total_minutes += minutes or 0
        counts["contacts_by_team"].add((str(team_id),), n)
        counts["contacts_by_service"].add((team.service,), n)
        counts["contacts_by_centre"].add((team.centre_id,), n)
        counts["contacts_by_counsellor"].add((str(counsellor_id),), n)
        counts["contacts_by_form"].add((form,), n)
        counts["contacts_by_language"].add((language,), n)
        counts["contacts_by_month"].add((_month(month),), n)
        counts["hours_by_service"].add((team.service,), minutes or 0)  # minutes, see make_table
    extra_rows = {
        "contacts_by_team": [str(pk) for pk in teams],
        "contacts_by_centre": [t.centre_id for t in teams.values()],
        "contacts_by_month": period.months(),
    }
    tables = [
        make_table(TABLE_BY_KEY[key], counts[key], rows=extra_rows.get(key, ()))
        for key in CONTACT_TABLES
    ]
    tables.append(
        make_table(
            TABLE_BY_KEY["clients_by_month"],
            {(month,): n for month, n in passes.per_month.items()},
            total=clients_total,
            rows=period.months(),
        )
    )
    tables.append(
        make_table(
            TABLE_BY_KEY["clients_by_counsellor"],
            {(pk,): n for pk, n in passes.per_counsellor.items()},
            total=clients_total,
        )
    )
    tables.append(
        make_table(
            TABLE_BY_KEY["contacts_by_topic"],
            {(code,): n for code, (n, _) in topics.items()},
            total=total,
        )
    )
    tables.append(
        make_table(
            TABLE_BY_KEY["hours_by_topic"],
            {(code,): minutes for code, (_, minutes) in topics.items()},
            total=total_minutes,
        )
    )
    return tables


def intake_tables(team_ids: list[int], period: Period) -> list[Table]:
    rows = (
        Intake.objects.filter(
            client__team_id__in=team_ids, date__gte=period.start, date__lte=period.end
        )
        .values("access_channel", "outcome")
        .annotate(n=Count("pk"))
        .values_list("access_channel", "outcome", "n")
    )
    channel, outcome = Counter(), Counter()
    for access_channel, result, n in rows:
        channel.add((access_channel,), n)
        outcome.add((result,), n)
    return [
        make_table(TABLE_BY_KEY["intakes_by_access_channel"], channel),
        make_table(TABLE_BY_KEY["intakes_by_outcome"], outcome),
    ]


def waiting_tables(team_ids: list[int], period: Period) -> list[Table]:
    """Who is on the waiting list at the end of the period, and how long those who left it
    during the period had waited (from first contact to leaving the list)."""
    waiting = Intake.objects.filter(
        client__team_id__in=team_ids, outcome=IntakeOutcome.WAITING_LIST
    )
    on_list = (
        waiting.filter(date__lte=period.end)
        .filter(Q(waiting_until__isnull=True) | Q(waiting_until__gt=period.end))
        .values("service")
        .annotate(n=Count("pk"))
        .values_list("service", "n")
    )
    left = (
        waiting.filter(waiting_until__gte=period.start, waiting_until__lte=period.end)
        .values("date", "waiting_until")
        .annotate(n=Count("pk"))
        .values_list("date", "waiting_until", "n")
    )
    buckets, days = Counter(), Counter()
    for since, until, n in left:
        if until is None:  # excluded by the filter; for the type checker
            continue
        waited = max((until - since).days, 0)
        buckets.add((waiting_bucket(waited),), n)
        days.add((waiting_bucket(waited),), waited * n)
    return [
        make_table(TABLE_BY_KEY["waiting_list_by_service"], {(s,): n for s, n in on_list}),
        make_table(TABLE_BY_KEY["waiting_time"], buckets),
        make_table(TABLE_BY_KEY["waiting_days"], days),
    ]
