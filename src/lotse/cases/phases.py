"""The phases of a case as a state machine (DOMAIN §D5, MBE concept seed 001).

Pure and typed: no models, no database. ``transition`` answers whether a case in a given
state may move to a target phase and raises ``DomainError`` with a translatable message
when it may not; services persist the result and write the audit entry.

Phases in the counsellors' words (seed 001): Sozial-, Kompetenz- und Bedarfsanalyse →
Förderplan → Integrationsvereinbarung → Umsetzung → Überprüfung/Fortschreibung →
Auswertung und Reflexion → Überprüfung der Nachhaltigkeit → Abschluss.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from types import MappingProxyType

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lotse.common.errors import DomainError


class Phase(StrEnum):
    ASSESSMENT = "assessment"
    SUPPORT_PLAN = "support_plan"
    AGREEMENT = "agreement"
    IMPLEMENTATION = "implementation"
    REVIEW = "review"
    EVALUATION = "evaluation"
    SUSTAINABILITY = "sustainability"
    CLOSED = "closed"


PHASE_LABELS: Mapping[Phase, Promise] = MappingProxyType(
    {
        Phase.ASSESSMENT: _("Assessment (social, competence and needs analysis)"),
        Phase.SUPPORT_PLAN: _("Support plan"),
        Phase.AGREEMENT: _("Integration agreement"),
        Phase.IMPLEMENTATION: _("Implementation"),
        Phase.REVIEW: _("Review"),
        Phase.EVALUATION: _("Evaluation and reflection"),
        Phase.SUSTAINABILITY: _("Sustainability check"),
        Phase.CLOSED: _("Closed"),
    }
)
PHASE_CHOICES: list[tuple[str, Promise]] = [(p.value, PHASE_LABELS[p]) for p in Phase]
OPEN_PHASES: frozenset[Phase] = frozenset(Phase) - {Phase.CLOSED}


class ClosureReason(StrEnum):
    GOALS_REACHED = "goals_reached"
    MOVED_AWAY = "moved_away"
    REGULAR_SERVICES = "regular_services"
    NO_CONTACT = "no_contact"
    CLIENT_ENDED = "client_ended"
    TIME_LIMIT = "time_limit"


CLOSURE_REASON_LABELS: Mapping[ClosureReason, Promise] = MappingProxyType(
    {
        ClosureReason.GOALS_REACHED: _("goals reached"),
        ClosureReason.MOVED_AWAY: _("moved away"),
        ClosureReason.REGULAR_SERVICES: _("referred to regular services"),
        ClosureReason.NO_CONTACT: _("no contact any more"),
        ClosureReason.CLIENT_ENDED: _("the client ended it"),
        ClosureReason.TIME_LIMIT: _("three-year limit reached"),
    }
)
CLOSURE_REASON_CHOICES: list[tuple[str, Promise]] = [
    (r.value, CLOSURE_REASON_LABELS[r]) for r in ClosureReason
]

# The regular path and the ways back, phase by phase. Closing (with a reason, from every open
# phase) is handled by ``close``; reopening a closed case by ``reopen``.
TRANSITIONS: Mapping[Phase, frozenset[Phase]] = MappingProxyType(
    {
        Phase.ASSESSMENT: frozenset({Phase.SUPPORT_PLAN}),
        Phase.SUPPORT_PLAN: frozenset({Phase.AGREEMENT, Phase.ASSESSMENT}),
        Phase.AGREEMENT: frozenset({Phase.IMPLEMENTATION, Phase.SUPPORT_PLAN}),
        Phase.IMPLEMENTATION: frozenset({Phase.REVIEW, Phase.EVALUATION}),
        Phase.REVIEW: frozenset(
            {Phase.IMPLEMENTATION, Phase.SUPPORT_PLAN, Phase.AGREEMENT, Phase.EVALUATION}
        ),
        Phase.EVALUATION: frozenset({Phase.SUSTAINABILITY, Phase.IMPLEMENTATION}),
        Phase.SUSTAINABILITY: frozenset({Phase.IMPLEMENTATION}),
        Phase.CLOSED: frozenset(),
    }
)
# Where a reopened case may start again.
REOPEN_TARGETS: frozenset[Phase] = frozenset(
    {Phase.ASSESSMENT, Phase.SUPPORT_PLAN, Phase.IMPLEMENTATION}
)
# "Goals reached" closes a case regularly: after evaluation and sustainability check.
GOALS_REACHED_FROM: frozenset[Phase] = frozenset({Phase.SUSTAINABILITY})


@dataclass(frozen=True)
class CaseState:
    """What the rules need to know about a case; built by the services from the models."""

    phase: Phase
    assessment_recorded: bool = False
    plan_has_goals: bool = False
    agreement_signed: bool = False  # on the current plan version
    evaluation_recorded: bool = False
    sustainability_checked: bool = False
    limit_date: date | None = None


@dataclass(frozen=True)
class PhaseStep:
    """A permitted change of phase, ready to be recorded."""

    from_phase: Phase
    to_phase: Phase
    on: date
    reason: str = ""


def allowed_targets(phase: Phase) -> frozenset[Phase]:
    return TRANSITIONS[phase]


def _precondition_error(state: CaseState, target: Phase) -> Promise | None:
    if target == Phase.SUPPORT_PLAN and not state.assessment_recorded:
        return _("Record the assessment before drawing up the support plan.")
    if target == Phase.AGREEMENT and not state.plan_has_goals:
        return _("The support plan needs at least one goal before an agreement can be made.")
    if target == Phase.IMPLEMENTATION and not state.agreement_signed:
        return _(
            "The integration agreement on the current support plan has not been signed yet. "
            "Record the date of signing first."
        )
    if target == Phase.SUSTAINABILITY and not state.evaluation_recorded:
        return _("Record the evaluation before the sustainability check.")
    return None


def transition(state: CaseState, target: Phase, *, on: date) -> PhaseStep:
    """Check one move along the table; raise ``DomainError`` if it is not allowed."""
    if state.phase == Phase.CLOSED:
        raise DomainError(
            _("This case is closed. To work on it again, reopen it and give a reason.")
        )
    if target == Phase.CLOSED:
        raise DomainError(_("To close a case, use “Close the case” and give the reason."))
    if target == state.phase:
        raise DomainError(
            _("The case is already in the phase “%(phase)s”.") % {"phase": PHASE_LABELS[target]}
        )
    if target not in TRANSITIONS[state.phase]:
        raise DomainError(
            _(
                "A case cannot move from “%(current)s” to “%(target)s”. "
                "Possible next phases: %(next)s."
            )
            % {
                "current": PHASE_LABELS[state.phase],
                "target": PHASE_LABELS[target],
                "next": ", ".join(
                    str(PHASE_LABELS[p]) for p in sorted_phases(TRANSITIONS[state.phase])
                ),
            }
        )
    problem = _precondition_error(state, target)
    if problem is not None:
        raise DomainError(problem)
    return PhaseStep(from_phase=state.phase, to_phase=target, on=on)


def close(state: CaseState, reason: ClosureReason, *, on: date) -> PhaseStep:
    """Closing: the regular way after the sustainability check, or early for other reasons."""
    if state.phase == Phase.CLOSED:
        raise DomainError(_("This case is already closed."))
    if reason == ClosureReason.GOALS_REACHED and not (
        state.phase in GOALS_REACHED_FROM and state.sustainability_checked
    ):
        raise DomainError(
            _(
                "“Goals reached” closes a case after the evaluation and the sustainability "
                "check. Record both first, or choose another reason."
            )
        )
    if (
        reason == ClosureReason.TIME_LIMIT
        and state.limit_date is not None
        and on < state.limit_date
    ):
        raise DomainError(
            _("The three-year limit of this case is only reached on %(date)s.")
            % {"date": state.limit_date.strftime("%d.%m.%Y")}
        )
    return PhaseStep(from_phase=state.phase, to_phase=Phase.CLOSED, on=on, reason=reason.value)


def reopen(state: CaseState, target: Phase, *, on: date, reason: str) -> PhaseStep:
    """A closed case starts again at ``target``; a reason is required and recorded."""
    if state.phase != Phase.CLOSED:
        raise DomainError(_("Only a closed case can be reopened."))
    if not reason.strip():
        raise DomainError(_("Please give a reason for reopening the case."))
    if target not in REOPEN_TARGETS:
        raise DomainError(
            _(
                "A reopened case starts again at the assessment, the support plan or the "
                "implementation."
            )
        )
    if state.limit_date is not None and on > state.limit_date:
        raise DomainError(
            _("The three-year limit of this case passed on %(date)s; it cannot be reopened.")
            % {"date": state.limit_date.strftime("%d.%m.%Y")}
        )
    return PhaseStep(from_phase=Phase.CLOSED, to_phase=target, on=on, reason=reason.strip())


def is_backward(current: Phase, target: Phase) -> bool:
    """Whether moving from ``current`` to ``target`` goes back in the process.

    Back from a review to the implementation is the review's regular outcome, not a step back.
    """
    if current == Phase.REVIEW and target == Phase.IMPLEMENTATION:
        return False
    order = list(Phase)
    return order.index(target) < order.index(current)


def sorted_phases(phases: frozenset[Phase] | set[Phase]) -> list[Phase]:
    """Phases in the order of the process."""
    order = list(Phase)
    return sorted(phases, key=order.index)


def add_years(day: date, years: int) -> date:
    """``day`` plus ``years``; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months``, clamped to the last day of the target month."""
    import calendar

    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return day.replace(year=year, month=month, day=min(day.day, last))


THREE_YEARS = 3


def limit_warning_date(*, opened_on: date, warning_months: int) -> date:
    """From this day on a limited case is flagged as approaching its three-year limit."""
    return add_months(opened_on, warning_months)


def limit_date_for(*, opened_on: date, limited: bool) -> date | None:
    """MBE case management lasts at most three years (§D5); other services have no limit."""
    return add_years(opened_on, THREE_YEARS) if limited else None
