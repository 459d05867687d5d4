"""Sample objects of client A's case for the access matrix (tests/test_access_matrix.py)."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from lotse.cases import services
from lotse.cases.models import Case, CatalogueGoal, Goal, GoalStep, IntegrationAgreement, Review
from lotse_testing import Org


def opened_on() -> date:
    return timezone.localdate() - timedelta(days=30)


def sample_case(org: Org) -> Case:
    case = Case.objects.filter(client=org.client_a).first()
    if case is None:
        case = services.case_open(
            client=org.client_a, counsellor=org.users["counsellor"], opened_on=opened_on()
        )
    return case


def sample_goal(org: Org) -> Goal:
    case = sample_case(org)
    goal = Goal.objects.filter(plan__case=case).first()
    if goal is None:
        goal = services.goal_create(
            case=case,
            data=services.GoalData(
                module="language",
                target_date=timezone.localdate() + timedelta(days=200),
                responsible="client",
                catalogue_goal=CatalogueGoal.objects.get(code="german_beyond_course"),
            ),
            by=org.users["counsellor"],
            on=opened_on(),
        )
    return goal


def case_a(org: Org) -> int:
    return sample_case(org).pk


def goal_a(org: Org) -> int:
    return sample_goal(org).pk


def step_a(org: Org) -> int:
    goal = sample_goal(org)
    step = GoalStep.objects.filter(goal=goal).first() or services.step_add(
        goal=goal, description="Kurs suchen", due_on=None, by=org.users["counsellor"]
    )
    return step.pk


def agreement_a(org: Org) -> int:
    goal = sample_goal(org)
    case = goal.plan.case
    agreement = IntegrationAgreement.objects.filter(case=case).first() or (
        services.agreement_create(case=case, by=org.users["counsellor"], on=opened_on())
    )
    return agreement.pk


def review_a(org: Org) -> int:
    case = sample_case(org)
    review = Review.objects.filter(case=case).first() or services.review_schedule(
        case=case, scheduled_on=timezone.localdate() + timedelta(days=7), by=org.users["counsellor"]
    )
    return review.pk
