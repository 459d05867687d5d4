"""Case management in the period: phases, goals, the case-work indicators and the livelihood
effect indicator (DOMAIN §D5, §D12), computed with the cases app's own rules.

A case belongs to the period when it was opened by its end and was not already closed before
its start. Its phase is the one it had on the last day (from the phase history). Goals are
those of the current support-plan version, with their current status. The indicators of a
closed case come from ``lotse.cases.indicators.case_indicators`` — one call per case closed in
the period, fed by two aggregate-free queries (closures with livelihoods, goals).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery

from lotse.cases.indicators import GoalFacts, case_indicators
from lotse.cases.models import Case, Closure, Goal, PhaseChange, SupportPlan
from lotse.cases.phases import Phase
from lotse.cases.planning import GoalStatus
from lotse.clients.models import Intake, ResidencePermit

from ..catalogue import TABLE_BY_KEY
from ..dimensions import UNKNOWN
from ..tables import Table, make_table
from .base import Counter, Period


def cases_of_period(team_ids: list[int], period: Period) -> QuerySet[Case]:
    """Cases with their phase on the last day; those closed before the period left out."""
    last = PhaseChange.objects.filter(case=OuterRef("pk"), changed_on__lte=period.end).order_by(
        "-changed_on", "-created_at", "-pk"
    )
    return (
        Case.objects.filter(client__team_id__in=team_ids, opened_on__lte=period.end)
        .annotate(
            phase_at_end=Subquery(last.values("to_phase")[:1]),
            phase_changed_on=Subquery(last.values("changed_on")[:1]),
        )
        # Annotations, which the type checker's model of Case does not know.
        .exclude(Q(phase_at_end=Phase.CLOSED) & Q(phase_changed_on__lt=period.start))
    )


def case_tables(team_ids: list[int], period: Period) -> list[Table]:
    cases = cases_of_period(team_ids, period)
    by_phase = cases.values("phase_at_end", "service").annotate(n=Count("pk"))  # type: ignore[misc]
    phases = Counter()
    for row in by_phase.values_list("phase_at_end", "service", "n"):
        phase, service, n = row
        phases.add((phase or Phase.ASSESSMENT, service), n)
    current_plan = SupportPlan.objects.filter(case=OuterRef("plan__case")).order_by("-number")
    goals = (
        Goal.objects.filter(plan__case__in=cases.values("pk"))
        .filter(plan__number=Subquery(current_plan.values("number")[:1]))
        .values("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return [
        make_table(TABLE_BY_KEY["cases_by_phase_service"], phases),
        make_table(TABLE_BY_KEY["goals_by_status"], {(s,): n for s, n in goals}),
        *closed_case_tables(team_ids, period),
    ]


def closed_case_tables(team_ids: list[int], period: Period) -> list[Table]:
    """Indicators reached, livelihood at intake × closure and the reasons for closing, over
    the cases closed in the period (a case closed twice in the period counts once, with its
    last closure)."""
    closures = Closure.objects.filter(
        case=OuterRef("pk"), closed_on__gte=period.start, closed_on__lte=period.end
    ).order_by("-closed_on", "-created_at", "-pk")
    # "At intake" is the latest first contact on or before the opening (DOMAIN §D16): a first
    # contact after it (a new intake after the closure, or after the period) says nothing
    # about the situation the case started from.
    intake = Intake.objects.filter(
        client_id=OuterRef("client_id"),
        service=OuterRef("service"),
        date__lte=OuterRef("opened_on"),
    ).order_by("-date", "-created_at", "-pk")
    closed = (
        Case.objects.filter(client__team_id__in=team_ids)
        .filter(Exists(closures))
        .annotate(
            at_closure=Subquery(closures.values("livelihood")[:1]),
            reason=Subquery(closures.values("reason")[:1]),
            at_intake=Subquery(intake.values("livelihood")[:1]),
            intake_id=Subquery(intake.values("pk")[:1]),
            closed_on=Subquery(closures.values("closed_on")[:1]),
        )
        .filter(at_closure__isnull=False)
    )
    livelihood: dict[int, tuple[str | None, str]] = {}
    reasons = Counter()
    intakes: dict[int, int | None] = {}
    days: dict[int, tuple[int, date, date]] = {}
    for pk, at_intake, at_closure, reason, intake_id, client_id, opened, closed_on in (
        closed.values_list(
            "pk", "at_intake", "at_closure", "reason", "intake_id", "client_id", "opened_on",
            "closed_on",
        )
    ):  # fmt: skip
        livelihood[pk] = (at_intake, at_closure)
        reasons.add((reason,), 1)
        intakes[pk] = intake_id
        days[pk] = (client_id, opened, closed_on)
    current_plan = SupportPlan.objects.filter(case=OuterRef("plan__case")).order_by("-number")
    goals: dict[int, list[GoalFacts]] = defaultdict(list)
    for case_id, status, codes in (
        Goal.objects.filter(plan__case__in=closed.values("pk"))
        .filter(plan__number=Subquery(current_plan.values("number")[:1]))
        .values_list("plan__case_id", "status", "indicators")
    ):
        goals[case_id].append(GoalFacts(GoalStatus(status), tuple(codes or ())))
    reached, crosstab = Counter(), Counter()
    for pk, (at_intake, at_closure) in livelihood.items():
        result = case_indicators(
            goals.get(pk, []), livelihood_at_intake=at_intake, livelihood_at_closure=at_closure
        )
        for code in result.reached_codes():
            reached.add((code,), 1)
        crosstab.add((at_intake or UNKNOWN, at_closure), 1)
    return [
        make_table(TABLE_BY_KEY["case_indicators"], reached, total=len(livelihood)),
        make_table(TABLE_BY_KEY["livelihood_intake_closure"], crosstab),
        *situation_at_intake(intakes),
        *permits_at_opening_and_closure(days),
        make_table(TABLE_BY_KEY["cases_closed_by_reason"], reasons),
    ]


def situation_at_intake(intakes: dict[int, int | None]) -> list[Table]:
    """Residence situation and problem areas of the closed cases as their first contact
    recorded them (``intakes``: case → the first contact "at intake", or None).

    The residence is encrypted, so the few first contacts are read and decrypted here; a case
    without a first contact before its opening counts as unknown.
    """
    ids = [i for i in intakes.values() if i is not None]
    residence = dict(Intake.objects.filter(pk__in=ids).values_list("pk", "residence"))
    areas: dict[int, set[str]] = defaultdict(set)
    through = Intake.problem_areas.through
    for intake_id, code in through.objects.filter(intake_id__in=ids).values_list(
        "intake_id", "topic__code"
    ):
        areas[intake_id].add(code)
    by_residence, by_area = Counter(), Counter()
    for at_intake in intakes.values():
        by_residence.add(((residence.get(at_intake) if at_intake else None) or UNKNOWN,), 1)
        for code in areas.get(at_intake, set()) if at_intake else set():
            by_area.add((code,), 1)
    return [
        make_table(TABLE_BY_KEY["cases_closed_by_residence_intake"], by_residence),
        make_table(
            TABLE_BY_KEY["cases_closed_by_problem_area_intake"], by_area, total=len(intakes)
        ),
    ]


def permits_at_opening_and_closure(days: dict[int, tuple[int, date, date]]) -> list[Table]:
    """Closed cases by the client's residence title on the opening and on the closing day
    (``days``: case → client, opened on, closed on).

    The title of a day is the latest recorded permit valid from that day or earlier (by
    ``valid_from``, then when it was recorded), as the client file calls the current one. The
    kind is encrypted: the permits of these clients are read once and decided here.
    """
    clients = {client for client, _, _ in days.values()}
    permits: dict[int, list[tuple[date, datetime, int, str]]] = defaultdict(list)
    for client_id, kind, valid_from, recorded_at, pk in ResidencePermit.objects.filter(
        client_id__in=clients
    ).values_list("client_id", "kind", "valid_from", "recorded_at", "pk"):
        permits[client_id].append((valid_from, recorded_at, pk, kind))

    def kind_on(client_id: int, day: date) -> str:
        known = [p for p in permits.get(client_id, []) if p[0] <= day]
        return (max(known)[3] if known else "") or UNKNOWN

    at_opening, at_closure = Counter(), Counter()
    for client_id, opened, closed_on in days.values():
        at_opening.add((kind_on(client_id, opened),), 1)
        at_closure.add((kind_on(client_id, closed_on),), 1)
    return [
        make_table(TABLE_BY_KEY["cases_closed_by_permit_intake"], at_opening),
        make_table(TABLE_BY_KEY["cases_closed_by_permit_closure"], at_closure),
    ]
