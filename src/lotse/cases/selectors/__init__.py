"""Reading cases: always through the visible clients, never by bare id."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest

from lotse.clients.models import Intake, visible_client_q
from lotse.clients.selectors import client_for_request

from ..indicators import CaseIndicators, GoalFacts, case_indicators
from ..models import (
    Assessment,
    Case,
    Evaluation,
    IntegrationAgreement,
    PhaseChange,
    Review,
    SupportPlan,
    SustainabilityCheck,
)
from ..phases import THREE_YEARS, CaseState, Phase, add_months, limit_warning_date
from ..planning import CHANGE_LABELS, Change, GoalSnapshot, GoalStatus, plan_changes

REVIEW_REMINDER_DAYS = 14


def limit_warning_months() -> int:
    """Months after the opening from which a limited case is flagged (setting, default 30)."""
    return int(getattr(settings, "LOTSE_CASE_LIMIT_WARNING_MONTHS", 30))


def limit_warning(case: Case, today: date) -> bool:
    """Whether ``case`` is open, limited and at least ``limit_warning_months()`` old."""
    if case.limit_date is None or case.is_closed:
        return False
    return today >= limit_warning_date(
        opened_on=case.opened_on, warning_months=limit_warning_months()
    )


def case_for_request(request: HttpRequest, case_id: int, *, write: bool = False) -> Case:
    """The case from the URL: 404 unless its client is visible, 403 if read-only.

    The client is resolved through ``client_for_request``, which writes ``client.viewed``.
    """
    client_id = (
        Case.objects.visible_to(request.user).filter(pk=case_id).values_list("client_id", flat=True)
    ).first()
    if client_id is None:
        raise Http404
    client = client_for_request(request, client_id, write=write)
    case = Case.objects.select_related("counsellor").get(pk=case_id)
    case.client = client
    return case


def plan_current(case: Case) -> SupportPlan | None:
    return case.plans.order_by("-number").first()


def plan_snapshot(plan: SupportPlan | None) -> list[GoalSnapshot]:
    if plan is None:
        return []
    return [
        GoalSnapshot(
            lineage=str(goal.lineage),
            title=goal.label,
            module=goal.module,
            responsible=goal.responsible,
            partner=goal.partner_name,
            target_date=goal.target_date,
        )
        for goal in plan.goals.select_related("catalogue_goal")
    ]


@dataclass(frozen=True)
class AgreementStatus:
    latest: IntegrationAgreement | None
    signed: IntegrationAgreement | None  # the latest signed one
    covers_current_plan: bool
    required: bool
    changes: list[Change]

    @property
    def change_labels(self) -> list[str]:
        return [str(CHANGE_LABELS[c]) for c in self.changes]


def agreement_status(case: Case, plan: SupportPlan | None = None) -> AgreementStatus:
    """Whether the signed agreement still covers the current plan, or a new one is needed."""
    plan = plan if plan is not None else plan_current(case)
    latest = case.agreements.select_related("plan").order_by("-number").first()
    signed = (
        case.agreements.filter(signed_on__isnull=False)
        .select_related("plan")
        .order_by("-number")
        .first()
    )
    has_goals = plan is not None and plan.goals.exclude(status=GoalStatus.DROPPED).exists()
    changes: list[Change] = []
    covers = False
    if signed is not None and plan is not None:
        if signed.plan_id == plan.pk:
            covers = True
        else:
            changes = plan_changes(plan_snapshot(signed.plan), plan_snapshot(plan))
            covers = not changes
    return AgreementStatus(latest, signed, covers, has_goals and not covers, changes)


def _entered_phase_at(case: Case, phase: Phase) -> Any:
    change = case.phase_changes.filter(to_phase=phase).order_by("-created_at", "-pk").first()
    return change.created_at if change else None


def evaluation_current(case: Case) -> Evaluation | None:
    """The evaluation of the current round (after the case last entered evaluation)."""
    since = _entered_phase_at(case, Phase.EVALUATION)
    if since is None:
        return None
    return case.evaluations.filter(created_at__gte=since).order_by("-created_at").first()


def sustainability_current(case: Case) -> SustainabilityCheck | None:
    evaluation = evaluation_current(case)
    if evaluation is None:
        return None
    return SustainabilityCheck.objects.filter(evaluation=evaluation).first()


def case_state(case: Case) -> CaseState:
    plan = plan_current(case)
    check = sustainability_current(case)
    return CaseState(
        phase=Phase(case.phase),
        assessment_recorded=_has_assessment(case),
        plan_has_goals=plan is not None and plan.goals.exclude(status=GoalStatus.DROPPED).exists(),
        agreement_signed=agreement_status(case, plan).covers_current_plan,
        evaluation_recorded=evaluation_current(case) is not None,
        sustainability_checked=check is not None and check.checked_on is not None,
        limit_date=case.limit_date,
    )


def _has_assessment(case: Case) -> bool:
    return Assessment.objects.filter(case=case).exists()


def livelihood_at_intake(case: Case) -> str | None:
    intake = (
        # The latest first contact on or before the opening, never a later one (DOMAIN §D16).
        Intake.objects.filter(
            client_id=case.client_id, service=case.service, date__lte=case.opened_on
        )
        .order_by("-date", "-created_at", "-pk")
        .first()
    )
    return intake.livelihood if intake else None


def case_indicator_report(case: Case) -> CaseIndicators:
    plan = plan_current(case)
    goals = list(plan.goals.all()) if plan else []
    closure = (
        case.closures.order_by("-closed_on", "-created_at").first() if case.is_closed else None
    )
    return case_indicators(
        [GoalFacts(GoalStatus(g.status), tuple(g.indicators)) for g in goals],
        livelihood_at_intake=livelihood_at_intake(case),
        livelihood_at_closure=closure.livelihood if closure else None,
    )


def phase_history(case: Case) -> QuerySet[PhaseChange]:
    return case.phase_changes.select_related("changed_by").order_by("-created_at", "-pk")


# --- dashboard lists --------------------------------------------------------------------


def watched_case_q(user: Any, via: str = "case") -> Q:
    """Open cases a person looks after, as a join through ``via``: their own, and as team lead
    all of the team's. A join rather than ``case__in=…`` so that the database starts from the
    few open reviews or checks instead of listing every case of the team first."""
    lead_teams = sorted(user.led_team_ids())
    return (
        visible_client_q(user, via=f"{via}__client")
        & ~Q(**{f"{via}__phase": Phase.CLOSED})
        & (Q(**{f"{via}__counsellor": user}) | Q(**{f"{via}__client__team_id__in": lead_teams}))
    )


def reviews_due(
    *, user: Any, today: date, within_days: int = REVIEW_REMINDER_DAYS
) -> QuerySet[Review]:
    """Reviews not yet held, scheduled from today up to ``within_days`` ahead."""
    return _open_reviews(user).filter(
        scheduled_on__gte=today, scheduled_on__lte=today + timedelta(days=within_days)
    )


def reviews_overdue(*, user: Any, today: date) -> QuerySet[Review]:
    """Reviews not held although their date has passed."""
    return _open_reviews(user).filter(scheduled_on__lt=today)


def _open_reviews(user: Any) -> QuerySet[Review]:
    return (
        Review.objects.filter(watched_case_q(user), held_on__isnull=True)
        .select_related("case__client", "case__counsellor")
        .order_by("scheduled_on", "pk")
    )


def sustainability_checks_due(
    *, user: Any, today: date, within_days: int = REVIEW_REMINDER_DAYS
) -> QuerySet[SustainabilityCheck]:
    return (
        SustainabilityCheck.objects.filter(
            watched_case_q(user),
            case__phase=Phase.SUSTAINABILITY,
            checked_on__isnull=True,
            due_on__lte=today + timedelta(days=within_days),
        )
        .select_related("case__client")
        .order_by("due_on")
    )


def cases_near_limit(*, user: Any, today: date) -> QuerySet[Case]:
    """Open cases of the teams ``user`` leads that run for ``limit_warning_months()`` (30) months
    or longer: their three-year limit is near or has passed."""
    # On the limit date, not the opening, so that the (phase, limit date) index serves it.
    months_left = THREE_YEARS * 12 - limit_warning_months()
    lead_teams = sorted(user.led_team_ids())
    return (
        Case.objects.visible_to(user)
        .open()
        .filter(
            client__team_id__in=lead_teams,
            limit_date__isnull=False,
            limit_date__lte=add_months(today, months_left),
        )
        .select_related("client", "counsellor")
        .order_by("limit_date", "pk")
    )
