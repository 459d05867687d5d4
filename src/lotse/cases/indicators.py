"""§D12 case-work indicators (MBE concept, annex): catalogue and computation.

Pure and typed. Goals name the indicators they feed; a few indicators are *derived* from the
case as a whole (plan implemented, agreed goals reached, fewer problem areas, livelihood) and
cannot be chosen per goal. Nothing here is typed twice: everything is computed from the goals'
statuses and the livelihood recorded at intake and closure.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from types import MappingProxyType

from django.utils.translation import get_language

from .planning import UNRESOLVED_STATUSES, GoalStatus


@dataclass(frozen=True)
class Indicator:
    code: str
    label_de: str
    label_en: str
    derived: bool = False

    @property
    def label(self) -> str:
        return self.label_en if (get_language() or "de").startswith("en") else self.label_de


INDICATORS: tuple[Indicator, ...] = (
    Indicator("residence_secured", "Sicherung und Verfestigung des Aufenthaltsstatus",
              "Residence status secured and consolidated"),
    Indicator("independent_life_management",
              "Stärkung der Fähigkeit zur Lebensgestaltung im neuen Umfeld",
              "Independent life management in the new environment"),
    Indicator("plan_implemented", "Umsetzung des gemeinsam erarbeiteten Förderplans",
              "Support plan implemented", derived=True),
    Indicator("agreed_goals_reached", "Erreichung der vereinbarten Ziele",
              "Agreed goals reached", derived=True),
    Indicator("fewer_problem_areas", "Abnahme individueller Problemfelder",
              "Fewer individual problem areas", derived=True),
    Indicator("more_own_livelihood",
              "Zunahme der Fähigkeit, Beiträge zur eigenen Existenzsicherung zu leisten",
              "More of the livelihood secured by the client", derived=True),
    Indicator("crises_mastered", "Erfolgreiche Meisterung von Krisensituationen",
              "Crises mastered"),
    Indicator("livelihood_work_or_benefits",
              "Sicherung des Lebensunterhaltes durch Erwerbstätigkeit oder Transferleistungen",
              "Livelihood secured by work or benefits", derived=True),
    Indicator("labour_market_integration", "Hinführung zur Eingliederung in den Arbeitsmarkt",
              "Towards labour-market integration"),
    Indicator("job_agency_independent", "Selbständige Inanspruchnahme der Arbeitsvermittlung",
              "Independent use of the job agency"),
    Indicator("employability_measure", "Aufnahme in eine berufsfördernde Maßnahme",
              "Measure for employability"),
    Indicator("independent_applications", "Selbständige Bewerbung auf dem Arbeitsmarkt",
              "Independent job applications"),
    Indicator("employment_contract", "Abschluss eines Arbeitsvertrages",
              "Employment contract signed"),
    Indicator("subsidised_employment", "Vermittlung in öffentlich geförderte Beschäftigung",
              "Subsidised employment"),
    Indicator("vocational_degree", "Hinführung zur Erreichung eines beruflichen Abschlusses",
              "Towards a vocational degree"),
    Indicator("careers_counselling", "Vermittlung zur Berufsberatung", "Careers counselling"),
    Indicator("training_or_job", "Vermittlung in Ausbildung oder Beruf", "Training or job"),
    Indicator("integration_course", "Teilnahme an Integrationskursen nach Aufenthaltsgesetz",
              "Integration course"),
    Indicator("other_language_course", "Teilnahme an anders finanzierten Sprachkursen",
              "Other language course"),
    Indicator("qualification_recognition",
              "Anerkennung im Ausland erworbener Qualifikationen",
              "Recognition of foreign qualifications"),
    Indicator("course_completed", "Kursteilnahme mit Kursabschluss", "Course completed"),
    Indicator("attendance_improved",
              "Senkung der Abbrecherquote und Verbesserung der Teilnahmedisziplin",
              "Lower drop-out rate and better attendance"),
)  # fmt: skip
INDICATOR_BY_CODE: Mapping[str, Indicator] = MappingProxyType({i.code: i for i in INDICATORS})
GOAL_INDICATORS: tuple[Indicator, ...] = tuple(i for i in INDICATORS if not i.derived)


def goal_indicator_choices() -> list[tuple[str, str]]:
    return [(i.code, i.label) for i in GOAL_INDICATORS]


def unknown_codes(codes: Iterable[str]) -> list[str]:
    """Codes a goal may not feed: unknown ones and the derived ones."""
    allowed = {i.code for i in GOAL_INDICATORS}
    return sorted(set(codes) - allowed)


# Livelihood values as recorded at intake and closure (lotse.clients.models.Livelihood).
OWN_LIVELIHOOD = frozenset({"employment", "training", "own_means"})
BENEFITS = frozenset({"sgb_ii", "other_benefits"})
LIVELIHOOD_RANK: Mapping[str, int] = MappingProxyType(
    {**dict.fromkeys(BENEFITS, 1), **dict.fromkeys(OWN_LIVELIHOOD, 2)}
)


@dataclass(frozen=True)
class GoalFacts:
    status: GoalStatus
    indicators: tuple[str, ...] = ()


@dataclass(frozen=True)
class IndicatorOutcome:
    code: str
    goals: int  # agreed goals feeding it
    achieved: int
    partly: int

    @property
    def reached(self) -> bool:
        return self.achieved > 0

    @property
    def partly_reached(self) -> bool:
        return not self.reached and self.partly > 0


@dataclass(frozen=True)
class CaseIndicators:
    goals_agreed: int
    achieved: int
    partly: int
    not_achieved: int
    unresolved: int
    dropped: int
    achievement_rate: Fraction | None
    plan_implemented: bool
    agreed_goals_reached: bool
    fewer_problem_areas: bool
    more_own_livelihood: bool | None
    livelihood_work_or_benefits: bool | None
    outcomes: Mapping[str, IndicatorOutcome] = field(default_factory=dict)

    @property
    def achievement_percent(self) -> int | None:
        if self.achievement_rate is None:
            return None
        return round(self.achievement_rate * 100)

    def reached_codes(self) -> list[str]:
        """Every indicator reached, derived ones included, in catalogue order."""
        derived = {
            "plan_implemented": self.plan_implemented,
            "agreed_goals_reached": self.agreed_goals_reached,
            "fewer_problem_areas": self.fewer_problem_areas,
            "more_own_livelihood": bool(self.more_own_livelihood),
            "livelihood_work_or_benefits": bool(self.livelihood_work_or_benefits),
        }
        return [
            i.code
            for i in INDICATORS
            if derived.get(i.code, False)
            or (i.code in self.outcomes and self.outcomes[i.code].reached)
        ]


def livelihood_improved(at_intake: str | None, at_closure: str | None) -> bool | None:
    """True when the client lives more on their own means at closure than at intake.

    Benefits (SGB II, others) rank below own means (employment, training, own or family
    means). ``None`` when either end is unknown or not recorded yet.
    """
    if at_intake is None or at_closure is None:
        return None
    if at_intake not in LIVELIHOOD_RANK or at_closure not in LIVELIHOOD_RANK:
        return None
    return LIVELIHOOD_RANK[at_closure] > LIVELIHOOD_RANK[at_intake]


def livelihood_secured(at_closure: str | None) -> bool | None:
    """Livelihood secured by work (also of relatives) or by benefits; None if not known."""
    if at_closure not in LIVELIHOOD_RANK:
        return None
    return True


def case_indicators(
    goals: Sequence[GoalFacts],
    *,
    livelihood_at_intake: str | None = None,
    livelihood_at_closure: str | None = None,
) -> CaseIndicators:
    """Compute the case-work indicators from the goals of the current plan version.

    - *agreed goals*: every goal except the dropped ones;
    - *achievement rate*: (achieved + ½ × partly achieved) / agreed goals;
    - *plan implemented*: at least one agreed goal and none still open or in progress;
    - *agreed goals reached*: at least one agreed goal and all of them achieved;
    - *fewer problem areas*: at least one goal achieved (each goal addresses a problem area);
    - *more own livelihood*: livelihood at closure ranks above the one at intake;
    - per fed indicator: reached when one of its agreed goals is achieved, partly reached
      when none is achieved but one is partly achieved.
    """
    agreed = [g for g in goals if g.status != GoalStatus.DROPPED]
    achieved = sum(g.status == GoalStatus.ACHIEVED for g in agreed)
    partly = sum(g.status == GoalStatus.PARTLY_ACHIEVED for g in agreed)
    not_achieved = sum(g.status == GoalStatus.NOT_ACHIEVED for g in agreed)
    unresolved = sum(g.status in UNRESOLVED_STATUSES for g in agreed)
    rate = Fraction(2 * achieved + partly, 2 * len(agreed)) if agreed else None
    counts: dict[str, list[int]] = {}
    for goal in agreed:
        for code in dict.fromkeys(goal.indicators):
            entry = counts.setdefault(code, [0, 0, 0])
            entry[0] += 1
            entry[1] += goal.status == GoalStatus.ACHIEVED
            entry[2] += goal.status == GoalStatus.PARTLY_ACHIEVED
    outcomes = {
        code: IndicatorOutcome(code, *counts[code])
        for code in (i.code for i in INDICATORS)
        if code in counts
    }
    return CaseIndicators(
        goals_agreed=len(agreed),
        achieved=achieved,
        partly=partly,
        not_achieved=not_achieved,
        unresolved=unresolved,
        dropped=len(goals) - len(agreed),
        achievement_rate=rate,
        plan_implemented=bool(agreed) and unresolved == 0,
        agreed_goals_reached=bool(agreed) and achieved == len(agreed),
        fewer_problem_areas=achieved > 0,
        more_own_livelihood=livelihood_improved(livelihood_at_intake, livelihood_at_closure),
        livelihood_work_or_benefits=livelihood_secured(livelihood_at_closure),
        outcomes=MappingProxyType(outcomes),
    )
