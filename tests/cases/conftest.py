"""Case-management fixtures: client A's case walked to a given phase through the services."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.utils import timezone

from lotse.cases import services
from lotse.cases.models import Case, CatalogueGoal, Goal
from lotse.cases.phases import Phase
from lotse_testing import Org

OPENED = timezone.localdate() - timedelta(days=60)


def add_goal(
    case: Case,
    org: Org,
    code: str,
    *,
    responsible: str = "client",
    days: int = 200,
    indicators: tuple[str, ...] = (),
) -> Goal:
    entry = CatalogueGoal.objects.get(code=code)
    return services.goal_create(
        case=case,
        data=services.GoalData(
            module=entry.module,
            target_date=OPENED + timedelta(days=days),
            responsible=responsible,
            catalogue_goal=entry,
            partner_name="Jobcenter" if responsible == "partner" else "",
            indicators=indicators,
        ),
        by=org.users["counsellor"],
        on=OPENED,
    )


def walk(case: Case, org: Org, to: Phase) -> Case:
    """Along the regular path: assessment, plan with two goals, signed agreement, …"""
    user = org.users["counsellor"]
    order = [Phase.SUPPORT_PLAN, Phase.AGREEMENT, Phase.IMPLEMENTATION]
    for target in order:
        if case.phase == to:
            break
        if target == Phase.SUPPORT_PLAN:
            services.assessment_save(
                case=case,
                data=services.AssessmentData(assessed_on=OPENED),
                qualifications=[],
                languages=[],
                by=user,
                expected_version=None,
            )
        if target == Phase.AGREEMENT:
            add_goal(case, org, "german_beyond_course")
            add_goal(case, org, "labour_market_access", responsible="partner")
        if target == Phase.IMPLEMENTATION:
            agreement = services.agreement_create(case=case, by=user, on=OPENED)
            services.agreement_sign(
                agreement=agreement, signed_on=OPENED, by=user, expected_version=1
            )
        case.refresh_from_db()
        if case.phase != target:  # saving the assessment or the signing moves it by itself
            services.case_transition(
                case=case, target=target, by=user, on=OPENED, expected_version=case.version
            )
            case.refresh_from_db()
    return case


@pytest.fixture
def case_a(org: Org) -> Case:
    return services.case_open(
        client=org.client_a, counsellor=org.users["counsellor"], opened_on=OPENED
    )


@pytest.fixture
def walked(org: Org, case_a: Case) -> Callable[[Phase], Case]:
    return lambda to: walk(case_a, org, to)


def d(days: int) -> date:
    return OPENED + timedelta(days=days)


@pytest.fixture(autouse=True)
def _english_messages(request: pytest.FixtureRequest, settings):
    """Service tests match the English source of the rule messages; German is tested in views.

    Browser tests and the agreement PDF tests choose their language themselves.
    """
    nodeid = request.node.nodeid
    if (
        request.node.get_closest_marker("browser")
        or "agreement_pdf" in nodeid
        or "test_views" in nodeid
    ):
        yield
        return
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"  # pages, through LanguageMiddleware
    with translation.override("en"):  # messages raised outside a request
        yield
