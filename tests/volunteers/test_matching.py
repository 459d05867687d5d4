"""The scoring function of lotse.volunteers.matching, component by component (tables)."""

from __future__ import annotations

import pytest

from lotse.volunteers.matching import (
    Level,
    TandemPartnerProfile,
    VolunteerProfile,
    level_from_code,
    rank,
    score,
)

N, F, G, B = Level.NATIVE, Level.FLUENT, Level.GOOD, Level.BASIC


def volunteer(id: int = 1, **overrides: object) -> VolunteerProfile:
    values: dict[str, object] = {
        "id": id,
        "languages": {"de": N},
        "districts": frozenset({"Nordstadt"}),
        "slots": frozenset({"mon_evening", "wed_evening", "sat_morning"}),
        "interests": frozenset({"cooking", "sport"}),
        "gender": "female",
    }
    values.update(overrides)
    return VolunteerProfile(**values)  # type: ignore[arg-type]


def partner(**overrides: object) -> TandemPartnerProfile:
    values: dict[str, object] = {
        "languages": {"ar": N, "de": B},
        "district": "Nordstadt",
        "slots": frozenset({"mon_evening", "wed_evening", "sat_morning"}),
        "interests": frozenset({"cooking", "sport"}),
        "gender": "female",
    }
    values.update(overrides)
    return TandemPartnerProfile(**values)  # type: ignore[arg-type]


def component(match: object, key: str) -> object:
    return next(c for c in match.components if c.key == key)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("volunteer_languages", "points", "reason", "details"),
    [
        ({"de": N}, 10, "language_shared", ("de", "basic")),
        ({"de": N, "ar": G}, 20, "language_shared", ("ar", "good")),
        ({"de": N, "ar": F}, 30, "language_shared", ("ar", "fluent")),
        ({"de": N, "ar": N}, 40, "language_shared", ("ar", "native")),
        ({"fr": N}, 0, "language_none", ()),
    ],
)
def test_language_component_is_the_best_shared_language_at_the_lower_level(
    volunteer_languages: dict[str, Level], points: int, reason: str, details: tuple[str, ...]
) -> None:
    match = score(volunteer(languages=volunteer_languages), partner())
    lang = component(match, "language")
    assert (lang.points, lang.max_points, lang.reason, lang.details) == (  # type: ignore[attr-defined]
        points,
        40,
        reason,
        details,
    )
    assert lang.conflict is (points == 0)  # type: ignore[attr-defined]


def test_a_perfect_match_scores_100_and_a_hopeless_one_is_flagged() -> None:
    perfect = score(volunteer(languages={"de": N, "ar": N}), partner())
    assert perfect.score == 100 and not perfect.conflict
    hopeless = score(
        volunteer(
            languages={"fr": N},
            districts=frozenset(),
            slots=frozenset(),
            interests=frozenset(),
            partner_gender="male",
        ),
        partner(volunteer_gender="male"),
    )
    assert hopeless.score == 0 and hopeless.conflict


@pytest.mark.parametrize(
    ("district", "districts", "points", "reason"),
    [
        ("Nordstadt", {"Nordstadt", "Altstadt"}, 20, "district_reachable"),
        ("Weststadt", {"Nordstadt"}, 0, "district_unreachable"),
        ("", {"Nordstadt"}, 10, "district_unknown"),
    ],
)
def test_district(district: str, districts: set[str], points: int, reason: str) -> None:
    match = score(volunteer(districts=frozenset(districts)), partner(district=district))
    c = component(match, "district")
    assert (c.points, c.reason) == (points, reason)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("volunteer_slots", "points", "reason"),
    [
        (set(), 0, "slots_none"),
        ({"mon_evening"}, 20 / 3, "slots_common"),
        ({"mon_evening", "wed_evening"}, 40 / 3, "slots_common"),
        ({"mon_evening", "wed_evening", "sat_morning", "sun_evening"}, 20, "slots_common"),
    ],
)
def test_availability_saturates_at_three_common_slots(
    volunteer_slots: set[str], points: float, reason: str
) -> None:
    c = component(score(volunteer(slots=frozenset(volunteer_slots)), partner()), "availability")
    assert c.points == pytest.approx(points) and c.reason == reason  # type: ignore[attr-defined]


def test_common_slots_and_interests_are_named_in_the_details() -> None:
    match = score(volunteer(interests=frozenset({"cooking", "music"})), partner())
    assert component(match, "availability").details == (  # type: ignore[attr-defined]
        "mon_evening",
        "sat_morning",
        "wed_evening",
    )
    interests = component(match, "interests")
    assert (interests.points, interests.details) == (5, ("cooking",))  # type: ignore[attr-defined]


def test_partner_without_stated_times_or_interests_gets_neutral_half_points() -> None:
    match = score(volunteer(), partner(slots=frozenset(), interests=frozenset()))
    assert component(match, "availability").reason == "slots_unknown"  # type: ignore[attr-defined]
    assert component(match, "interests").points == 5  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("volunteer_gender", "partner_wish", "volunteer_wish", "points", "reason", "conflict"),
    [
        ("female", "", "", 10, "preferences_none", False),
        ("female", "female", "", 10, "preferences_met", False),
        ("male", "female", "", 5, "preferences_unmet", True),
        ("female", "", "male", 5, "preferences_unmet", True),
        ("male", "female", "male", 0, "preferences_unmet", True),
    ],
)
def test_gender_wishes_of_both_sides(
    volunteer_gender: str,
    partner_wish: str,
    volunteer_wish: str,
    points: int,
    reason: str,
    conflict: bool,
) -> None:
    match = score(
        volunteer(gender=volunteer_gender, partner_gender=volunteer_wish),
        partner(volunteer_gender=partner_wish),
    )
    c = component(match, "preferences")
    assert (c.points, c.reason, c.conflict) == (points, reason, conflict)  # type: ignore[attr-defined]
    assert match.conflict is conflict


def test_bilingual_contact_persons_come_first_when_asked() -> None:
    german = volunteer(id=1, languages={"de": N})
    bilingual = volunteer(
        id=2,
        languages={"de": F, "ar": G},
        bilingual_contact=True,
        districts=frozenset(),
        slots=frozenset({"mon_evening"}),
    )
    wanting = partner(wants_bilingual_contact=True)
    ranked = rank(wanting, [german, bilingual])
    assert [m.volunteer_id for m in ranked] == [2, 1]
    assert ranked[0].bilingual_first and ranked[0].score < ranked[1].score
    assert component(ranked[0], "language").reason == "language_bilingual"  # type: ignore[attr-defined]
    # Without the request, the score decides.
    assert [m.volunteer_id for m in rank(partner(), [german, bilingual])] == [1, 2]


def test_a_volunteer_who_only_speaks_german_is_no_bilingual_contact() -> None:
    only_german = volunteer(id=3, bilingual_contact=True)
    match = score(only_german, partner(wants_bilingual_contact=True))
    assert not match.bilingual_first


def test_ranking_puts_conflicts_last_skips_full_volunteers_and_limits() -> None:
    good = volunteer(id=1)
    conflict = volunteer(id=2, languages={"de": N, "ar": N}, partner_gender="male")
    full = volunteer(id=3, languages={"de": N, "ar": N}, free_places=0)
    weaker = volunteer(id=4, districts=frozenset())
    ranked = rank(partner(), [conflict, weaker, full, good], limit=None)
    assert [m.volunteer_id for m in ranked] == [1, 4, 2]
    assert [m.volunteer_id for m in rank(partner(), [conflict, weaker, good], limit=1)] == [1]


def test_equal_scores_are_ordered_by_id_so_the_ranking_is_stable() -> None:
    ranked = rank(partner(), [volunteer(id=9), volunteer(id=3), volunteer(id=5)])
    assert [m.volunteer_id for m in ranked] == [3, 5, 9]


@pytest.mark.parametrize(
    ("code", "level"),
    [("native", N), ("C", F), ("B", G), ("A", B), ("none", Level.NONE), ("??", Level.NONE)],
)
def test_level_codes_of_the_client_catalogue(code: str, level: Level) -> None:
    assert level_from_code(code) == level
