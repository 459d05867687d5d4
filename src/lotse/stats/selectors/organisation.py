"""Network, volunteers and staff: figures from the other apps' own selectors and functions.

The network indicators come from ``lotse.network.selectors.centre_indicators`` (one call per
centre, small fact lists), the volunteer figures from ``lotse.volunteers.selectors.figures``.
Staff and posts describe the organisation, not the people it serves: they are shown in the
reports unsuppressed and never exported in a bundle (only the sum of posts).
"""

from __future__ import annotations

from collections import Counter as PlainCounter
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from lotse.accounts.models import Membership, User
from lotse.accounts.roles import Role
from lotse.network import indicators
from lotse.network.selectors import centre_indicators
from lotse.organisation.models import Centre
from lotse.volunteers.selectors.figures import volunteer_figures

from ..catalogue import TABLE_BY_KEY
from ..tables import Keys, Number, Table, make_table
from .base import Counter, Period, TeamInfo

STAFF_ROLES = (Role.COUNSELLOR, Role.TEAM_LEAD)


def network_table(period: Period, teams: Mapping[int, TeamInfo]) -> Table:
    counts = Counter()
    centre_ids = sorted({t.centre_id for t in teams.values()})
    for centre in Centre.objects.filter(statistics_id__in=centre_ids):
        network, opening = centre_indicators(centre, indicators.Period(period.start, period.end))
        counts.add(("mandatory_categories",), len(network.coverage.rows))
        counts.add(("mandatory_categories_covered",), len(network.coverage.covered))
        for code in ("responsibilities_agreed", "resources_pooled", "working_groups"):
            counts.add((code,), getattr(network, code))
        for code in (
            "referrals_out",
            "referrals_with_outcome",
            "referrals_arrived",
            "partners_opening_in_mission",
            "partner_staff_trained",
            "information_and_training_events",
            "joint_actions",
            "agreements_on_opening",
        ):
            counts.add((code,), getattr(opening, code))
    return make_table(TABLE_BY_KEY["network_indicators"], counts)


def volunteer_table(team_ids: list[int], period: Period) -> Table:
    figures = volunteer_figures(team_ids=team_ids, start=period.start, end=period.end)
    counts: dict[Keys, Number] = {
        (code,): getattr(figures, code)
        for code in (
            "volunteers_active",
            "young_volunteers_active",
            "partnerships_active",
            "partnerships_started",
            "partnerships_ended",
            "meetings",
            "trainings_completed",
            "evenings",
        )
    }
    counts[("retention_cohort",)] = figures.retention.cohort
    counts[("retention_retained",)] = figures.retention.retained
    return make_table(TABLE_BY_KEY["volunteer_figures"], counts)


@dataclass(frozen=True)
class StaffMember:
    name: str
    fte: Decimal
    languages: tuple[str, ...]
    role: str


@dataclass(frozen=True)
class Staff:
    """Counselling staff of the teams: persons, posts (sum of shares) and languages."""

    members: tuple[StaffMember, ...] = ()
    languages: Mapping[str, int] = field(default_factory=dict)

    @property
    def persons(self) -> int:
        return len(self.members)

    @property
    def posts(self) -> Decimal:
        return sum((m.fte for m in self.members), Decimal("0"))


def staff(team_ids: list[int]) -> Staff:
    """Counsellors and team leads of the teams (each person once, with their post share)."""
    memberships = Membership.objects.filter(team_id__in=team_ids, role__in=STAFF_ROLES)
    users = (
        User.objects.filter(pk__in=memberships.values("user_id"), is_active=True)
        .order_by("full_name")
        .values_list("full_name", "fte", "languages", "pk")
    )
    roles = dict(memberships.values_list("user_id", "role"))
    share = shares(team_ids)
    members = []
    languages: PlainCounter[str] = PlainCounter()
    for name, fte, codes, pk in users:
        spoken = tuple(c.strip() for c in (codes or "").split(",") if c.strip())
        languages.update(spoken)
        post = (Decimal(fte) * share.get(pk, Decimal(1))).quantize(Decimal("0.01"))
        members.append(StaffMember(name, post, spoken, roles.get(pk, "")))
    return Staff(tuple(members), dict(languages.most_common()))


def shares(team_ids: list[int]) -> dict[int, Decimal]:
    """Each staff member's share of their post that belongs to ``team_ids``: the teams they
    work in there over all teams they work in. A counsellor with half a post in each of two
    centres counts 0.5 in each and 1.0 in the sum, never 1.0 twice (DOMAIN §D16). The post
    records no split of its own, so it is split evenly over the teams."""
    teams: dict[int, set[int]] = defaultdict(set)
    in_scope = set(team_ids)
    mine = Membership.objects.filter(team_id__in=team_ids, role__in=STAFF_ROLES)
    for user_id, team_id in Membership.objects.filter(
        user_id__in=mine.values("user_id"), role__in=STAFF_ROLES
    ).values_list("user_id", "team_id"):
        teams[user_id].add(team_id)
    return {
        user_id: Decimal(len(ids & in_scope)) / Decimal(len(ids)) for user_id, ids in teams.items()
    }


def posts(team_ids: list[int]) -> Decimal:
    share = shares(team_ids)
    users = User.objects.filter(pk__in=list(share), is_active=True).values_list("pk", "fte")
    total = sum((Decimal(fte) * share[pk] for pk, fte in users), Decimal("0"))
    return total.quantize(Decimal("0.01"))
