"""Case services: opening, audited phase changes, agreement, reviews, evaluation, closure."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from lotse.audit.models import AuditEntry
from lotse.audit.services import verify_chain
from lotse.cases import services
from lotse.cases.models import Case, PhaseChange
from lotse.cases.phases import Phase
from lotse.cases.selectors import case_indicator_report, case_state
from lotse.clients.models import Intake
from lotse.common.errors import ConflictError, DomainError

from .conftest import OPENED, add_goal, d, walk

pytestmark = pytest.mark.django_db


def test_open_tracks_the_three_year_limit_for_mbe_only(org, case_a) -> None:
    assert case_a.service == "mbe" and case_a.phase == Phase.ASSESSMENT
    assert case_a.limit_date == OPENED.replace(year=OPENED.year + 3)
    jmd = services.case_open(
        client=org.client_b, counsellor=org.users["stranger"], opened_on=OPENED
    )
    assert jmd.service == "jmd" and jmd.limit_date is None
    assert str(jmd.plan_label) == "Individual integration support plan"
    assert str(case_a.plan_label) == "Support plan"
    with pytest.raises(DomainError, match="already has a case"):
        services.case_open(
            client=org.client_a, counsellor=org.users["counsellor"], opened_on=OPENED
        )
    entry = AuditEntry.objects.get(action="case.opened", object_id=str(case_a.pk))
    assert entry.client_id == org.client_a.pk


def test_every_phase_change_is_recorded_and_audited(org, case_a) -> None:
    walk(case_a, org, Phase.IMPLEMENTATION)
    changes = list(PhaseChange.objects.filter(case=case_a).order_by("created_at", "pk"))
    assert [(c.from_phase, c.to_phase) for c in changes] == [
        ("", "assessment"),
        ("assessment", "support_plan"),
        ("support_plan", "agreement"),
        ("agreement", "implementation"),
    ]
    assert {c.changed_by for c in changes} == {org.users["counsellor"]}
    assert all(c.changed_on == OPENED for c in changes)
    logged = AuditEntry.objects.filter(action="case.phase_changed", client_id=org.client_a.pk)
    assert [(e.data["from"], e.data["to"]) for e in logged.order_by("at", "chain", "seq")] == [
        ("assessment", "support_plan"),
        ("support_plan", "agreement"),
        ("agreement", "implementation"),
    ]
    assert verify_chain().ok


def test_illegal_and_stale_transitions_are_refused(org, case_a) -> None:
    user = org.users["counsellor"]
    with pytest.raises(DomainError, match="Record the assessment"):
        services.case_transition(
            case=case_a, target="support_plan", by=user, on=OPENED, expected_version=case_a.version
        )
    case_a.refresh_from_db()
    with pytest.raises(DomainError, match="cannot move"):
        services.case_transition(
            case=case_a, target="evaluation", by=user, on=OPENED, expected_version=case_a.version
        )
    case_a.refresh_from_db()
    services.assessment_save(
        case=case_a,
        data=services.AssessmentData(assessed_on=OPENED),
        qualifications=[],
        languages=[],
        by=user,
        expected_version=None,
    )
    # Saving the assessment moved the case on by itself; going back from a stale page conflicts.
    assert Case.objects.get(pk=case_a.pk).phase == Phase.SUPPORT_PLAN
    with pytest.raises(ConflictError):
        services.case_transition(
            case=case_a,
            target="assessment",
            by=user,
            on=OPENED,
            expected_version=case_a.version - 1,
            reason="Familie neu aufnehmen",
        )
    assert Case.objects.get(pk=case_a.pk).phase == Phase.SUPPORT_PLAN


def test_implementation_needs_the_signed_agreement(org, case_a) -> None:
    walk(case_a, org, Phase.AGREEMENT)
    user = org.users["counsellor"]
    agreement = services.agreement_create(case=case_a, by=user, on=OPENED)
    with pytest.raises(DomainError, match="not been signed"):
        services.case_transition(
            case=case_a,
            target="implementation",
            by=user,
            on=OPENED,
            expected_version=case_a.version,
        )
    with pytest.raises(DomainError, match="future"):
        services.agreement_sign(
            agreement=agreement,
            signed_on=timezone.localdate() + timedelta(1),
            by=user,
            expected_version=agreement.version,
        )
    with pytest.raises(DomainError, match="already is an agreement"):
        services.agreement_create(case=case_a, by=user, on=OPENED)
    services.agreement_sign(agreement=agreement, signed_on=OPENED, by=user, expected_version=1)
    assert case_state(case_a).agreement_signed
    with pytest.raises(DomainError, match="already been recorded"):
        services.agreement_sign(agreement=agreement, signed_on=OPENED, by=user, expected_version=2)
    assert AuditEntry.objects.filter(action="case.agreement_signed").count() == 1


def test_review_records_goal_statuses_and_passes_through_the_review_phase(org, case_a) -> None:
    walk(case_a, org, Phase.IMPLEMENTATION)
    user = org.users["counsellor"]
    review = services.review_schedule(case=case_a, scheduled_on=d(30), by=user)
    goals = list(case_a.plans.get().goals.order_by("position"))
    services.review_record(
        review=review,
        held_on=d(31),
        assessment="Kurs begonnen.",
        goal_statuses={goals[0].pk: "in_progress", goals[1].pk: "open"},
        next_phase="implementation",
        by=user,
        expected_version=review.version,
        next_review_on=d(90),
    )
    case_a.refresh_from_db()
    assert case_a.phase == Phase.IMPLEMENTATION
    review.refresh_from_db()
    assert review.held_on == d(31) and review.plan == goals[0].plan
    changes = list(review.goal_changes.all())
    assert [(c.from_status, c.to_status) for c in changes] == [("open", "in_progress")]
    history = [
        (c.from_phase, c.to_phase) for c in case_a.phase_changes.order_by("created_at", "pk")
    ]
    assert history[-2:] == [("implementation", "review"), ("review", "implementation")]
    assert case_a.reviews.filter(held_on__isnull=True, scheduled_on=d(90)).exists()
    with pytest.raises(DomainError, match="already been recorded"):
        services.review_record(
            review=review,
            held_on=d(31),
            assessment="x",
            goal_statuses={},
            next_phase="implementation",
            by=user,
            expected_version=2,
        )


def test_evaluation_sets_the_sustainability_check_six_months_later_and_closure(
    org, case_a, settings
):
    walk(case_a, org, Phase.IMPLEMENTATION)
    user = org.users["counsellor"]
    Intake.objects.create(
        client=org.client_a,
        service="mbe",
        date=OPENED,
        access_channel="walk_in",
        livelihood="sgb_ii",
        outcome="case_management",
        counsellor=user,
    )
    for goal in case_a.plans.get().goals.all():
        services.goal_set_status(goal=goal, status="achieved", by=user, on=d(40))
    with pytest.raises(DomainError, match="evaluation phase"):
        services.evaluation_record(
            case=case_a,
            evaluated_on=d(41),
            reflection="x",
            client_view="",
            sustainability_due_on=None,
            by=user,
        )
    services.case_transition(
        case=case_a, target="evaluation", by=user, on=d(41), expected_version=case_a.version
    )
    case_a.refresh_from_db()
    evaluation = services.evaluation_record(
        case=case_a,
        evaluated_on=OPENED + timedelta(days=3),
        reflection="Gut gelaufen.",
        client_view="",
        sustainability_due_on=None,
        by=user,
    )
    check = evaluation.sustainability_check
    assert check.due_on.month == (evaluation.evaluated_on.month + 5) % 12 + 1
    assert (check.due_on - evaluation.evaluated_on).days in range(181, 185)
    case_a.refresh_from_db()
    assert case_a.phase == Phase.SUSTAINABILITY
    with pytest.raises(DomainError, match="sustainability"):
        services.case_close(
            case=case_a,
            reason="goals_reached",
            livelihood="employment",
            note="",
            by=user,
            on=d(45),
            expected_version=case_a.version,
        )
    case_a.refresh_from_db()
    # At least three months after the evaluation by default; the centre may choose fewer.
    with pytest.raises(DomainError, match="at least 3 months after the evaluation"):
        services.sustainability_record(
            case=case_a,
            checked_on=d(45),
            outcome="sustained",
            notes="",
            by=user,
            expected_version=check.version,
        )
    settings.LOTSE_SUSTAINABILITY_MIN_MONTHS = 1
    services.sustainability_record(
        case=case_a,
        checked_on=d(45),
        outcome="sustained",
        notes="",
        by=user,
        expected_version=check.version,
    )
    services.case_close(
        case=case_a,
        reason="goals_reached",
        livelihood="employment",
        note="",
        by=user,
        on=d(46),
        expected_version=case_a.version,
    )
    case_a.refresh_from_db()
    assert case_a.is_closed
    report = case_indicator_report(case_a)
    assert report.agreed_goals_reached and report.more_own_livelihood
    assert "more_own_livelihood" in report.reached_codes()
    closed = AuditEntry.objects.get(action="case.closed")
    assert closed.data["reason"] == "goals_reached" and closed.data["livelihood"] == "employment"
    with pytest.raises(DomainError, match="closed"):
        add_goal(case_a, org, "participation")
    services.case_reopen(
        case=case_a,
        target="implementation",
        reason="Neue Krise",
        by=user,
        on=d(50),
        expected_version=case_a.version,
    )
    case_a.refresh_from_db()
    assert case_a.phase == Phase.IMPLEMENTATION
    assert case_a.phase_changes.order_by("-created_at", "-pk").first().reason == "Neue Krise"


def test_goal_rules(org, case_a) -> None:
    user = org.users["counsellor"]
    data = services.GoalData(
        module="language", target_date=OPENED, responsible="partner", title="Deutsch B1"
    )
    with pytest.raises(DomainError, match="network partner"):
        services.goal_create(case=case_a, data=data, by=user, on=OPENED)
    no_goal = services.GoalData(module="language", target_date=OPENED, responsible="client")
    with pytest.raises(DomainError, match="own words"):
        services.goal_create(case=case_a, data=no_goal, by=user, on=OPENED)
    late = services.GoalData(
        module="language",
        target_date=OPENED.replace(year=OPENED.year + 4),
        responsible="client",
        title="x",
    )
    with pytest.raises(DomainError, match="three-year limit"):
        services.goal_create(case=case_a, data=late, by=user, on=OPENED)
    bad = services.GoalData(
        module="language",
        target_date=OPENED,
        responsible="client",
        title="x",
        indicators=("plan_implemented",),
    )
    with pytest.raises(DomainError, match="Unknown indicators"):
        services.goal_create(case=case_a, data=bad, by=user, on=OPENED)
    goal = add_goal(case_a, org, "residence_status")
    assert goal.indicators == ["residence_secured"]  # the catalogue's default
    own = add_goal(case_a, org, "residence_status", indicators=("crises_mastered",))
    assert own.indicators == ["crises_mastered"]
