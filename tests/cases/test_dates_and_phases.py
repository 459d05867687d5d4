"""Dates and phases that make sense (issue 19 §3): services refuse impossible dates and move
the phase along with the work."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from lotse.cases import services
from lotse.cases.models import Case, PhaseChange, Review
from lotse.cases.phases import Phase, add_months, is_backward
from lotse.cases.selectors import cases_near_limit, limit_warning
from lotse.clients.services import ClientData, client_create
from lotse.clients.services.intake import intake_record
from lotse.common.errors import DomainError

from .conftest import OPENED, add_goal, d, walk

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _close(case: Case, org, on: date, reason: str = "client_ended") -> None:
    services.case_close(
        case=case,
        reason=reason,
        livelihood="sgb_ii",
        note="",
        by=org.users["counsellor"],
        on=on,
        expected_version=case.version,
    )


def test_a_closure_before_the_opening_or_in_the_future_is_refused(org, case_a) -> None:
    with pytest.raises(DomainError, match=r"before it was opened \(on "):
        _close(case_a, org, OPENED - timedelta(days=1))
    with pytest.raises(DomainError, match="closing date lies in the future"):
        _close(case_a, org, TODAY + timedelta(days=1))
    assert Case.objects.get(pk=case_a.pk).phase == Phase.ASSESSMENT
    _close(case_a, org, OPENED)  # the day of the opening is fine
    assert Case.objects.get(pk=case_a.pk).is_closed


def test_a_case_cannot_be_opened_in_the_future(org) -> None:
    with pytest.raises(DomainError, match="future"):
        services.case_open(
            client=org.client_a,
            counsellor=org.users["counsellor"],
            opened_on=TODAY + timedelta(days=1),
        )


def _to_evaluation(case: Case, org) -> Case:
    walk(case, org, Phase.IMPLEMENTATION)
    services.case_transition(
        case=case,
        target="evaluation",
        by=org.users["counsellor"],
        on=d(10),
        expected_version=case.version,
    )
    case.refresh_from_db()
    return case


@pytest.mark.parametrize("due_days", [0, 1, 89])
def test_sustainability_check_is_due_three_months_after_the_evaluation(
    org, case_a, due_days
) -> None:
    case = _to_evaluation(case_a, org)
    with pytest.raises(DomainError, match="at least 3 months after the evaluation"):
        services.evaluation_record(
            case=case,
            evaluated_on=d(11),
            reflection="Gut.",
            client_view="",
            sustainability_due_on=d(11) + timedelta(days=due_days),
            by=org.users["counsellor"],
        )


def test_sustainability_months_are_configurable(org, case_a, settings) -> None:
    settings.LOTSE_SUSTAINABILITY_MIN_MONTHS = 4
    case = _to_evaluation(case_a, org)
    with pytest.raises(DomainError, match="at least 4 months"):
        services.evaluation_record(
            case=case,
            evaluated_on=d(11),
            reflection="Gut.",
            client_view="",
            sustainability_due_on=add_months(d(11), 3),
            by=org.users["counsellor"],
        )
    evaluation = services.evaluation_record(
        case=case,
        evaluated_on=d(11),
        reflection="Gut.",
        client_view="",
        sustainability_due_on=add_months(d(11), 4),
        by=org.users["counsellor"],
    )
    assert evaluation.sustainability_check.due_on == add_months(d(11), 4)


@pytest.mark.parametrize(
    ("birth", "message"),
    [
        (date(1899, 12, 31), "before 1900"),
        (TODAY + timedelta(days=1), "in the future"),
    ],
)
def test_impossible_birth_dates_are_refused(org, birth, message) -> None:
    with pytest.raises(DomainError, match=message):
        client_create(
            team=org.team_a, data=ClientData(first_name="Lena", last_name="Berg", birth_date=birth)
        )
    client_create(
        team=org.team_a,
        data=ClientData(first_name="Lena", last_name="Berg", birth_date=date(1900, 1, 1)),
    )


def test_a_first_contact_in_the_future_is_refused(org) -> None:
    with pytest.raises(DomainError, match="make an appointment"):
        intake_record(
            client=org.client_a,
            counsellor=org.users["counsellor"],
            service="mbe",
            date=TODAY + timedelta(days=1),
            access_channel="walk_in",
            referring_institution="",
            concern="x",
            problem_areas=[],
            support_needs="",
            expectations="",
            livelihood="unknown",
            crisis=False,
            outcome="counselling",
            referral_target="",
        )


def test_the_three_year_limit_warns_from_the_thirtieth_month(org) -> None:
    opened = add_months(TODAY, -30)
    case = services.case_open(
        client=org.client_a, counsellor=org.users["counsellor"], opened_on=opened
    )
    assert limit_warning(case, TODAY)
    assert not limit_warning(case, TODAY - timedelta(days=1))
    assert list(cases_near_limit(user=org.users["team_lead"], today=TODAY)) == [case]
    assert not cases_near_limit(user=org.users["team_lead"], today=TODAY - timedelta(days=1))


def test_phases_follow_the_work(org, case_a) -> None:
    user = org.users["counsellor"]
    services.assessment_save(
        case=case_a,
        data=services.AssessmentData(assessed_on=OPENED),
        qualifications=[],
        languages=[],
        by=user,
        expected_version=None,
    )
    case_a.refresh_from_db()
    assert case_a.phase == Phase.SUPPORT_PLAN
    add_goal(case_a, org, "german_beyond_course")
    agreement = services.agreement_create(case=case_a, by=user, on=d(2))
    case_a.refresh_from_db()
    assert case_a.phase == Phase.AGREEMENT
    services.agreement_sign(agreement=agreement, signed_on=d(3), by=user, expected_version=1)
    case_a.refresh_from_db()
    assert case_a.phase == Phase.IMPLEMENTATION and case_a.phase_since == d(3)
    steps = [
        (c.from_phase, c.to_phase)
        for c in PhaseChange.objects.filter(case=case_a).order_by("created_at", "pk")
    ]
    assert steps == [
        ("", "assessment"),
        ("assessment", "support_plan"),
        ("support_plan", "agreement"),
        ("agreement", "implementation"),
    ]


def test_going_back_needs_a_reason_which_is_kept(org, case_a) -> None:
    walk(case_a, org, Phase.SUPPORT_PLAN)
    user = org.users["counsellor"]
    with pytest.raises(DomainError, match="why the case goes back"):
        services.case_transition(
            case=case_a, target="assessment", by=user, on=d(5), expected_version=case_a.version
        )
    services.case_transition(
        case=case_a,
        target="assessment",
        by=user,
        on=d(5),
        expected_version=case_a.version,
        reason="Familie ist nachgezogen",
    )
    case_a.refresh_from_db()
    assert case_a.phase == Phase.ASSESSMENT
    assert case_a.phase_changes.first().reason == "Familie ist nachgezogen"


def test_which_moves_go_back() -> None:
    assert is_backward(Phase.SUPPORT_PLAN, Phase.ASSESSMENT)
    assert is_backward(Phase.EVALUATION, Phase.IMPLEMENTATION)
    assert not is_backward(Phase.REVIEW, Phase.IMPLEMENTATION)  # a review's regular outcome
    assert not is_backward(Phase.ASSESSMENT, Phase.SUPPORT_PLAN)


def test_a_review_that_cannot_be_saved_says_everything_that_is_missing(org, case_a) -> None:
    walk(case_a, org, Phase.AGREEMENT)
    review = Review.objects.create(case=case_a, scheduled_on=d(20))
    with pytest.raises(DomainError) as refused:
        services.review_record(
            review=review,
            held_on=TODAY + timedelta(days=2),
            assessment=" ",
            goal_statuses={},
            next_phase="",
            by=org.users["counsellor"],
            expected_version=review.version,
        )
    message = str(refused.value.message)
    assert message.startswith("The review cannot be saved yet. Missing or wrong:")
    for missing in (
        "the signed integration agreement",
        "the review date lies in the future",
        "a short assessment of the progress",
        "how the case continues",
    ):
        assert missing in message
