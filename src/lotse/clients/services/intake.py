"""First contact (clearing) and the eligibility assessment stored with it."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotse.accounts.models import User
from lotse.common.errors import DomainError
from lotse.eligibility import engine

from ..models import Client, EligibilityDecision, Intake, IntakeOutcome, Topic


def eligibility_input(client: Client, *, on: date, crisis: bool) -> engine.EligibilityInput:
    return engine.EligibilityInput(
        on=on,
        birth_date=client.birth_date,
        residence=engine.Residence(client.residence),
        entry_date=client.entry_date,
        permanent_status_date=client.permanent_status_date,
        crisis=crisis,
        course_obligation=client.course_obligation,
    )


@transaction.atomic
def eligibility_assess(
    *, client: Client, on: date, crisis: bool, decided_by: User
) -> EligibilityDecision:
    """Run the rule set in force on ``on`` and keep its decision with the client's file."""
    try:
        facts = eligibility_input(client, on=on, crisis=crisis)
        result = engine.decide(facts)
    except ValueError as error:
        raise DomainError(
            _("The assessment is not possible: %(reason)s") % {"reason": error}
        ) from error
    inputs: dict[str, object] = {
        key: (str(value) if value is not None else None) for key, value in asdict(facts).items()
    }
    inputs["crisis"] = crisis
    inputs["course_obligation"] = client.course_obligation
    return EligibilityDecision.objects.create(
        client=client,
        decided_on=on,
        inputs=inputs,
        mbe=str(result.mbe),
        mbe_basis=str(result.mbe_basis or ""),
        jmd=str(result.jmd),
        priority=result.priority,
        referral=str(result.referral or ""),
        rule_set=result.rule_set,
        rule=result.rule,
        explanation_de=result.explanation_de,
        explanation_en=result.explanation_en,
        decided_by=decided_by,
    )


@transaction.atomic
def intake_record(
    *,
    client: Client,
    counsellor: User,
    service: str,
    date: date,
    access_channel: str,
    referring_institution: str,
    concern: str,
    problem_areas: list[Topic],
    support_needs: str,
    expectations: str,
    livelihood: str,
    crisis: bool,
    outcome: str,
    referral_target: str,
) -> Intake:
    if date > timezone.localdate():
        raise DomainError(
            _("A first contact cannot lie in the future. For a later meeting, make an appointment.")
        )
    if access_channel == "referred" and not referring_institution.strip():
        raise DomainError(_("Please name the institution that referred the person."))
    if outcome == IntakeOutcome.REFERRAL and not referral_target.strip():
        raise DomainError(_("Please name the service the person is referred to."))
    decision = eligibility_assess(client=client, on=date, crisis=crisis, decided_by=counsellor)
    intake = Intake.objects.create(
        client=client,
        service=service,
        date=date,
        access_channel=access_channel,
        referring_institution=referring_institution.strip(),
        concern=concern.strip(),
        support_needs=support_needs.strip(),
        expectations=expectations.strip(),
        residence=client.residence,
        livelihood=livelihood,
        eligibility=decision,
        outcome=outcome,
        referral_target=referral_target.strip(),
        # Priority on the waiting list follows §D2: obliged to attend an integration course.
        priority=decision.priority,
        counsellor=counsellor,
    )
    intake.problem_areas.set(problem_areas)
    return intake


@transaction.atomic
def waiting_list_leave(*, intake: Intake, on: date) -> Intake:
    locked = Intake.objects.select_for_update().get(pk=intake.pk)
    if locked.outcome != IntakeOutcome.WAITING_LIST or locked.waiting_until is not None:
        raise DomainError(_("This person is not on the waiting list."))
    if on < locked.date:
        raise DomainError(_("The date lies before the first contact."))
    locked.waiting_until = on
    locked.save(update_fields=["waiting_until"])
    return locked
