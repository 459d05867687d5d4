"""§D12 coverage and indicators: pure functions, checked against hand-worked tables."""

from __future__ import annotations

from datetime import date

import pytest

from lotse.network.choices import (
    AS_NEEDED_CATEGORIES,
    MANDATORY_CATEGORIES,
    ActivityKind,
    AgreementTopic,
    PartnerCategory,
    PartnerTier,
    ReferralDirection,
    ReferralOutcome,
    default_tier,
)
from lotse.network.indicators import (
    ActivityFact,
    AgreementFact,
    CoverageStatus,
    PartnerFact,
    Period,
    ReferralFact,
    coverage,
    network_indicators,
    opening_indicators,
)

ON = date(2026, 6, 30)
YEAR = Period.year(2026)
C = PartnerCategory


def agreement(partner: str, start: date = date(2026, 1, 1), end: date | None = None, *topics):
    return AgreementFact(partner, start, end, frozenset(topics))


@pytest.mark.parametrize(
    ("partners", "agreements", "expected"),
    [
        # no partner at all: everything missing
        ([], [], {}),
        # a course provider with a current agreement covers its category
        ([PartnerFact("p", C.COURSE_PROVIDER)], [agreement("p")], {C.COURSE_PROVIDER: "covered"}),
        # a partner without agreement is not coverage
        ([PartnerFact("p", C.JOBCENTER)], [], {C.JOBCENTER: "no_agreement"}),
        # an expired agreement does not count …
        (
            [PartnerFact("p", C.JOBCENTER)],
            [agreement("p", date(2024, 1, 1), date(2025, 12, 31))],
            {C.JOBCENTER: "no_agreement"},
        ),
        # … nor one that starts later …
        (
            [PartnerFact("p", C.JOBCENTER)],
            [agreement("p", date(2026, 7, 1))],
            {C.JOBCENTER: "no_agreement"},
        ),
        # … but one ending on the reference day does
        (
            [PartnerFact("p", C.JOBCENTER)],
            [agreement("p", date(2025, 1, 1), ON)],
            {C.JOBCENTER: "covered"},
        ),
        # an inactive partner counts for nothing, even with an agreement
        ([PartnerFact("p", C.CHILDCARE, active=False)], [agreement("p")], {}),
        # one of two providers with agreement is enough
        (
            [PartnerFact("a", C.COURSE_PROVIDER), PartnerFact("b", C.COURSE_PROVIDER)],
            [agreement("b")],
            {C.COURSE_PROVIDER: "covered"},
        ),
        # an agreement with a partner of another category covers nothing else
        (
            [PartnerFact("p", C.SCHOOL), PartnerFact("q", C.JOBCENTER)],
            [agreement("p")],
            {C.JOBCENTER: "no_agreement"},
        ),
    ],
)
def test_coverage_of_mandatory_categories(partners, agreements, expected) -> None:
    result = coverage(partners, agreements, on=ON)
    assert [row.category for row in result.rows] == list(MANDATORY_CATEGORIES)
    states = {row.category: str(row.status) for row in result.rows}
    assert states == {
        category: expected.get(category, "missing") for category in MANDATORY_CATEGORIES
    }


def test_full_coverage_and_share() -> None:
    partners = [PartnerFact(category, category) for category in MANDATORY_CATEGORIES]
    agreements = [agreement(category) for category in MANDATORY_CATEGORIES[:6]]
    result = coverage(partners, agreements, on=ON)
    assert result.share == 6 / 8
    assert not result.complete
    assert result.without_agreement == list(MANDATORY_CATEGORIES[6:])
    assert result.missing == []
    agreements += [agreement(category) for category in MANDATORY_CATEGORIES[6:]]
    assert coverage(partners, agreements, on=ON).complete


def test_coverage_counts_partners_per_category() -> None:
    partners = [
        PartnerFact(1, C.JOBCENTER),
        PartnerFact(2, C.JOBCENTER),
        PartnerFact(3, C.JOBCENTER),
    ]
    row = coverage(partners, [agreement(2)], on=ON).rows[MANDATORY_CATEGORIES.index(C.JOBCENTER)]
    assert (row.status, row.active_partners, row.partners_with_agreement) == (
        CoverageStatus.COVERED,
        3,
        1,
    )


@pytest.mark.parametrize(
    ("category", "tier"),
    [
        (C.COURSE_PROVIDER, PartnerTier.MANDATORY),
        (C.CHILDCARE, PartnerTier.MANDATORY),
        (C.JMD, PartnerTier.AS_NEEDED),
        (C.CHAMBER, PartnerTier.AS_NEEDED),
        (C.INTERNAL_SERVICE, PartnerTier.INTERNAL),
        (C.MIGRANT_ORGANISATION, PartnerTier.OTHER),
    ],
)
def test_default_tier_follows_the_concept(category: str, tier: str) -> None:
    assert default_tier(category) == tier


def test_network_indicators_hand_worked() -> None:
    partners = [
        PartnerFact("job", C.JOBCENTER),
        PartnerFact("abh", C.FOREIGNERS_AUTHORITY),
        PartnerFact("old", C.MBE_OTHER_PROVIDER, active=False),
        PartnerFact("jmd", C.JMD),
        PartnerFact("school", C.SCHOOL),
    ]
    agreements = [
        agreement("job", date(2025, 3, 1), None, AgreementTopic.RESPONSIBILITIES),
        agreement(
            "abh",
            date(2025, 3, 1),
            None,
            AgreementTopic.RESPONSIBILITIES,
            AgreementTopic.RESOURCE_POOLING,
        ),
        # expired before the end of the year: counts for nothing
        agreement("school", date(2025, 1, 1), date(2026, 6, 30), AgreementTopic.RESOURCE_POOLING),
        # inactive partner: not counted
        agreement("old", date(2025, 1, 1), None, AgreementTopic.RESPONSIBILITIES),
    ]
    activities = [
        ActivityFact(ActivityKind.WORKING_GROUP, date(2026, 3, 1)),
        ActivityFact(ActivityKind.WORKING_GROUP, date(2025, 12, 31)),  # last year
        ActivityFact(ActivityKind.JOINT_ACTION, date(2026, 3, 1)),
    ]
    result = network_indicators(
        partners=partners, agreements=agreements, activities=activities, period=YEAR
    )
    assert result.coverage.covered == [C.FOREIGNERS_AUTHORITY, C.JOBCENTER]
    assert result.responsibilities_agreed == 2
    assert result.resources_pooled == 1
    assert (result.as_needed_covered, result.as_needed_total) == (2, len(AS_NEEDED_CATEGORIES))
    assert result.working_groups == 1
    assert not result.adequate_offer


def test_opening_indicators_hand_worked() -> None:
    partners = [
        PartnerFact(1, C.JOBCENTER, opening_in_mission_statement=True),
        PartnerFact(2, C.SCHOOL, opening_in_mission_statement=True, active=False),
        PartnerFact(3, C.CHAMBER),
    ]
    agreements = [
        agreement(1, date(2025, 1, 1), None, AgreementTopic.INTERCULTURAL_OPENING),
        agreement(3, date(2025, 1, 1), date(2026, 5, 1), AgreementTopic.INTERCULTURAL_OPENING),
    ]
    out, inc = ReferralDirection.OUTGOING, ReferralDirection.INCOMING
    referrals = [
        ReferralFact(out, ReferralOutcome.ACCEPTED, date(2026, 2, 1)),
        ReferralFact(out, ReferralOutcome.COMPLETED, date(2026, 3, 1)),
        ReferralFact(out, ReferralOutcome.NO_SHOW, date(2026, 4, 1)),
        ReferralFact(out, ReferralOutcome.DECLINED, date(2026, 4, 2)),
        ReferralFact(out, ReferralOutcome.PENDING, date(2026, 5, 1)),
        ReferralFact(out, ReferralOutcome.COMPLETED, date(2025, 5, 1)),  # last year
        ReferralFact(inc, ReferralOutcome.COMPLETED, date(2026, 5, 1)),  # incoming: not ours
    ]
    activities = [
        ActivityFact(ActivityKind.INFORMATION_EVENT, date(2026, 1, 10), 30),
        ActivityFact(ActivityKind.TRAINING, date(2026, 2, 10), 12, 10),
        ActivityFact(ActivityKind.TRAINING, date(2025, 2, 10), 12, 7),  # last year
        ActivityFact(ActivityKind.JOINT_ACTION, date(2026, 9, 1), 200, 4),
        ActivityFact(ActivityKind.COMMUNITY_WORK, date(2026, 9, 2), 15),
    ]
    result = opening_indicators(
        partners=partners,
        agreements=agreements,
        referrals=referrals,
        activities=activities,
        period=YEAR,
    )
    assert result.referrals_out == 5
    assert result.referrals_arrived == 2
    assert result.referrals_with_outcome == 4
    assert result.smooth_handover_share == 0.5
    assert result.partners_opening_in_mission == 1
    assert result.partner_staff_trained == 10
    assert result.information_and_training_events == 2
    assert result.joint_actions == 1
    assert result.agreements_on_opening == 1


def test_smooth_handovers_without_outcomes_is_unknown_not_zero() -> None:
    result = opening_indicators(
        partners=[],
        agreements=[],
        referrals=[
            ReferralFact(ReferralDirection.OUTGOING, ReferralOutcome.PENDING, date(2026, 1, 1))
        ],
        activities=[],
        period=YEAR,
    )
    assert result.smooth_handover_share is None


def test_period_bounds_are_inclusive() -> None:
    assert date(2026, 1, 1) in YEAR and date(2026, 12, 31) in YEAR
    assert date(2025, 12, 31) not in YEAR and "2026-05-01" not in YEAR
