"""The two state machines: only legal transitions, in the pure rules and in the services."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from lotse.common.errors import ConflictError, DomainError
from lotse.volunteers import services
from lotse.volunteers.states import (
    PARTNERSHIP_TRANSITIONS,
    VOLUNTEER_TRANSITIONS,
    IllegalTransition,
    PartnershipStatus,
    VolunteerStatus,
    is_allowed,
    require_transition,
)
from volunteers.samples import make_partner, make_partnership, make_volunteer

P, V = PartnershipStatus, VolunteerStatus

PARTNERSHIP_LEGAL = {
    (P.PROPOSED, P.ACTIVE),
    (P.PROPOSED, P.ENDED),
    (P.ACTIVE, P.PAUSED),
    (P.ACTIVE, P.ENDED),
    (P.PAUSED, P.ACTIVE),
    (P.PAUSED, P.ENDED),
}
VOLUNTEER_LEGAL = {
    (V.APPLICANT, V.IN_TRAINING),
    (V.APPLICANT, V.LEFT),
    (V.IN_TRAINING, V.ACTIVE),
    (V.IN_TRAINING, V.PAUSED),
    (V.IN_TRAINING, V.LEFT),
    (V.ACTIVE, V.PAUSED),
    (V.ACTIVE, V.LEFT),
    (V.PAUSED, V.ACTIVE),
    (V.PAUSED, V.IN_TRAINING),
    (V.PAUSED, V.LEFT),
}


@pytest.mark.parametrize("source", P.values)
@pytest.mark.parametrize("target", P.values)
def test_partnership_transitions_are_exactly_the_legal_ones(source: str, target: str) -> None:
    assert is_allowed(PARTNERSHIP_TRANSITIONS, source, target) == (
        (source, target) in PARTNERSHIP_LEGAL
    )


@pytest.mark.parametrize("source", V.values)
@pytest.mark.parametrize("target", V.values)
def test_volunteer_transitions_are_exactly_the_legal_ones(source: str, target: str) -> None:
    assert is_allowed(VOLUNTEER_TRANSITIONS, source, target) == (
        (source, target) in VOLUNTEER_LEGAL
    )


def test_an_illegal_transition_raises_a_translatable_domain_error() -> None:
    with pytest.raises(IllegalTransition) as raised:
        require_transition(PARTNERSHIP_TRANSITIONS, P.ENDED, P.ACTIVE)
    assert isinstance(raised.value, DomainError)


@given(st.lists(st.sampled_from(P.values), max_size=30))
def test_any_walk_through_the_partnership_machine_stays_legal_and_ended_is_final(
    attempts: list[str],
) -> None:
    state, seen_end = P.PROPOSED.value, False
    for target in attempts:
        if is_allowed(PARTNERSHIP_TRANSITIONS, state, target):
            assert not seen_end
            state = target
        seen_end = seen_end or state == P.ENDED
        assert state in P.values
    assert (state == P.ENDED) == seen_end


@given(st.lists(st.sampled_from(V.values), max_size=30))
def test_a_volunteer_who_left_never_comes_back(attempts: list[str]) -> None:
    state, left = V.APPLICANT.value, False
    for target in attempts:
        if is_allowed(VOLUNTEER_TRANSITIONS, state, target):
            state = target
        left = left or state == V.LEFT
        assert not left or state == V.LEFT


# --- the services keep to the machines ----------------------------------------------------


@pytest.mark.django_db
def test_partnership_lives_through_proposed_active_paused_ended(org) -> None:
    partnership = make_partnership(org, make_volunteer(org), make_partner(org), status=P.PROPOSED)
    today = timezone.localdate()
    for target, field in ((P.ACTIVE, "started_on"), (P.PAUSED, "paused_on"), (P.ACTIVE, None)):
        partnership = services.partnership_transition(
            partnership=partnership, target=target, expected_version=partnership.version
        )
        assert partnership.status == target
        if field:
            assert getattr(partnership, field) == today
    assert partnership.paused_on is None
    with pytest.raises(DomainError, match="reason"):
        services.partnership_transition(
            partnership=partnership, target=P.ENDED, expected_version=partnership.version
        )
    ended = services.partnership_transition(
        partnership=partnership,
        target=P.ENDED,
        expected_version=partnership.version,
        reason="goal_reached",
        note="Findet sich gut allein zurecht.",
    )
    assert (ended.status, ended.ended_on, ended.end_reason) == (P.ENDED, today, "goal_reached")
    with pytest.raises(IllegalTransition):
        services.partnership_transition(
            partnership=ended, target=P.ACTIVE, expected_version=ended.version
        )


@pytest.mark.django_db
def test_a_stale_status_form_is_a_conflict(org) -> None:
    partnership = make_partnership(org, make_volunteer(org), make_partner(org))
    stale = partnership.version - 1
    with pytest.raises(ConflictError):
        services.partnership_transition(
            partnership=partnership, target=P.PAUSED, expected_version=stale
        )


@pytest.mark.django_db
def test_status_dates_cannot_lie(org) -> None:
    partnership = make_partnership(org, make_volunteer(org), make_partner(org))
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(DomainError, match="future"):
        services.partnership_transition(
            partnership=partnership,
            target=P.PAUSED,
            expected_version=partnership.version,
            on=tomorrow,
        )
    with pytest.raises(DomainError, match="before"):
        services.partnership_transition(
            partnership=partnership,
            target=P.PAUSED,
            expected_version=partnership.version,
            on=partnership.proposed_on - timedelta(days=1),
        )


@pytest.mark.django_db
def test_volunteer_becomes_active_only_after_the_training_and_with_consent(org) -> None:
    volunteer = make_volunteer(org, active=False)
    volunteer = services.volunteer_change_status(
        volunteer=volunteer, target=V.IN_TRAINING, expected_version=volunteer.version
    )
    with pytest.raises(DomainError, match="40-hour"):
        services.volunteer_change_status(
            volunteer=volunteer, target=V.ACTIVE, expected_version=volunteer.version
        )
    with pytest.raises(IllegalTransition):
        services.volunteer_change_status(
            volunteer=volunteer, target=V.APPLICANT, expected_version=volunteer.version
        )


@pytest.mark.django_db
def test_leaving_needs_a_reason_and_no_open_partnership(org) -> None:
    volunteer = make_volunteer(org)
    partnership = make_partnership(org, volunteer, make_partner(org))
    volunteer.refresh_from_db()
    with pytest.raises(DomainError, match="reason"):
        services.volunteer_change_status(
            volunteer=volunteer, target=V.LEFT, expected_version=volunteer.version
        )
    with pytest.raises(DomainError, match="open partnerships"):
        services.volunteer_change_status(
            volunteer=volunteer, target=V.LEFT, expected_version=volunteer.version, reason="moved"
        )
    services.partnership_transition(
        partnership=partnership,
        target=P.ENDED,
        expected_version=partnership.version,
        reason="volunteer_stopped",
    )
    left = services.volunteer_change_status(
        volunteer=volunteer, target=V.LEFT, expected_version=volunteer.version, reason="moved"
    )
    assert (left.status, left.left_on, left.left_reason) == (V.LEFT, timezone.localdate(), "moved")
