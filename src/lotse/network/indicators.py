"""§D12 network and intercultural-opening indicators, computed from the records, never typed.

Pure functions over small fact records (no database): the selectors turn partners,
agreements, referrals and activities into facts, these functions count.

Definitions (what each indicator counts):
- *cooperation with all relevant actors* — a mandatory category (§D7) is **covered** when at
  least one active partner of that category has a cooperation agreement that is current on the
  reference date; it has a **partner without agreement** when active partners exist but none
  with a current agreement; otherwise it is **missing**. The indicator is the share covered.
- *responsibilities agreed* / *resources pooled* — partners with a current agreement that
  settles responsibilities / pools resources.
- *an adequate counselling offer exists* — the mandatory categories are all covered, and the
  share of as-needed categories (§D7) with at least one active partner.
- *more migrants using other services* — outgoing referrals of the period that the partner
  accepted or completed; *smooth handovers* — their share among outgoing referrals of the
  period with a known outcome.
- *opening anchored in mission statements* — active partners flagged so.
- *more partner staff with language and intercultural skills* — staff of other institutions
  in trainings of the period.
- *number of information and training events*, *number of joint actions* — activities of the
  period by kind.
- *fewer cases that others specialise in* — outgoing referrals of the period: cases passed to
  the service that specialises in them.
- *cooperation agreements on opening* — current agreements with the intercultural-opening topic.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from .choices import (
    ARRIVED_OUTCOMES,
    AS_NEEDED_CATEGORIES,
    FINAL_OUTCOMES,
    MANDATORY_CATEGORIES,
    ActivityKind,
    AgreementTopic,
    ReferralDirection,
)


@dataclass(frozen=True)
class PartnerFact:
    key: Hashable
    category: str
    active: bool = True
    opening_in_mission_statement: bool = False


@dataclass(frozen=True)
class AgreementFact:
    partner: Hashable
    valid_from: date
    valid_until: date | None = None
    topics: frozenset[str] = frozenset()

    def is_current(self, on: date) -> bool:
        return self.valid_from <= on and (self.valid_until is None or self.valid_until >= on)


@dataclass(frozen=True)
class ReferralFact:
    direction: str
    outcome: str
    referred_on: date


@dataclass(frozen=True)
class ActivityFact:
    kind: str
    held_on: date
    participants: int = 0
    partner_staff: int = 0


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31))


class CoverageStatus(StrEnum):
    COVERED = "covered"
    NO_AGREEMENT = "no_agreement"
    MISSING = "missing"


@dataclass(frozen=True)
class CategoryCoverage:
    category: str
    status: CoverageStatus
    active_partners: int
    partners_with_agreement: int


@dataclass(frozen=True)
class Coverage:
    rows: tuple[CategoryCoverage, ...]

    def _with(self, status: CoverageStatus) -> list[str]:
        return [row.category for row in self.rows if row.status == status]

    @property
    def covered(self) -> list[str]:
        return self._with(CoverageStatus.COVERED)

    @property
    def without_agreement(self) -> list[str]:
        return self._with(CoverageStatus.NO_AGREEMENT)

    @property
    def missing(self) -> list[str]:
        return self._with(CoverageStatus.MISSING)

    @property
    def complete(self) -> bool:
        return len(self.covered) == len(self.rows)

    @property
    def share(self) -> float:
        return len(self.covered) / len(self.rows) if self.rows else 1.0


def _partners_with_current_agreement(
    agreements: Iterable[AgreementFact], on: date, topic: str | None = None
) -> set[Hashable]:
    return {
        a.partner for a in agreements if a.is_current(on) and (topic is None or topic in a.topics)
    }


def coverage(
    partners: Iterable[PartnerFact],
    agreements: Iterable[AgreementFact],
    *,
    on: date,
    categories: Iterable[str] = MANDATORY_CATEGORIES,
) -> Coverage:
    """Which of ``categories`` are covered on ``on`` — the network indicator
    "cooperation with all relevant actors"."""
    with_agreement = _partners_with_current_agreement(agreements, on)
    active = [p for p in partners if p.active]
    rows = []
    for category in categories:
        in_category = [p for p in active if p.category == category]
        agreed = [p for p in in_category if p.key in with_agreement]
        if agreed:
            status = CoverageStatus.COVERED
        elif in_category:
            status = CoverageStatus.NO_AGREEMENT
        else:
            status = CoverageStatus.MISSING
        rows.append(CategoryCoverage(category, status, len(in_category), len(agreed)))
    return Coverage(tuple(rows))


@dataclass(frozen=True)
class NetworkIndicators:
    coverage: Coverage
    responsibilities_agreed: int
    resources_pooled: int
    as_needed_covered: int
    as_needed_total: int
    working_groups: int

    @property
    def adequate_offer(self) -> bool:
        return self.coverage.complete and self.as_needed_covered == self.as_needed_total


def network_indicators(
    *,
    partners: Iterable[PartnerFact],
    agreements: Iterable[AgreementFact],
    activities: Iterable[ActivityFact],
    period: Period,
) -> NetworkIndicators:
    """The §D12 network indicators, agreements judged on the last day of ``period``."""
    partners = list(partners)
    agreements = list(agreements)
    active_keys = {p.key for p in partners if p.active}
    on = period.end
    as_needed = coverage(partners, [], on=on, categories=AS_NEEDED_CATEGORIES)
    return NetworkIndicators(
        coverage=coverage(partners, agreements, on=on),
        responsibilities_agreed=len(
            _partners_with_current_agreement(agreements, on, AgreementTopic.RESPONSIBILITIES)
            & active_keys
        ),
        resources_pooled=len(
            _partners_with_current_agreement(agreements, on, AgreementTopic.RESOURCE_POOLING)
            & active_keys
        ),
        as_needed_covered=sum(1 for row in as_needed.rows if row.active_partners),
        as_needed_total=len(as_needed.rows),
        working_groups=sum(
            1 for a in activities if a.kind == ActivityKind.WORKING_GROUP and a.held_on in period
        ),
    )


@dataclass(frozen=True)
class OpeningIndicators:
    referrals_arrived: int
    referrals_with_outcome: int
    partners_opening_in_mission: int
    partner_staff_trained: int
    information_and_training_events: int
    joint_actions: int
    referrals_out: int
    agreements_on_opening: int

    @property
    def smooth_handover_share(self) -> float | None:
        if not self.referrals_with_outcome:
            return None
        return self.referrals_arrived / self.referrals_with_outcome


def opening_indicators(
    *,
    partners: Iterable[PartnerFact],
    agreements: Iterable[AgreementFact],
    referrals: Iterable[ReferralFact],
    activities: Iterable[ActivityFact],
    period: Period,
) -> OpeningIndicators:
    """The §D12 intercultural-opening indicators for ``period``."""
    outgoing = [
        r
        for r in referrals
        if r.direction == ReferralDirection.OUTGOING and r.referred_on in period
    ]
    in_period = [a for a in activities if a.held_on in period]
    events = {ActivityKind.INFORMATION_EVENT, ActivityKind.TRAINING}
    return OpeningIndicators(
        referrals_arrived=sum(1 for r in outgoing if r.outcome in ARRIVED_OUTCOMES),
        referrals_with_outcome=sum(1 for r in outgoing if r.outcome in FINAL_OUTCOMES),
        partners_opening_in_mission=sum(
            1 for p in partners if p.active and p.opening_in_mission_statement
        ),
        partner_staff_trained=sum(
            a.partner_staff for a in in_period if a.kind == ActivityKind.TRAINING
        ),
        information_and_training_events=sum(1 for a in in_period if a.kind in events),
        joint_actions=sum(1 for a in in_period if a.kind == ActivityKind.JOINT_ACTION),
        referrals_out=len(outgoing),
        agreements_on_opening=sum(
            1
            for a in agreements
            if a.is_current(period.end) and AgreementTopic.INTERCULTURAL_OPENING in a.topics
        ),
    )
