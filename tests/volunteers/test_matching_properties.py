"""Properties of the matching score (hypothesis): monotone in every criterion, always in range."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from lotse.volunteers.choices import SLOT_LABELS, Interest
from lotse.volunteers.matching import (
    MAX_SCORE,
    Level,
    TandemPartnerProfile,
    VolunteerProfile,
    rank,
    rank_key,
    score,
)

LANGS = ["de", "ar", "fa", "tr", "uk", "ru", "fr", "en"]
DISTRICTS = ["Altstadt", "Nordstadt", "Südviertel", "Weststadt"]
SLOTS = sorted(SLOT_LABELS)
INTERESTS = sorted(Interest.values)
GENDERS = ["female", "male", "diverse", "not_stated"]
WISHES = ["", "female", "male"]

levels = st.sampled_from(list(Level))
language_maps = st.dictionaries(st.sampled_from(LANGS), levels, max_size=4)


@st.composite
def volunteers(draw: st.DrawFn, id: int = 1) -> VolunteerProfile:
    return VolunteerProfile(
        id=id,
        languages=draw(language_maps),
        districts=frozenset(draw(st.sets(st.sampled_from(DISTRICTS)))),
        slots=frozenset(draw(st.sets(st.sampled_from(SLOTS)))),
        interests=frozenset(draw(st.sets(st.sampled_from(INTERESTS)))),
        gender=draw(st.sampled_from(GENDERS)),
        partner_gender=draw(st.sampled_from(WISHES)),
        bilingual_contact=draw(st.booleans()),
        free_places=draw(st.integers(min_value=0, max_value=3)),
    )


@st.composite
def partners(draw: st.DrawFn) -> TandemPartnerProfile:
    return TandemPartnerProfile(
        languages=draw(language_maps),
        district=draw(st.sampled_from(["", *DISTRICTS])),
        slots=frozenset(draw(st.sets(st.sampled_from(SLOTS)))),
        interests=frozenset(draw(st.sets(st.sampled_from(INTERESTS)))),
        gender=draw(st.sampled_from(GENDERS)),
        volunteer_gender=draw(st.sampled_from(WISHES)),
        wants_bilingual_contact=draw(st.booleans()),
    )


def _replace(volunteer: VolunteerProfile, **changes: object) -> VolunteerProfile:
    values = {name: getattr(volunteer, name) for name in VolunteerProfile.__slots__}
    values.update(changes)
    return VolunteerProfile(**values)  # type: ignore[arg-type]


@given(volunteers(), partners())
def test_score_is_always_between_0_and_100_and_explained(
    volunteer: VolunteerProfile, partner: TandemPartnerProfile
) -> None:
    match = score(volunteer, partner)
    assert 0 <= match.score <= MAX_SCORE
    assert {c.key for c in match.components} == {
        "language",
        "district",
        "availability",
        "interests",
        "preferences",
    }
    assert all(0 <= c.points <= c.max_points for c in match.components)
    assert sum(c.max_points for c in match.components) == MAX_SCORE
    assert match.conflict == any(c.conflict for c in match.components)


@given(volunteers(), partners(), st.sampled_from(LANGS), levels)
def test_a_better_language_match_never_scores_lower(
    volunteer: VolunteerProfile, partner: TandemPartnerProfile, language: str, level: Level
) -> None:
    """All else equal, raising one language of the volunteer never lowers score or rank."""
    better_level = max(level, volunteer.languages.get(language, Level.NONE))
    better = _replace(volunteer, languages={**volunteer.languages, language: better_level})
    before, after = score(volunteer, partner), score(better, partner)
    assert after.score >= before.score
    # Nor does it move the volunteer down: not into a conflict, not out of the bilingual tier.
    assert rank_key(after) <= rank_key(before)


@given(volunteers(), partners(), st.sets(st.sampled_from(SLOTS)))
def test_more_overlapping_availability_never_scores_lower(
    volunteer: VolunteerProfile, partner: TandemPartnerProfile, extra: set[str]
) -> None:
    more = _replace(volunteer, slots=volunteer.slots | extra)
    assert score(more, partner).score >= score(volunteer, partner).score


@given(volunteers(), partners(), st.sets(st.sampled_from(DISTRICTS)))
def test_reaching_more_districts_never_scores_lower(
    volunteer: VolunteerProfile, partner: TandemPartnerProfile, extra: set[str]
) -> None:
    more = _replace(volunteer, districts=volunteer.districts | extra)
    assert score(more, partner).score >= score(volunteer, partner).score


@given(volunteers(), partners(), st.sets(st.sampled_from(INTERESTS)))
def test_more_common_interests_never_score_lower(
    volunteer: VolunteerProfile, partner: TandemPartnerProfile, extra: set[str]
) -> None:
    more = _replace(volunteer, interests=volunteer.interests | extra)
    assert score(more, partner).score >= score(volunteer, partner).score


@given(partners(), st.lists(volunteers(), max_size=12), st.integers(min_value=1, max_value=5))
def test_ranking_is_ordered_limited_and_only_has_free_volunteers(
    partner: TandemPartnerProfile, candidates: list[VolunteerProfile], limit: int
) -> None:
    candidates = [_replace(v, id=index) for index, v in enumerate(candidates)]
    ranked = rank(partner, candidates, limit=limit)
    free = [v for v in candidates if v.free_places > 0]
    assert len(ranked) == min(limit, len(free))
    assert all(candidates[m.volunteer_id].free_places > 0 for m in ranked)
    keys = [rank_key(m) for m in ranked]
    assert keys == sorted(keys)
    # The top of a limited ranking is the top of the full ranking.
    assert ranked == rank(partner, candidates, limit=None)[:limit]
