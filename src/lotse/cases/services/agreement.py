"""Integration agreements on the support plan (DOMAIN §D5.3)."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotse.accounts.models import User
from lotse.audit.services import log_action
from lotse.common.errors import DomainError
from lotse.common.services.versioning import claim_version

from ..models import Case, IntegrationAgreement
from ..phases import Phase
from ..selectors import agreement_status, plan_current
from .case import advance, ensure_open


@transaction.atomic
def agreement_create(
    *, case: Case, by: User, on: date, cooperation: str = "", appointments: str = ""
) -> IntegrationAgreement:
    """Draw up an agreement on the current plan version; that version is then fixed."""
    ensure_open(case)
    plan = plan_current(case)
    status = agreement_status(case, plan)
    if plan is None or not plan.goals.exists():
        raise DomainError(
            _("The support plan needs at least one goal before an agreement can be made.")
        )
    if status.latest is not None and status.latest.plan_id == plan.pk:
        raise DomainError(
            _(
                "There already is an agreement on this version of the plan. "
                "Print it and record the signing."
            )
        )
    number = (case.agreements.aggregate(m=Max("number"))["m"] or 0) + 1
    agreement = IntegrationAgreement.objects.create(
        case=case,
        plan=plan,
        number=number,
        drawn_up_on=on,
        cooperation=cooperation.strip(),
        appointments=appointments.strip(),
        created_by=by,
    )
    log_action(
        action="case.agreement_drawn_up",
        obj=case,
        data={"agreement": agreement.number, "plan": plan.number},
    )
    # The phase follows the work: a drawn-up agreement is the agreement phase.
    if case.phase == Phase.SUPPORT_PLAN:
        advance(case, Phase.AGREEMENT, by=by, on=on)
    return agreement


@transaction.atomic
def agreement_update(
    *, agreement: IntegrationAgreement, cooperation: str, appointments: str, expected_version: int
) -> IntegrationAgreement:
    ensure_open(agreement.case)
    if agreement.is_signed:
        raise DomainError(_("A signed agreement cannot be changed. Draw up a new one."))
    claim_version(IntegrationAgreement, agreement.pk, expected_version)
    agreement.refresh_from_db()
    agreement.cooperation = cooperation.strip()
    agreement.appointments = appointments.strip()
    agreement.save(update_fields=["cooperation", "appointments"])
    return agreement


@transaction.atomic
def agreement_sign(
    *, agreement: IntegrationAgreement, signed_on: date, by: User, expected_version: int
) -> IntegrationAgreement:
    """Record that client and counsellor have signed the printed agreement."""
    ensure_open(agreement.case)
    if agreement.is_signed:
        raise DomainError(_("The signing of this agreement has already been recorded."))
    latest = agreement.case.agreements.order_by("-number").first()
    if latest is not None and latest.pk != agreement.pk:
        raise DomainError(_("A newer agreement has been drawn up; sign that one instead."))
    if signed_on > timezone.localdate():
        raise DomainError(_("The date of signing lies in the future."))
    if signed_on < agreement.drawn_up_on:
        raise DomainError(_("The date of signing lies before the agreement was drawn up."))
    claim_version(IntegrationAgreement, agreement.pk, expected_version)
    agreement.refresh_from_db()
    agreement.signed_on = signed_on
    agreement.signed_recorded_by = by
    agreement.save(update_fields=["signed_on", "signed_recorded_by"])
    log_action(
        action="case.agreement_signed",
        obj=agreement.case,
        data={"agreement": agreement.number, "on": signed_on.isoformat()},
    )
    # Signed, the plan is carried out: the case moves on to the implementation.
    case = agreement.case
    case.refresh_from_db()
    if case.phase == Phase.SUPPORT_PLAN:
        advance(case, Phase.AGREEMENT, by=by, on=signed_on)
    if case.phase == Phase.AGREEMENT:
        advance(case, Phase.IMPLEMENTATION, by=by, on=signed_on)
    return agreement
