"""Which units a person may see statistics of — aggregates only, never a client row.

Statistics are not client files: the statistics officer has no client role and sees no
client, yet needs the counts of the whole provider. So the scope is a set of *teams*, never
``Client.objects.visible_to``:
- a team lead sees the teams they lead — a centre only when they lead all of its teams;
- a statistics officer sees the provider(s) of their teams (every centre and team).
Every figure computed for these teams passes suppression before anyone sees it.

A team lead's figures of their own teams are their working view (any period); everything
else the statistics pages show or export is published (``periods.py``, ``folding.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count
from django.utils.translation import gettext as _

from lotse.accounts.models import Membership
from lotse.accounts.roles import Role
from lotse.organisation.models import Provider, Team


@dataclass(frozen=True)
class Unit:
    key: str
    label: str
    level: str  # provider, centre, team, all
    team_ids: tuple[int, ...]
    statistics_id: str = ""
    parent: str = ""  # key of the next level this unit folds into (folding.py)


def _teams_in_scope(user: Any) -> list[dict[str, Any]]:
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return []
    memberships = Membership.objects.filter(user=user)
    led = memberships.filter(role=Role.TEAM_LEAD).values("team_id")
    providers = memberships.filter(role=Role.STATISTICS_OFFICER).values(
        "team__service__centre__provider_id"
    )
    teams = Team.objects.filter(pk__in=led) | Team.objects.filter(
        service__centre__provider_id__in=providers
    )
    return [
        dict(row)
        for row in teams.distinct()
        .order_by("service__centre__provider__name", "service__centre__name", "name")
        .values(
            "pk",
            "name",
            "service__kind",
            "service__centre_id",
            "service__centre__name",
            "service__centre__statistics_id",
            "service__centre__provider_id",
            "service__centre__provider__name",
        )
    ]


def units_for(user: Any) -> list[Unit]:
    """The units offered in the dashboard's filter, the widest first."""
    rows = _teams_in_scope(user)
    if not rows:
        return []
    units: list[Unit] = []
    providers: dict[int, list[dict[str, Any]]] = {}
    for row in rows:
        providers.setdefault(row["service__centre__provider_id"], []).append(row)
    officer_of = set(
        Membership.objects.filter(user=user, role=Role.STATISTICS_OFFICER).values_list(
            "team__service__centre__provider_id", flat=True
        )
    )
    centre_sizes = dict(
        Team.objects.filter(service__centre_id__in={r["service__centre_id"] for r in rows})
        .values("service__centre_id")
        .annotate(n=Count("pk"))
        .values_list("service__centre_id", "n")
    )
    if len(providers) > 1:
        units.append(Unit("all", _("All my units"), "all", tuple(r["pk"] for r in rows)))
    for provider_id, provider_rows in providers.items():
        if provider_id in officer_of:
            units.append(
                Unit(
                    f"p{provider_id}",
                    provider_rows[0]["service__centre__provider__name"],
                    "provider",
                    tuple(r["pk"] for r in provider_rows),
                )
            )
        centres: dict[int, list[dict[str, Any]]] = {}
        for row in provider_rows:
            centres.setdefault(row["service__centre_id"], []).append(row)
        provider_key = f"p{provider_id}" if provider_id in officer_of else ""
        for centre_id, centre_rows in centres.items():
            whole = provider_id in officer_of or len(centre_rows) == centre_sizes[centre_id]
            if whole:
                units.append(
                    Unit(
                        f"c{centre_id}",
                        centre_rows[0]["service__centre__name"],
                        "centre",
                        tuple(r["pk"] for r in centre_rows),
                        centre_rows[0]["service__centre__statistics_id"],
                        parent=provider_key,
                    )
                )
            for row in centre_rows:
                name = row["name"]
                label = f"– {name}" if whole else f"{row['service__centre__name']}: {name}"
                units.append(
                    Unit(
                        f"t{row['pk']}",
                        label,
                        "team",
                        (row["pk"],),
                        parent=f"c{centre_id}" if whole else "",
                    )
                )
    return units


def led_team_ids(user: Any) -> set[int]:
    """The teams ``user`` leads: their own working view."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(
        Membership.objects.filter(user=user, role=Role.TEAM_LEAD).values_list("team_id", flat=True)
    )


def unit_for(user: Any, key: str | None) -> Unit | None:
    """The unit ``key`` if the user may see it, else the widest one (None: no scope at all)."""
    units = units_for(user)
    if not units:
        return None
    return next((u for u in units if u.key == key), units[0])


def providers_of_officer(user: Any) -> list[Provider]:
    ids = Membership.objects.filter(user=user, role=Role.STATISTICS_OFFICER).values(
        "team__service__centre__provider_id"
    )
    return list(Provider.objects.filter(pk__in=ids))


def is_team_lead(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.has_role(Role.TEAM_LEAD)
