"""Demo cases in various phases for ``lotse demo`` (idempotent: nothing when cases exist)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.utils import timezone

from lotse.accounts.models import User
from lotse.clients.models import Client
from lotse.common.registry import demo_step
from lotse.organisation.models import ServiceKind

from . import services
from .models import Case, CatalogueGoal, GoalCatalogue
from .phases import Phase
from .planning import GoalStatus

if TYPE_CHECKING:
    from lotse.demo.data import DemoContext

# (how far the case gets, days since it was opened)
MBE_PLAN = [
    ("assessment", 10),
    ("support_plan", 40),
    ("implementation", 200),
    ("review_overdue", 320),
    ("evaluation", 700),
    ("near_limit", 1050),
]
JMD_PLAN = [("implementation", 120)]

# Beside the scripted cases: about 15 % of a team's clients are in case management (issue
# #20), opened over five years; open cases stay within the three-year limit, older ones ended
# with a closure for one of the usual reasons (not "goals reached": that needs the evaluation
# and the sustainability check first).
CASE_SHARE = 0.15
OPEN_TARGETS = ("assessment", "support_plan", "implementation", "implementation")
CLOSURES = (
    ("regular_services", "employment"),
    ("regular_services", "training"),
    ("regular_services", "sgb_ii"),
    ("moved_away", "unknown"),
    ("no_contact", "other_benefits"),
    ("client_ended", "own_means"),
)


def _counsellor(email_prefix: str) -> User | None:
    return User.objects.filter(email__startswith=email_prefix).first()


def _goal(case: Case, code: str, *, by: User, on: date, responsible: str, days: int) -> None:
    catalogue = GoalCatalogue.objects.in_force(on)
    entry = CatalogueGoal.objects.filter(catalogue=catalogue, code=code).first()
    if entry is None:
        return
    goal = services.goal_create(
        case=case,
        data=services.GoalData(
            module=entry.module,
            target_date=on + timedelta(days=days),
            responsible=responsible,
            catalogue_goal=entry,
            partner_name="Jobcenter Musterstadt" if responsible == "partner" else "",
        ),
        by=by,
        on=on,
    )
    services.step_add(goal=goal, description="Unterlagen zusammenstellen", due_on=None, by=by)


def _walk(case: Case, target: str, *, by: User, opened: date, today: date) -> None:
    """Move a fresh case along the regular path up to ``target``."""
    if target == "assessment":
        return
    services.assessment_save(
        case=case,
        data=services.AssessmentData(
            assessed_on=opened,
            schooling="upper_secondary",
            school_years=12,
            vocational_training="completed",
            work_experience_years=6,
            work_experience="Buchhaltung, Einzelhandel",
            digital_skills="good",
            resources="Motiviert, gute Englischkenntnisse, Familie unterstützt.",
            to_acquire="Deutsch B1, Anerkennung des Abschlusses",
        ),
        qualifications=[services.QualificationData(level="bachelor", title="Betriebswirtschaft")],
        languages=[
            services.LanguageData(language="ar", level="native"),
            services.LanguageData(language="de", level="A2"),
        ],
        by=by,
        expected_version=None,
    )
    case.refresh_from_db()  # saving the step moved the phase on (services)
    _goal(case, "german_beyond_course", by=by, on=opened, responsible="client", days=240)
    _goal(case, "school_vocational_degree", by=by, on=opened, responsible="counsellor", days=365)
    _goal(case, "labour_market_access", by=by, on=opened, responsible="partner", days=540)
    if target == "support_plan":
        return
    agreement = services.agreement_create(case=case, by=by, on=opened)
    services.agreement_sign(
        agreement=agreement, signed_on=opened, by=by, expected_version=agreement.version
    )
    case.refresh_from_db()  # saving the step moved the phase on (services)
    if target == "review_overdue":
        services.review_schedule(case=case, scheduled_on=today - timedelta(days=9), by=by)
        return
    if target in ("implementation", "near_limit"):
        services.review_schedule(case=case, scheduled_on=today + timedelta(days=5), by=by)
        return
    review = services.review_schedule(case=case, scheduled_on=today - timedelta(days=30), by=by)
    plan = case.plans.order_by("-number").first()
    assert plan is not None
    statuses = {g.pk: GoalStatus.ACHIEVED for g in plan.goals.all()}
    services.review_record(
        review=review,
        held_on=today - timedelta(days=30),
        assessment="Alle Ziele erreicht; Auswertung vereinbart.",
        goal_statuses=statuses,
        next_phase=Phase.EVALUATION,
        by=by,
        expected_version=review.version,
    )


def _background_cases(
    clients: list[Client], counsellor: User, *, rng: random.Random, today: date
) -> int:
    created = 0
    for client in clients:
        if rng.random() >= CASE_SHARE:
            continue
        days_ago = rng.randint(20, 1800)
        opened = today - timedelta(days=days_ago)
        case = services.case_open(client=client, counsellor=counsellor, opened_on=opened)
        created += 1
        if days_ago <= 900:
            target = OPEN_TARGETS[0] if days_ago < 30 else rng.choice(OPEN_TARGETS[1:])
            _walk(case, target, by=counsellor, opened=opened, today=today)
            continue
        _walk(case, "support_plan", by=counsellor, opened=opened, today=today)
        reason, livelihood = rng.choice(CLOSURES)
        case.refresh_from_db()
        services.case_close(
            case=case,
            reason=reason,
            livelihood=livelihood,
            note="",
            by=counsellor,
            on=min(opened + timedelta(days=rng.randint(120, 900)), today),
            expected_version=case.version,
        )
    return created


@demo_step("cases", order=40)
def demo_cases(context: DemoContext) -> dict[str, int]:
    if Case.objects.exists():
        return {"cases_created": 0}
    today = timezone.localdate()
    created = 0
    for kind, plan, prefix in (
        (ServiceKind.MBE, MBE_PLAN, "beratung1@"),
        (ServiceKind.JMD, JMD_PLAN, "jmd@"),
    ):
        counsellor = _counsellor(prefix)
        if counsellor is None:
            continue
        clients = list(Client.objects.filter(team=context.teams[kind.value]).order_by("pk"))
        for client, (target, days_ago) in zip(clients, plan, strict=False):
            opened = today - timedelta(days=days_ago)
            case = services.case_open(client=client, counsellor=counsellor, opened_on=opened)
            _walk(case, target, by=counsellor, opened=opened, today=today)
            created += 1
        created += _background_cases(
            clients[len(plan) :],
            counsellor,
            rng=context.rng,
            today=today,
        )
    return {"cases_created": created}
