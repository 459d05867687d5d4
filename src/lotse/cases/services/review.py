"""Reviews, evaluation and sustainability check (DOMAIN §D5.4, §D5.5)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotse.accounts.models import User
from lotse.audit.services import log_action
from lotse.common.errors import DomainError, StrOrPromise
from lotse.common.services.versioning import claim_version

from ..models import Case, Evaluation, Review, SustainabilityCheck, SustainabilityOutcome
from ..phases import Phase, add_months
from ..selectors import evaluation_current, plan_current, sustainability_current
from .case import advance, ensure_open
from .plan import goal_set_status, plan_revise

SUSTAINABILITY_MONTHS = 6


def sustainability_min_months() -> int:
    """The sustainability check lies at least this many months after the evaluation (setting)."""
    return int(getattr(settings, "LOTSE_SUSTAINABILITY_MIN_MONTHS", 3))


def sustainability_earliest(evaluated_on: date) -> date:
    return add_months(evaluated_on, sustainability_min_months())


# Where a case may go once a review is held.
AFTER_REVIEW = (Phase.IMPLEMENTATION, Phase.SUPPORT_PLAN, Phase.EVALUATION)


def _not_future(day: date, message: StrOrPromise) -> None:
    if day > timezone.localdate():
        raise DomainError(message)


@transaction.atomic
def review_schedule(*, case: Case, scheduled_on: date, by: User) -> Review:
    ensure_open(case)
    if scheduled_on < case.opened_on:
        raise DomainError(_("The review date lies before the case was opened."))
    if case.reviews.filter(scheduled_on=scheduled_on, held_on__isnull=True).exists():
        raise DomainError(_("A review is already scheduled for that day."))
    review = Review.objects.create(case=case, scheduled_on=scheduled_on)
    log_action(action="case.review_scheduled", obj=case, data={"on": scheduled_on.isoformat()})
    return review


def review_blockers(case: Case) -> list[StrOrPromise]:
    """What keeps a review of ``case`` from being recorded now, in words; empty if nothing."""
    if case.phase in (Phase.IMPLEMENTATION, Phase.REVIEW):
        return []
    if case.phase in (Phase.ASSESSMENT, Phase.SUPPORT_PLAN, Phase.AGREEMENT):
        return [
            _(
                "the signed integration agreement: reviews are held during the implementation, "
                "after the signing is recorded"
            )
        ]
    return [_("reviews are held during the implementation; this case is past it")]


@transaction.atomic
def review_record(
    *,
    review: Review,
    held_on: date,
    assessment: str,
    goal_statuses: Mapping[int, str],
    next_phase: str,
    by: User,
    expected_version: int,
    next_review_on: date | None = None,
) -> Review:
    """Hold a review: each goal's status, a short assessment, and where the case goes next.

    The case passes through the review phase (implementation → review → next phase). Going
    back to the support plan starts its next version, so the reviewed one stays readable.
    """
    case = review.case
    ensure_open(case)
    if review.is_held:
        raise DomainError(_("This review has already been recorded."))
    missing: list[StrOrPromise] = list(review_blockers(case))
    if held_on > timezone.localdate():
        missing.append(_("the review date lies in the future"))
    elif held_on < case.opened_on:
        missing.append(_("the review date lies before the case was opened"))
    if not assessment.strip():
        missing.append(_("a short assessment of the progress"))
    target: Phase | None
    try:
        target = Phase(next_phase)
    except ValueError:
        target = None
    if target not in AFTER_REVIEW:
        missing.append(_("how the case continues"))
    if missing or target is None:
        raise DomainError(
            _("The review cannot be saved yet. Missing or wrong: %(missing)s.")
            % {"missing": "; ".join(str(item) for item in missing)}
        )
    claim_version(Review, review.pk, expected_version)
    review.refresh_from_db()
    plan = plan_current(case)
    goals = {g.pk: g for g in plan.goals.all()} if plan else {}
    unknown = set(goal_statuses) - set(goals)
    if unknown:
        raise DomainError(_("The plan has changed in the meantime; reload the page."))
    review.held_on = held_on
    review.assessment = assessment.strip()
    review.plan = plan
    review.counsellor = by
    review.save()
    for goal_id, status in goal_statuses.items():
        goal_set_status(goal=goals[goal_id], status=status, by=by, on=held_on, review=review)
    if case.phase == Phase.IMPLEMENTATION:
        advance(case, Phase.REVIEW, by=by, on=held_on)
    advance(case, target, by=by, on=held_on)
    if target == Phase.SUPPORT_PLAN:
        plan_revise(
            case=case,
            by=by,
            on=held_on,
            reason=str(_("Review of %(date)s")) % {"date": held_on.strftime("%d.%m.%Y")},
        )
    if next_review_on is not None:
        review_schedule(case=case, scheduled_on=next_review_on, by=by)
    log_action(
        action="case.review_held",
        obj=case,
        data={"on": held_on.isoformat(), "goals_changed": len(goal_statuses), "next": target.value},
    )
    return review


@transaction.atomic
def evaluation_record(
    *,
    case: Case,
    evaluated_on: date,
    reflection: str,
    client_view: str,
    sustainability_due_on: date | None,
    by: User,
) -> Evaluation:
    """Evaluate and reflect; the sustainability check is due six months later by default."""
    ensure_open(case)
    if case.phase != Phase.EVALUATION:
        raise DomainError(_("Move the case to the evaluation phase first."))
    if evaluation_current(case) is not None:
        raise DomainError(_("The evaluation of this case has already been recorded."))
    _not_future(evaluated_on, _("The date of the evaluation lies in the future."))
    if not reflection.strip():
        raise DomainError(_("Please write the evaluation and reflection."))
    due = sustainability_due_on or add_months(evaluated_on, SUSTAINABILITY_MONTHS)
    if due < sustainability_earliest(evaluated_on):
        raise DomainError(
            _(
                "The sustainability check looks at what lasted after the support ended: it lies "
                "at least %(months)d months after the evaluation, on %(date)s or later."
            )
            % {
                "months": sustainability_min_months(),
                "date": sustainability_earliest(evaluated_on).strftime("%d.%m.%Y"),
            }
        )
    evaluation = Evaluation.objects.create(
        case=case,
        evaluated_on=evaluated_on,
        reflection=reflection.strip(),
        client_view=client_view.strip(),
        counsellor=by,
    )
    SustainabilityCheck.objects.create(case=case, evaluation=evaluation, due_on=due)
    log_action(
        action="case.evaluated",
        obj=case,
        data={"on": evaluated_on.isoformat(), "sustainability_due": due.isoformat()},
    )
    advance(case, Phase.SUSTAINABILITY, by=by, on=evaluated_on)
    return evaluation


@transaction.atomic
def sustainability_record(
    *,
    case: Case,
    checked_on: date,
    outcome: str,
    notes: str,
    by: User,
    expected_version: int,
) -> SustainabilityCheck:
    ensure_open(case)
    check = sustainability_current(case)
    if case.phase != Phase.SUSTAINABILITY or check is None:
        raise DomainError(_("The sustainability check follows the evaluation."))
    if outcome not in SustainabilityOutcome.values:
        raise DomainError(_("Please choose the outcome of the check."))
    _not_future(checked_on, _("The date of the check lies in the future."))
    if checked_on < check.evaluation.evaluated_on:
        raise DomainError(_("The check cannot lie before the evaluation."))
    earliest = sustainability_earliest(check.evaluation.evaluated_on)
    if checked_on < earliest:
        raise DomainError(
            _(
                "The sustainability check lies at least %(months)d months after the evaluation "
                "(%(evaluated)s): record it on %(date)s or later."
            )
            % {
                "months": sustainability_min_months(),
                "evaluated": check.evaluation.evaluated_on.strftime("%d.%m.%Y"),
                "date": earliest.strftime("%d.%m.%Y"),
            }
        )
    claim_version(SustainabilityCheck, check.pk, expected_version)
    check.refresh_from_db()
    check.checked_on = checked_on
    check.outcome = outcome
    check.notes = notes.strip()
    check.counsellor = by
    check.save()
    log_action(
        action="case.sustainability_checked",
        obj=case,
        data={"on": checked_on.isoformat(), "outcome": outcome},
    )
    return check
