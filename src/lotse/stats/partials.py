"""The raw counts behind the statistics, in a form that adds up over teams.

Every figure the client tables hold is a sum over clients, and every client file belongs to
exactly one team: the counts of two teams for the same period therefore add up to the counts
of both teams together — distinct persons included, because no person is in two teams' counts.
A ``Partial`` holds those counts (before any table is built, hours still in whole minutes), so
the statistics of a unit are the sum of its teams' partials, whether the partials were just
counted from the raw rows (``gather``) or kept from earlier (``lotse.stats.materialised``).

What is not a sum over clients — the network indicators of a centre, the volunteer figures,
the posts, and how often a person with files in two teams is counted again (``persons_by_centre``,
DOMAIN §D16) — is counted afresh each time (``assemble``); those queries are small.

Nothing here is published: ``assemble`` returns unsuppressed tables for ``publish``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .catalogue import MULTIPLE, TABLE_BY_KEY
from .selectors.activity import (
    ContactPasses,
    contact_passes,
    contact_tables,
    intake_tables,
    topic_counts,
    waiting_tables,
)
from .selectors.base import Period, TeamInfo, teams_info
from .selectors.casework import case_tables
from .selectors.groups import group_tables
from .selectors.organisation import network_table, posts, volunteer_table
from .selectors.people import (
    ClientRow,
    client_rows,
    client_tables,
    family_age_table,
    family_table,
    further_services,
    new_continuing_table,
    persons_table,
)
from .selectors.runner import run
from .suppression import TOTAL
from .tables import Keys, Number, Table, make_table

# Bumped whenever the shape of a partial changes: kept partials of another version are
# counted again rather than misread.
VERSION = 4

# Tables built by the selectors directly, in the order the report shows them. The two that
# are not sums over clients are counted afresh in ``assemble``.
REST_TABLES = (
    "intakes_by_access_channel",
    "intakes_by_outcome",
    "cases_by_phase_service",
    "goals_by_status",
    "case_indicators",
    "livelihood_intake_closure",
    "cases_closed_by_residence_intake",
    "cases_closed_by_problem_area_intake",
    "cases_closed_by_permit_intake",
    "cases_closed_by_permit_closure",
    "cases_closed_by_reason",
    "family_members_by_service",
    "family_members_by_age",
    "clients_new_continuing",
    "waiting_list_by_service",
    "waiting_time",
    "waiting_days",
    "group_contacts_by_service",
    "group_attendances_by_service",
    "group_clients_by_service",
    "network_indicators",
    "volunteer_figures",
)
LIVE_TABLES = frozenset({"network_indicators", "volunteer_figures"})


@dataclass
class Partial:
    """Named sections of counts keyed by tuples of codes; two partials add up cell by cell."""

    sections: dict[str, dict[Keys, Number]] = field(default_factory=dict)

    def section(self, name: str) -> dict[Keys, Number]:
        return self.sections.setdefault(name, {})

    def add(self, name: str, keys: Keys, value: Number | None) -> None:
        cells = self.section(name)
        cells[keys] = cells.get(keys, 0) + (value or 0)

    def __iadd__(self, other: Partial) -> Partial:
        for name, cells in other.sections.items():
            mine = self.section(name)
            for keys, value in cells.items():
                mine[keys] = mine.get(keys, 0) + value
        return self

    def to_json(self) -> dict[str, Any]:
        return {
            "version": VERSION,
            "sections": {
                name: [[*keys, value] for keys, value in sorted(cells.items())]
                for name, cells in sorted(self.sections.items())
            },
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Partial:
        if data.get("version") != VERSION:
            raise ValueError("partial of another version")
        partial = cls()
        for name, rows in data["sections"].items():
            partial.sections[name] = {tuple(row[:-1]): row[-1] for row in rows}
        return partial

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Partial):
            return NotImplemented
        return _nonzero(self) == _nonzero(other)

    __hash__ = None  # type: ignore[assignment]


def _nonzero(partial: Partial) -> dict[str, dict[Keys, Number]]:
    """The sections without zero cells: a vocabulary code with 0 and a missing code are the
    same count."""
    result = {}
    for name, cells in partial.sections.items():
        kept = {k: v for k, v in cells.items() if v}
        if kept:
            result[name] = kept
    return result


def gather(team_ids: list[int], period: Period) -> Partial:
    """The partial of ``team_ids`` for ``period``, counted from the raw rows."""
    ids = sorted(team_ids)
    jobs: dict[str, Callable[[], Any]] = {
        "topics": lambda: topic_counts(ids, period),
        "contacts": lambda: contact_passes(ids, period),
        "clients": lambda: client_rows(ids, period),
        "rest": lambda: _rest_tables(ids, period),
    }
    done = run(jobs)
    partial = Partial()
    for code, (n, minutes) in done["topics"].items():
        partial.add("topic_contacts", (code,), n)
        partial.add("topic_minutes", (code,), minutes)
    passes: ContactPasses = done["contacts"]
    for team_id, counsellor_id, form, language, month, n, minutes in passes.rows:
        keys = (str(team_id), str(counsellor_id), form, language, month)
        partial.add("contacts", keys, n)
        partial.add("contact_minutes", keys, minutes)
    for month, n in passes.per_month.items():
        partial.add("clients_per_month", (month,), n)
    for counsellor, n in passes.per_counsellor.items():
        partial.add("clients_per_counsellor", (counsellor,), n)
    for team_id, gender, residence, region, nationalities, age, entry, n in done["clients"]:
        client_keys = (str(team_id), gender, residence, region, ",".join(nationalities), age, entry)
        partial.add("clients", client_keys, n)
    for table in done["rest"]:
        for keys, value in table.cells.items():
            if TOTAL not in keys:
                partial.add(f"table:{table.key}", keys, value)
        if table.kind == MULTIPLE:
            partial.add(f"base:{table.key}", (), table.total)
    return partial


def _rest_tables(ids: list[int], period: Period) -> list[Table]:
    # ``family_table`` only reads the service of a team from ``teams``; the partial keeps
    # the service code, which adds up like every other cell.
    teams = teams_info(ids)
    return [
        *intake_tables(ids, period),
        *case_tables(ids, period),
        family_table(ids, period, teams),
        family_age_table(ids, period),
        new_continuing_table(ids, period),
        *waiting_tables(ids, period),
        *group_tables(ids, period, teams),
    ]


def assemble(
    partial: Partial, period: Period, teams: Mapping[int, TeamInfo]
) -> tuple[list[Table], Decimal]:
    """The unsuppressed tables of ``teams`` for ``period`` from their summed partial, with
    the tables that are not sums over clients counted afresh; and the posts of the teams."""
    ids = sorted(teams)
    live = run(
        {
            "network": lambda: network_table(period, teams),
            "volunteers": lambda: volunteer_table(ids, period),
            "posts": lambda: posts(ids),
            "further": lambda: further_services(ids, period, teams),
        }
    )
    rows: list[ClientRow] = [
        (
            int(team),
            gender,
            residence,
            region,
            tuple(c for c in nat.split(",") if c),
            age,
            entry,
            int(n),
        )
        for (team, gender, residence, region, nat, age, entry), n in _cells(
            partial, "clients"
        ).items()
    ]
    clients, clients_total = client_tables(rows, teams)
    by_centre = next(t for t in clients if t.key == "clients_by_centre")
    clients.insert(clients.index(by_centre) + 1, persons_table(by_centre, live["further"]))
    passes = ContactPasses(
        rows=[
            (int(team), int(counsellor), form, language, month, int(n), _minutes(partial, keys))
            for keys, n in _cells(partial, "contacts").items()
            for team, counsellor, form, language, month in [keys]
        ],
        per_month={k[0]: int(n) for k, n in _cells(partial, "clients_per_month").items()},
        per_counsellor={k[0]: int(n) for k, n in _cells(partial, "clients_per_counsellor").items()},
    )
    minutes = _cells(partial, "topic_minutes")
    topics = {
        k[0]: (int(n), int(minutes.get(k, 0))) for k, n in _cells(partial, "topic_contacts").items()
    }
    contacts = contact_tables(
        passes, topics, period=period, teams=teams, clients_total=clients_total
    )
    rest: list[Table] = []
    for key in REST_TABLES:
        if key == "network_indicators":
            rest.append(live["network"])
        elif key == "volunteer_figures":
            rest.append(live["volunteers"])
        else:
            rest.append(_table(partial, key))
    return [*clients, *contacts, *rest], live["posts"]


def _cells(partial: Partial, name: str) -> dict[Keys, Number]:
    return {k: v for k, v in partial.sections.get(name, {}).items() if v}


def _minutes(partial: Partial, keys: Keys) -> int | None:
    value = partial.sections.get("contact_minutes", {}).get(keys)
    return None if value is None else int(value)


def _table(partial: Partial, key: str) -> Table:
    spec = TABLE_BY_KEY[key]
    counts = partial.sections.get(f"table:{key}", {})
    total: Number | None = None
    if spec.kind == MULTIPLE:
        total = partial.sections.get(f"base:{key}", {}).get((), 0)
    return make_table(spec, counts, total=total)


def total(partials: Iterable[Partial]) -> Partial:
    """The sum of ``partials``."""
    result = Partial()
    for partial in partials:
        result += partial
    return result
