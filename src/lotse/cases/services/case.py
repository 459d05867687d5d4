"""Opening, moving, closing and reopening a case — each step audited with date and person."""

from __future__ import annotations

import dataclasses
from datetime import date

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotse.accounts.models import User
from lotse.audit.services import log_action
from lotse.clients.models import Client, Livelihood
from lotse.common.errors import DomainError, StrOrPromise
from lotse.common.services.versioning import claim_version
from lotse.organisation.models import NO_CLIENT_SERVICES, ServiceKind

from .. import phases
from ..models import Case, Closure, PhaseChange
from ..phases import ClosureReason, Phase, PhaseStep
from ..selectors import case_state

# Services whose case management is limited to three years (DOMAIN §D5).
LIMITED_SERVICES = frozenset({ServiceKind.MBE})


def ensure_open(case: Case) -> None:
    if case.is_closed:
        raise DomainError(
            _("This case is closed. To work on it again, reopen it and give a reason.")
        )


def record_step(case: Case, step: PhaseStep, *, by: User) -> PhaseChange:
    """Persist a checked step: the case's phase, the history row and the audit entry."""
    case.phase = step.to_phase
    case.phase_since = step.on
    case.save(update_fields=["phase", "phase_since"])
    # Whoever had the case open before this step must not move it again unknowingly.
    Case.objects.filter(pk=case.pk).update(version=F("version") + 1)
    case.refresh_from_db(fields=["version"])
    change = PhaseChange.objects.create(
        case=case,
        from_phase=step.from_phase,
        to_phase=step.to_phase,
        changed_on=step.on,
        changed_by=by,
        reason=step.reason,
    )
    log_action(
        action="case.phase_changed",
        obj=case,
        data={"from": step.from_phase.value, "to": step.to_phase.value, "on": step.on.isoformat()},
    )
    return change


def advance(case: Case, target: Phase, *, by: User, on: date) -> PhaseChange:
    """One checked move along the table, for services that move the case themselves."""
    step = phases.transition(case_state(case), target, on=on)
    return record_step(case, step, by=by)


@transaction.atomic
def case_open(*, client: Client, counsellor: User, opened_on: date) -> Case:
    if opened_on > timezone.localdate():
        raise DomainError(_("A case cannot be opened on a day in the future."))
    service = client.team.service.kind
    if service in NO_CLIENT_SERVICES:
        raise DomainError(_("This service does not work with individual cases."))
    if Case.objects.filter(client=client, service=service).exists():
        raise DomainError(_("This client already has a case in this service. Reopen it instead."))
    case = Case.objects.create(
        client=client,
        service=service,
        phase=Phase.ASSESSMENT,
        phase_since=opened_on,
        opened_on=opened_on,
        limit_date=phases.limit_date_for(opened_on=opened_on, limited=service in LIMITED_SERVICES),
        counsellor=counsellor,
    )
    PhaseChange.objects.create(
        case=case,
        from_phase="",
        to_phase=Phase.ASSESSMENT,
        changed_on=opened_on,
        changed_by=counsellor,
    )
    log_action(
        action="case.opened",
        obj=case,
        data={
            "service": service,
            "on": opened_on.isoformat(),
            "limit_date": case.limit_date.isoformat() if case.limit_date else None,
        },
    )
    return case


@transaction.atomic
def case_transition(
    *, case: Case, target: str, by: User, on: date, expected_version: int, reason: str = ""
) -> PhaseChange:
    """Move the case by hand. Going back in the process needs a reason, kept in the history."""
    try:
        wanted = Phase(target)
    except ValueError:
        raise DomainError(_("Please choose a phase.")) from None
    case.refresh_from_db()
    step = phases.transition(case_state(case), wanted, on=on)
    if phases.is_backward(Phase(case.phase), wanted):
        if not reason.strip():
            raise DomainError(
                _("Please say why the case goes back to “%(phase)s”.")
                % {"phase": phases.PHASE_LABELS[wanted]}
            )
        step = dataclasses.replace(step, reason=reason.strip())
    claim_version(Case, case.pk, expected_version)
    case.refresh_from_db()
    return record_step(case, step, by=by)


@transaction.atomic
def case_close(
    *,
    case: Case,
    reason: str,
    livelihood: str,
    note: str,
    by: User,
    on: date,
    expected_version: int,
) -> Closure:
    try:
        why = ClosureReason(reason)
    except ValueError:
        raise DomainError(_("Please choose the reason for closing.")) from None
    if livelihood not in Livelihood.values:
        raise DomainError(_("Please record the livelihood at closure."))
    case.refresh_from_db()
    if on < case.opened_on:
        raise DomainError(
            _("A case cannot be closed before it was opened (on %(date)s).")
            % {"date": case.opened_on.strftime("%d.%m.%Y")}
        )
    if on > timezone.localdate():
        raise DomainError(_("The closing date lies in the future."))
    step = phases.close(case_state(case), why, on=on)
    claim_version(Case, case.pk, expected_version)
    case.refresh_from_db()
    closure = Closure.objects.create(
        case=case, closed_on=on, reason=why, livelihood=livelihood, note=note, closed_by=by
    )
    record_step(case, step, by=by)
    log_action(
        action="case.closed",
        obj=case,
        data={"reason": why.value, "livelihood": livelihood, "on": on.isoformat()},
    )
    return closure


@transaction.atomic
def case_reopen(
    *, case: Case, target: str, reason: str, by: User, on: date, expected_version: int
) -> PhaseChange:
    try:
        wanted = Phase(target)
    except ValueError:
        raise DomainError(_("Please choose the phase to start again with.")) from None
    case.refresh_from_db()
    step = phases.reopen(case_state(case), wanted, on=on, reason=reason)
    claim_version(Case, case.pk, expected_version)
    case.refresh_from_db()
    change = record_step(case, step, by=by)
    log_action(action="case.reopened", obj=case, data={"to": wanted.value, "on": on.isoformat()})
    return change


@transaction.atomic
def case_assign(
    *, case: Case, counsellor: User, expected_version: int, message: StrOrPromise | None = None
) -> Case:
    """Make ``counsellor`` responsible for ``case`` (the caller checked who may be chosen)."""
    claim_version(Case, case.pk, expected_version, message)
    case.refresh_from_db()
    before = case.counsellor_id
    case.counsellor = counsellor
    case.save(update_fields=["counsellor"])
    log_action(action="case.reassigned", obj=case, data={"from": before, "to": counsellor.pk})
    return case
