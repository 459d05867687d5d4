"""Cases for bench/scale_up.py, in the shape the cases services write them (DOMAIN §D5).

Each case is walked along the regular path in memory — opened, assessed (with a qualification
and languages), a support plan with about three catalogue goals and their steps, the integration
agreement drawn up and signed, reviews every three months while it runs — and either still open
(within the three-year limit: opened at most 1,000 days ago) or closed: mostly for one of the
usual reasons, a quarter of them regularly after evaluation and sustainability check with the
goals reached. Phase history, goal status history and the audit entries the services would
write (``case.opened``, ``case.phase_changed``, ``case.review_held`` …) come with it, dated on
the day each step happened.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from scale_io import EntryIn, Table, entry_json, next_id

from lotse.accounts.models import Membership, User
from lotse.accounts.roles import CLIENT_ROLES
from lotse.cases.demo import CLOSURES as DEMO_CLOSURES
from lotse.cases.models import (
    Assessment,
    Case,
    CatalogueGoal,
    Closure,
    Evaluation,
    Goal,
    GoalCatalogue,
    GoalStatusChange,
    GoalStep,
    IntegrationAgreement,
    LanguageSkill,
    PhaseChange,
    Qualification,
    Review,
    SupportPlan,
    SustainabilityCheck,
)
from lotse.cases.phases import add_months, limit_date_for
from lotse.cases.services.case import LIMITED_SERVICES
from lotse.organisation.models import NO_CLIENT_SERVICES, Team

OPEN_AT_MOST_DAYS = 1000  # open cases stay within the three-year limit
# The usual reasons (lotse.cases.demo); a few limited cases run into the three-year limit.
CLOSURES = DEMO_CLOSURES
TIME_LIMIT_SHARE = 0.05
REVIEW_TEXTS = (
    "Deutschkurs läuft, Prüfung im Frühjahr geplant.",
    "Unterlagen für die Anerkennung eingereicht, Antwort steht aus.",
    "Bewerbungen geschrieben, zwei Vorstellungsgespräche.",
    "Kita-Platz gefunden, Kurs kann weitergehen.",
    "Wenig Fortschritt wegen Krankheit; Ziele bleiben.",
)
STEP_TEXTS = (
    "Unterlagen zusammenstellen",
    "Termin beim Jobcenter vereinbaren",
    "Anmeldung beim Kursträger",
    "Lebenslauf schreiben",
    "Zeugnisse übersetzen lassen",
)


@dataclass
class Staff:
    """Who may work on a team's clients: user ids and their labels (the audit actor)."""

    by_team: dict[int, list[int]]
    labels: dict[int, str]


@dataclass
class CaseRows:
    """Rows of one batch of cases, per table, and their audit entries."""

    rows: dict[str, list[tuple[Any, ...]]] = field(default_factory=dict)
    audit: list[EntryIn] = field(default_factory=list)

    def add(self, table: str, row: tuple[Any, ...]) -> None:
        self.rows.setdefault(table, []).append(row)


def cols(names: str) -> list[str]:
    return names.split()


# Each table's columns, in the order CaseMaker builds its rows.
TABLES: dict[str, tuple[Any, list[str]]] = {
    "case": (
        Case,
        cols(
            "id client_id service phase phase_since opened_on limit_date counsellor_id created_at "
            "version"
        ),
    ),
    "phase": (
        PhaseChange,
        cols("case_id from_phase to_phase changed_on changed_by_id reason created_at"),
    ),
    "assessment": (
        Assessment,
        cols(
            "id case_id assessed_on schooling school_years vocational_training "
            "work_experience_years work_experience driving_licence digital_skills resources "
            "to_acquire counsellor_id updated_at"
        ),
    ),
    "qualification": (Qualification, cols("assessment_id level title country")),
    "language": (LanguageSkill, cols("assessment_id language level")),
    "plan": (
        SupportPlan,
        cols(
            "id case_id number created_on created_by_id personal_history language_module created_at"
        ),
    ),
    "goal": (
        Goal,
        cols(
            "id plan_id lineage module catalogue_goal_id target_date responsible partner_name "
            "status indicators position created_at version"
        ),
    ),
    "step": (GoalStep, cols("goal_id description due_on done_on created_at")),
    "goal_change": (
        GoalStatusChange,
        cols("goal_id review_id from_status to_status changed_on changed_by_id created_at"),
    ),
    "agreement": (
        IntegrationAgreement,
        cols(
            "case_id plan_id number drawn_up_on signed_on signed_recorded_by_id created_by_id "
            "created_at"
        ),
    ),
    "review": (
        Review,
        cols("id case_id scheduled_on held_on plan_id assessment counsellor_id created_at"),
    ),
    "evaluation": (
        Evaluation,
        cols("id case_id evaluated_on reflection counsellor_id created_at"),
    ),
    "sustainability": (
        SustainabilityCheck,
        cols("case_id evaluation_id due_on checked_on outcome counsellor_id created_at"),
    ),
    "closure": (
        Closure,
        cols("case_id closed_on reason livelihood note closed_by_id created_at"),
    ),
}


def staff_of_teams() -> Staff:
    by_team: dict[int, list[int]] = {}
    for team_id, user_id in Membership.objects.filter(role__in=CLIENT_ROLES).values_list(
        "team_id", "user_id"
    ):
        by_team.setdefault(team_id, []).append(user_id)
    labels = dict(User.objects.values_list("pk", "email"))
    return Staff(by_team=by_team, labels=labels)


def case_teams(staff: Staff) -> dict[int, str]:
    """Teams whose clients can have cases and that have someone to work on them: their service."""
    return {
        team.pk: team.service.kind
        for team in Team.objects.select_related("service")
        if team.service.kind not in NO_CLIENT_SERVICES
        and not team.service.is_anonymous
        and staff.by_team.get(team.pk)
    }


class CaseMaker:
    def __init__(self, rng: random.Random, staff: Staff, today: date) -> None:
        self.rng = rng
        self.staff = staff
        self.today = today
        self.now = datetime.now(UTC)
        self.ids = {
            name: next_id(model)
            for name, (model, _cols) in TABLES.items()
            if name in ("case", "assessment", "plan", "goal", "review", "evaluation")
        }
        catalogues = list(GoalCatalogue.objects.order_by("effective_from"))
        goals = list(CatalogueGoal.objects.order_by("catalogue_id", "position"))
        self.catalogues = [
            (c.effective_from, [g for g in goals if g.catalogue_id == c.pk]) for c in catalogues
        ]
        if not goals:
            raise SystemExit("No goal catalogue: migrate the database first.")
        # The status each goal ends with (its last change), written with the goal.
        self.goal_status: dict[int, str] = {}

    def _id(self, table: str) -> int:
        value = self.ids[table]
        self.ids[table] = value + 1
        return value

    def _stamp(self, day: date) -> datetime:
        """A moment in working hours on ``day``; never in the future."""
        rng = self.rng
        moment = time(
            rng.randint(8, 16), rng.randint(0, 59), rng.randint(0, 59), rng.randint(1, 999_999)
        )
        stamp = datetime.combine(day, moment, tzinfo=UTC)
        return min(stamp, self.now - timedelta(seconds=rng.randint(60, 7200)))

    def _catalogue_goals(self, on: date) -> list[CatalogueGoal]:
        chosen = self.catalogues[0][1]
        for effective_from, goals in self.catalogues:
            if effective_from <= on and goals:
                chosen = goals
        return chosen

    def make(self, out: CaseRows, client_id: int, team_id: int, service: str) -> None:
        rng, today = self.rng, self.today
        by = rng.choice(self.staff.by_team[team_id])
        label = self.staff.labels[by]
        case_id = self._id("case")
        opened = today - timedelta(days=rng.randint(20, 5 * 365))
        closes_on = opened + timedelta(days=rng.randint(90, 1060))
        limit = limit_date_for(opened_on=opened, limited=service in LIMITED_SERVICES)
        if limit and limit < today and rng.random() < TIME_LIMIT_SHARE:
            closes_on = limit
        closed = closes_on < today or (today - opened).days > OPEN_AT_MOST_DAYS
        if closed:
            closes_on = min(closes_on, today - timedelta(days=1))
        end = closes_on if closed else today
        # A quarter of the closed cases end regularly: evaluation, sustainability check, closed.
        reached = closed and (closes_on - opened).days > 300 and rng.random() < 0.25
        evaluated = closes_on - timedelta(days=rng.randint(100, 200)) if reached else end
        phases: list[tuple[str, str, date]] = []
        goals: list[int] = []
        # Young open cases may still be in the assessment or the support plan.
        young = not closed and (today - opened).days < 150
        stop = rng.choice(["assessment", "support_plan", "", ""]) if young else ""

        def audit(day: date, action: str, otype: str, oid: int, data: dict[str, Any]) -> None:
            entry = (self._stamp(day), by, label, action, otype, str(oid), client_id)
            out.audit.append((*entry, entry_json(data)))

        def step(to: str, on: date) -> None:
            before = phases[-1][1] if phases else ""
            phases.append((before, to, on))
            out.add("phase", (case_id, before, to, on, by, "", self._stamp(on)))
            if before:
                audit(
                    on,
                    "case.phase_changed",
                    "cases.case",
                    case_id,
                    {"from": before, "to": to, "on": on.isoformat()},
                )

        step("assessment", opened)
        audit(
            opened,
            "case.opened",
            "cases.case",
            case_id,
            {
                "service": service,
                "on": opened.isoformat(),
                "limit_date": limit.isoformat() if limit else None,
            },
        )
        assessed = min(end, opened + timedelta(days=rng.randint(3, 25)))
        if ((end - opened).days > 25 or closed) and stop != "assessment":
            self._assessment(out, case_id, assessed, by)
            audit(
                assessed,
                "assessment.created",
                "cases.assessment",
                case_id,
                {
                    "fields": ["assessed_on", "case_id", "counsellor_id"],
                    "values": {"case_id": case_id, "counsellor_id": by},
                },
            )
            step("support_plan", assessed)
            plan_id, goals = self._plan(out, case_id, assessed, by, limit)
            audit(
                assessed,
                "supportplan.created",
                "cases.supportplan",
                plan_id,
                {
                    "fields": ["case_id", "created_by_id", "created_on", "number"],
                    "values": {"case_id": case_id, "created_by_id": by},
                },
            )
            signed = assessed + timedelta(days=rng.randint(7, 28))
            if signed < end and stop != "support_plan":
                out.add(
                    "agreement", (case_id, plan_id, 1, signed, signed, by, by, self._stamp(signed))
                )
                audit(
                    signed,
                    "case.agreement_signed",
                    "cases.case",
                    case_id,
                    {"agreement": 1, "on": signed.isoformat()},
                )
                step("agreement", signed)
                step("implementation", signed)
                self._reviews(
                    out, case_id, plan_id, goals, signed, evaluated, closed, by, step, audit
                )
        if not closed:
            out.add("case", self._case_row(case_id, client_id, service, phases, opened, limit, by))
            return
        reason, livelihood = rng.choice(CLOSURES)
        if closes_on == limit:
            reason = "time_limit"
        if reached and phases[-1][1] == "implementation":
            reason, livelihood = (
                "goals_reached",
                rng.choice(["employment", "training", "own_means"]),
            )
            self.goal_status.update(dict.fromkeys(goals, "achieved"))
            self._evaluation(out, case_id, max(evaluated, phases[-1][2]), closes_on, by, step)
        out.add("closure", (case_id, closes_on, reason, livelihood, "", by, self._stamp(closes_on)))
        step("closed", closes_on)
        audit(
            closes_on,
            "case.closed",
            "cases.case",
            case_id,
            {"reason": reason, "livelihood": livelihood, "on": closes_on.isoformat()},
        )
        out.add("case", self._case_row(case_id, client_id, service, phases, opened, limit, by))

    def _case_row(
        self,
        case_id: int,
        client_id: int,
        service: str,
        phases: list[tuple[str, str, date]],
        opened: date,
        limit: date | None,
        by: int,
    ) -> tuple[Any, ...]:
        _before, phase, since = phases[-1]
        return (
            case_id,
            client_id,
            service,
            phase,
            since,
            opened,
            limit,
            by,
            self._stamp(opened),
            len(phases),
        )

    def _assessment(self, out: CaseRows, case_id: int, on: date, by: int) -> None:
        rng = self.rng
        assessment_id = self._id("assessment")
        out.add(
            "assessment",
            (
                assessment_id,
                case_id,
                on,
                rng.choice(["primary", "lower_secondary", "upper_secondary", "unknown"]),
                rng.choice([None, 6, 9, 10, 12]),
                rng.choice(["none", "in_progress", "completed"]),
                rng.choice([None, 0, 2, 5, 10]),
                rng.choice(["", "Einzelhandel", "Pflege, Küche"]),
                rng.choice(["none", "foreign", "german_eu"]),
                rng.choice(["basic", "good", "advanced"]),
                "Motiviert, Familie unterstützt.",
                "Deutsch B1, Anerkennung des Abschlusses",
                by,
                self._stamp(on),
            ),
        )
        if rng.random() < 0.6:
            out.add(
                "qualification",
                (
                    assessment_id,
                    rng.choice(["school", "vocational", "bachelor"]),
                    "Abschluss im Herkunftsland",
                    rng.choice(["SY", "AF", "UA", "TR"]),
                ),
            )
        out.add("language", (assessment_id, rng.choice(["ar", "fa", "uk", "tr", "ru"]), "native"))
        out.add("language", (assessment_id, "de", rng.choice(["A1", "A2", "B1", "B2"])))

    def _plan(
        self, out: CaseRows, case_id: int, on: date, by: int, limit: date | None
    ) -> tuple[int, list[int]]:
        rng = self.rng
        plan_id = self._id("plan")
        out.add(
            "plan",
            (
                plan_id,
                case_id,
                1,
                on,
                by,
                "Seit zwei Jahren in Deutschland.",
                "Deutschkurs bis B1",
                self._stamp(on),
            ),
        )
        goals = []
        entries = rng.sample(self._catalogue_goals(on), k=rng.choice([2, 3, 3, 3, 4]))
        for position, entry in enumerate(entries, start=1):
            goal_id = self._id("goal")
            target = on + timedelta(days=rng.randint(120, 600))
            if limit and target > limit:
                target = limit
            responsible = rng.choice(["client", "client", "counsellor", "partner"])
            partner = "Jobcenter Musterstadt" if responsible == "partner" else ""
            out.add(
                "goal",
                (
                    goal_id,
                    plan_id,
                    uuid.UUID(int=rng.getrandbits(128), version=4),
                    entry.module,
                    entry.pk,
                    target,
                    responsible,
                    partner,
                    "open",
                    list(entry.indicators),
                    position,
                    self._stamp(on),
                    1,
                ),
            )
            for _ in range(rng.choice([1, 1, 2])):
                due = on + timedelta(days=rng.randint(14, 90))
                done = due if due < self.today and rng.random() < 0.7 else None
                out.add("step", (goal_id, rng.choice(STEP_TEXTS), due, done, self._stamp(on)))
            goals.append(goal_id)
        return plan_id, goals

    def _reviews(
        self,
        out: CaseRows,
        case_id: int,
        plan_id: int,
        goals: list[int],
        signed: date,
        end: date,
        closed: bool,
        by: int,
        step: Any,
        audit: Any,
    ) -> None:
        """A review every three months while the case runs; the next one scheduled if open."""
        rng = self.rng
        status = dict.fromkeys(goals, "open")
        number = 1
        due = add_months(signed, 3)
        while due < end:
            held = min(end, due + timedelta(days=rng.randint(-5, 10)))
            review_id = self._id("review")
            out.add(
                "review",
                (
                    review_id,
                    case_id,
                    due,
                    held,
                    plan_id,
                    rng.choice(REVIEW_TEXTS),
                    by,
                    self._stamp(signed if number == 1 else due),
                ),
            )
            changed = 0
            for goal_id in goals:
                new = (
                    "in_progress"
                    if status[goal_id] == "open"
                    else rng.choice(["in_progress", "achieved", "partly_achieved"])
                )
                if new != status[goal_id] and status[goal_id] != "achieved":
                    out.add(
                        "goal_change",
                        (goal_id, review_id, status[goal_id], new, held, by, self._stamp(held)),
                    )
                    status[goal_id] = new
                    changed += 1
            step("review", held)
            step("implementation", held)
            audit(
                held,
                "case.review_held",
                "cases.case",
                case_id,
                {"on": held.isoformat(), "goals_changed": changed, "next": "implementation"},
            )
            number += 1
            due = add_months(due, 3)
        if not closed:
            review_id = self._id("review")
            out.add("review", (review_id, case_id, due, None, None, "", None, self._stamp(end)))
        self.goal_status.update(status)

    def _evaluation(
        self, out: CaseRows, case_id: int, evaluated: date, closes_on: date, by: int, step: Any
    ) -> None:
        evaluation_id = self._id("evaluation")
        out.add(
            "evaluation",
            (
                evaluation_id,
                case_id,
                evaluated,
                "Ziele erreicht; Arbeit aufgenommen.",
                by,
                self._stamp(evaluated),
            ),
        )
        out.add(
            "sustainability",
            (case_id, evaluation_id, closes_on, closes_on, "sustained", by, self._stamp(evaluated)),
        )
        step("evaluation", evaluated)
        step("sustainability", evaluated)


def write_cases(out: CaseRows, goal_status: dict[int, str]) -> int:
    """Write one batch (inside the caller's transaction); the goals carry their final status."""
    goals = out.rows.get("goal", [])
    out.rows["goal"] = [(*row[:8], goal_status.get(row[0], row[8]), *row[9:]) for row in goals]
    written = 0
    for name, (model, columns) in TABLES.items():
        written += Table(model, columns).write(out.rows.get(name, []))
    return written
