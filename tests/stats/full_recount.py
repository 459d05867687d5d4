"""Every exported statistics table recomputed in plain Python from the raw rows (issue #16,
Done-when), written from DOMAIN §D12/§D16 and the counting-rules table of
docs/statistics-bundle.md — not from lotse.stats: no selector, partial or table builder is
imported here. The ORM decrypts the encrypted fields; everything else is loops and sets.

``expected(team_ids, start, end)`` returns ``{table key: {cell keys: value}}`` with the totals
and margins a published table carries (``_total``), zero cells left out. Hours are in hours,
rounded to four decimals once per cell (minutes summed first), days are whole days.

Rules decided here, each with its source:
- a client of the period: not merged, a counselling contact in the period, or a participant of
  a group offer that met in the period (§D16; docs "a client counts once per period");
- a client counts in every month with a counselling contact *or a group date they took part
  in* (§D16 "a group contact counts once per participating client in client counts";
  ``clients_by_month`` is a client count whose total includes group participants);
- ages on the last day of the period in completed years from the birth date, else from the
  year alone (docs "age, years since entry"); entry after the period's end: unknown;
- "at intake": the latest first contact of the case's service on or before the opening (by
  date, then when recorded); "at closure": the last closure in the period (§D16).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from lotse.accounts.models import Membership
from lotse.cases.indicators import GoalFacts, case_indicators
from lotse.cases.models import Case, Closure, Goal, PhaseChange, SupportPlan
from lotse.cases.planning import GoalStatus
from lotse.clients.models import (
    Client,
    CounsellingContact,
    HouseholdMember,
    Intake,
    ResidencePermit,
)
from lotse.common.regions import region_of
from lotse.organisation.models import Team
from lotse.volunteers.models import GroupOffer

from .recount_network import network_cells, volunteer_cells

TOTAL = "_total"
UNKNOWN = "unknown"
Cells = dict[tuple[str, ...], float]

STAFF_ROLES = ("counsellor", "team_lead")
AGE_GROUPS = ((65, "65_plus"), (50, "50_64"), (40, "40_49"), (27, "27_39"), (18, "18_26"),
              (12, "12_17"), (0, "under_12"))  # fmt: skip
ADDITIVE_1D = (
    "clients_by_service", "contacts_by_service", "hours_by_service", "clients_new_continuing",
    "contacts_by_month", "clients_by_centre", "contacts_by_centre", "clients_by_region",
    "clients_by_residence", "clients_by_years_since_entry", "contacts_by_language",
    "contacts_by_form", "intakes_by_access_channel", "intakes_by_outcome",
    "cases_closed_by_reason", "cases_closed_by_residence_intake",
    "cases_closed_by_permit_intake", "cases_closed_by_permit_closure",
    "family_members_by_service", "family_members_by_age", "waiting_list_by_service",
    "waiting_time", "waiting_days", "group_contacts_by_service",
    "group_attendances_by_service", "group_clients_by_service", "goals_by_status",
)  # fmt: skip
ADDITIVE_2D = (
    "persons_by_centre", "clients_by_age_gender", "cases_by_phase_service",
    "livelihood_intake_closure",
)  # fmt: skip


def completed_years(since: date, on: date) -> int:
    return on.year - since.year - ((on.month, on.day) < (since.month, since.day))


def age_group(years: int | None) -> str:
    if years is None or years < 0:
        return UNKNOWN
    return next(code for low, code in AGE_GROUPS if years >= low)


def entry_group(entry: date | None, on: date) -> str:
    if entry is None or entry > on:
        return UNKNOWN
    years = completed_years(entry, on)
    return "5_plus" if years >= 5 else "3_4" if years >= 3 else "1_2" if years >= 1 else "under_1"


def waiting_bucket(days: int) -> str:
    return (
        "up_to_7" if days <= 7 else "8_30" if days <= 30 else "31_90" if days <= 90 else ("over_90")
    )


class Raw:
    """The raw rows of the teams, read once."""

    def __init__(self, team_ids: Iterable[int]) -> None:
        self.team_ids = set(team_ids)
        teams = Team.objects.filter(pk__in=self.team_ids).select_related("service__centre")
        self.service = {t.pk: t.service.kind for t in teams}
        self.centre = {t.pk: t.service.centre.statistics_id for t in teams}
        self.clients = {
            c.pk: c
            for c in Client.objects.filter(team_id__in=self.team_ids, merged_into__isnull=True)
        }
        self.contacts = [
            (c, {t.code for t in c.topics.all()})
            for c in CounsellingContact.objects.filter(
                client__team_id__in=self.team_ids
            ).prefetch_related("topics")
        ]
        self.intakes = list(
            Intake.objects.filter(client__team_id__in=self.team_ids).prefetch_related(
                "problem_areas"
            )
        )
        # (client, date) of every group date of every offer a client takes part in.
        self.group_days: list[tuple[int, date]] = []
        self.offers = list(
            GroupOffer.objects.prefetch_related("dates", "participants").order_by("pk")
        )
        for offer in self.offers:
            for joined in offer.participants.all():
                if joined.client_id in self.clients:
                    self.group_days += [(joined.client_id, d.date) for d in offer.dates.all()]
        self.cases = list(Case.objects.filter(client__team_id__in=self.team_ids))
        self.changes: dict[int, list[PhaseChange]] = defaultdict(list)
        for change in PhaseChange.objects.filter(case__in=[c.pk for c in self.cases]):
            self.changes[change.case_id].append(change)
        self.closures: dict[int, list[Closure]] = defaultdict(list)
        for closure in Closure.objects.filter(case__in=[c.pk for c in self.cases]):
            self.closures[closure.case_id].append(closure)
        self.current_goals: dict[int, list[Goal]] = defaultdict(list)
        plans: dict[int, SupportPlan] = {}
        for plan in SupportPlan.objects.filter(case__in=[c.pk for c in self.cases]):
            if plan.case_id not in plans or plan.number > plans[plan.case_id].number:
                plans[plan.case_id] = plan
        for goal in Goal.objects.filter(plan__in=[p.pk for p in plans.values()]):
            self.current_goals[goal.plan.case_id].append(goal)
        self.permits: dict[int, list[ResidencePermit]] = defaultdict(list)
        for permit in ResidencePermit.objects.filter(client__team_id__in=self.team_ids):
            self.permits[permit.client_id].append(permit)
        self.household = list(
            HouseholdMember.objects.filter(client_id__in=list(self.clients), counselled_along=True)
        )


def _add(cells: Cells, keys: tuple[str, ...], value: float = 1) -> None:
    cells[keys] = cells.get(keys, 0) + value


def _margins(table: str, cells: Cells) -> Cells:
    out = dict(cells)
    if table in ADDITIVE_2D:
        for (r, c), v in cells.items():
            _add(out, (r, TOTAL), v)
            _add(out, (TOTAL, c), v)
            _add(out, (TOTAL, TOTAL), v)
    else:
        for v in cells.values():
            _add(out, (TOTAL,), v)
    return out


def _permit_on(permits: list[ResidencePermit], day: date) -> str:
    known = [p for p in permits if p.valid_from <= day]
    if not known:
        return UNKNOWN
    return max(known, key=lambda p: (p.valid_from, p.recorded_at, p.pk)).kind or UNKNOWN


def expected(raw: Raw, start: date, end: date) -> dict[str, Cells]:
    def within(day: date | None) -> bool:
        return day is not None and start <= day <= end

    t: dict[str, Cells] = defaultdict(dict)
    clients = raw.clients
    served = {c.client_id for c, _ in raw.contacts if within(c.date) and c.client_id in clients}
    served |= {pk for pk, day in raw.group_days if within(day)}

    # --- clients -------------------------------------------------------------------------
    first_seen: dict[int, date] = {}
    for pk, day in (
        [(c.client_id, c.date) for c, _ in raw.contacts]
        + raw.group_days
        + [(i.client_id, i.date) for i in raw.intakes]
    ):
        first_seen[pk] = min(first_seen.get(pk, day), day)
    for pk in served:
        client = clients[pk]
        service, centre = raw.service[client.team_id], raw.centre[client.team_id]
        _add(t["clients_by_service"], (service,))
        _add(t["clients_by_centre"], (centre,))
        _add(t["clients_new_continuing"], ("new" if first_seen[pk] >= start else "continuing",))
        if client.birth_date is not None:
            years: int | None = completed_years(client.birth_date, end)
        else:
            years = end.year - client.birth_year if client.birth_year is not None else None
        _add(t["clients_by_age_gender"], (age_group(years), client.gender))
        codes = [str(getattr(n, "code", n)) for n in client.nationalities or []]
        for code in codes or [UNKNOWN]:
            _add(t["clients_by_nationality"], (code,))
        origin = client.country_of_origin
        _add(t["clients_by_region"], (region_of(str(getattr(origin, "code", origin) or "")),))
        _add(t["clients_by_residence"], (client.residence,))
        _add(t["clients_by_years_since_entry"], (entry_group(client.entry_date, end),))
    months: set[tuple[int, str]] = set()
    for c, _ in raw.contacts:
        if within(c.date) and c.client_id in served:
            months.add((c.client_id, c.date.isoformat()[:7]))
    for pk, day in raw.group_days:
        if within(day):
            months.add((pk, day.isoformat()[:7]))
    for _pk, month in months:
        _add(t["clients_by_month"], (month,))
    # persons: a person's further files served in the same centre count again.
    files: dict[tuple[str, str], int] = defaultdict(int)
    for pk in served:
        if clients[pk].person_key is not None:
            files[(raw.centre[clients[pk].team_id], str(clients[pk].person_key))] += 1
    again: dict[str, int] = defaultdict(int)
    for (centre, _key), n in files.items():
        again[centre] += n - 1
    for (centre,), n in t["clients_by_centre"].items():
        _add(t["persons_by_centre"], (centre, "person"), n - again[centre])
        _add(t["persons_by_centre"], (centre, "further_service"), again[centre])
    for member in raw.household:
        if member.client_id in served:
            _add(t["family_members_by_service"], (raw.service[clients[member.client_id].team_id],))
            years = end.year - member.birth_year if member.birth_year is not None else None
            _add(t["family_members_by_age"], (age_group(years),))

    # --- contacts ------------------------------------------------------------------------
    minutes: dict[str, int] = defaultdict(int)
    topic_minutes: dict[str, int] = defaultdict(int)
    contacts = total_minutes = 0
    for c, topics in raw.contacts:
        if not within(c.date) or c.client_id not in clients:
            continue
        team = clients[c.client_id].team_id
        contacts += 1
        total_minutes += c.duration_minutes
        _add(t["contacts_by_service"], (raw.service[team],))
        _add(t["contacts_by_centre"], (raw.centre[team],))
        _add(t["contacts_by_month"], (c.date.isoformat()[:7],))
        _add(t["contacts_by_language"], (c.language,))
        _add(t["contacts_by_form"], (c.form,))
        minutes[raw.service[team]] += c.duration_minutes
        for code in topics:
            _add(t["contacts_by_topic"], (code,))
            topic_minutes[code] += c.duration_minutes
    # Minutes until the very end: hours are turned into hours once per cell (docs).
    t["hours_by_service"] = {(s,): m for s, m in minutes.items()}
    t["hours_by_topic"] = {(s,): m for s, m in topic_minutes.items()}

    # --- first contacts and the waiting list ---------------------------------------------
    for i in raw.intakes:
        if within(i.date):
            _add(t["intakes_by_access_channel"], (i.access_channel,))
            _add(t["intakes_by_outcome"], (i.outcome,))
        if i.outcome != "waiting_list":
            continue
        if i.date <= end and (i.waiting_until is None or i.waiting_until > end):
            _add(t["waiting_list_by_service"], (i.service,))
        if within(i.waiting_until):
            assert i.waiting_until is not None
            waited = max((i.waiting_until - i.date).days, 0)
            _add(t["waiting_time"], (waiting_bucket(waited),))
            _add(t["waiting_days"], (waiting_bucket(waited),), waited)

    # --- cases ---------------------------------------------------------------------------
    closed: list[tuple[Case, Closure]] = []
    for case in raw.cases:
        if case.opened_on > end:
            continue
        history = [ch for ch in raw.changes[case.pk] if ch.changed_on <= end]
        last = max(history, key=lambda ch: (ch.changed_on, ch.created_at, ch.pk), default=None)
        phase = last.to_phase if last else "assessment"
        if phase == "closed" and last is not None and last.changed_on < start:
            continue
        _add(t["cases_by_phase_service"], (phase, case.service))
        for goal in raw.current_goals[case.pk]:
            _add(t["goals_by_status"], (goal.status,))
    for case in raw.cases:
        in_period = [c for c in raw.closures[case.pk] if within(c.closed_on)]
        if in_period:
            closed.append((case, max(in_period, key=lambda c: (c.closed_on, c.created_at, c.pk))))
    for case, closure in closed:
        earlier = [
            i for i in raw.intakes
            if i.client_id == case.client_id and i.service == case.service
            and i.date <= case.opened_on
        ]  # fmt: skip
        intake = max(earlier, key=lambda i: (i.date, i.created_at, i.pk), default=None)
        at_intake = (intake.livelihood if intake else None) or None
        goals = [
            GoalFacts(GoalStatus(g.status), tuple(g.indicators or ()))
            for g in raw.current_goals[case.pk]
        ]
        reached = case_indicators(
            goals, livelihood_at_intake=at_intake, livelihood_at_closure=closure.livelihood
        ).reached_codes()
        for code in reached:
            _add(t["case_indicators"], (code,))
        _add(t["cases_closed_by_reason"], (closure.reason,))
        _add(t["livelihood_intake_closure"], (at_intake or UNKNOWN, closure.livelihood))
        _add(
            t["cases_closed_by_residence_intake"],
            ((intake.residence if intake else "") or UNKNOWN,),
        )
        for code in {a.code for a in intake.problem_areas.all()} if intake else set():
            _add(t["cases_closed_by_problem_area_intake"], (code,))
        permits = raw.permits[case.client_id]
        _add(t["cases_closed_by_permit_intake"], (_permit_on(permits, case.opened_on),))
        _add(t["cases_closed_by_permit_closure"], (_permit_on(permits, closure.closed_on),))

    # --- group offers ----------------------------------------------------------------------
    group_clients: set[int] = set()
    for offer in raw.offers:
        held = [d for d in offer.dates.all() if within(d.date)]
        if offer.team_id in raw.team_ids:
            for d in held:
                _add(t["group_contacts_by_service"], (raw.service[offer.team_id],))
                _add(t["group_attendances_by_service"], (raw.service[offer.team_id],),
                     d.participants)  # fmt: skip
        if held:
            group_clients |= {
                p.client_id for p in offer.participants.all() if p.client_id in clients
            }
    for pk in group_clients:
        _add(t["group_clients_by_service"], (raw.service[clients[pk].team_id],))

    # --- totals: additive tables sum, multiple-answer tables carry their base -------------
    bases = {
        "clients_by_month": len(served),
        "clients_by_nationality": len(served),
        "contacts_by_topic": contacts,
        "hours_by_topic": total_minutes,
        "case_indicators": len(closed),
        "cases_closed_by_problem_area_intake": len(closed),
    }
    out: dict[str, Cells] = {}
    for key in (*ADDITIVE_1D, *ADDITIVE_2D):
        out[key] = _margins(key, t.get(key, {}))
    for key, base in bases.items():
        out[key] = {**t.get(key, {}), (TOTAL,): base}
    for key in ("hours_by_service", "hours_by_topic"):
        out[key] = {k: round(v / 60, 4) for k, v in out[key].items()}
    # Network and volunteer figures: counts of the centre's and the teams' work, no margins.
    out["network_indicators"] = network_cells(raw.team_ids, start, end)
    out["volunteer_figures"] = volunteer_cells(raw.team_ids, start, end)
    return {key: {k: v for k, v in cells.items() if v} for key, cells in out.items()}


def posts(team_ids: Iterable[int]) -> Decimal:
    """Full-time posts of the teams (docs "posts"): each counsellor's or team lead's post split
    evenly over all teams they work in, the teams' shares summed, to the hundredth."""
    teams: dict[int, set[int]] = defaultdict(set)
    fte: dict[int, Decimal] = {}
    for m in Membership.objects.filter(role__in=STAFF_ROLES).select_related("user"):
        if m.user.is_active:
            teams[m.user_id].add(m.team_id)
            fte[m.user_id] = Decimal(m.user.fte)
    wanted = set(team_ids)
    total = sum(
        (fte[user] * len(ids & wanted) / len(ids) for user, ids in teams.items()), Decimal(0)
    )
    return total.quantize(Decimal("0.01"))
