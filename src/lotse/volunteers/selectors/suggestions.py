"""From the database to the pure matching profiles and back: ranked suggestions for a partner."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Q

from .. import matching
from ..models import TandemPartner, Volunteer, VolunteerLanguage
from ..states import OPEN_PARTNERSHIP_STATES, VolunteerStatus


def _languages(rows: Iterable[object]) -> dict[str, matching.Level]:
    return {row.language: matching.level_from_code(row.level) for row in rows}  # type: ignore[attr-defined]


def volunteer_profile(
    volunteer: Volunteer, *, open_partnerships: int | None = None
) -> matching.VolunteerProfile:
    """The volunteer as matching sees it; prefetch ``languages`` and ``districts`` for lists."""
    if open_partnerships is None:
        open_partnerships = volunteer.partnerships.filter(
            status__in=OPEN_PARTNERSHIP_STATES
        ).count()
    return matching.VolunteerProfile(
        id=volunteer.pk,
        languages=_languages(volunteer.languages.all()),
        districts=frozenset(d.name for d in volunteer.districts.all()),
        slots=frozenset(volunteer.slots or ()),
        interests=frozenset(volunteer.interests or ()),
        gender=volunteer.gender,
        partner_gender=volunteer.partner_gender,
        bilingual_contact=volunteer.bilingual_contact,
        free_places=volunteer.max_partnerships - open_partnerships,
    )


def partner_profile(partner: TandemPartner) -> matching.TandemPartnerProfile:
    return matching.TandemPartnerProfile(
        languages=_languages(partner.languages.all()),
        district=partner.district.name if partner.district else "",
        slots=frozenset(partner.slots or ()),
        interests=frozenset(partner.interests or ()),
        gender=partner.gender,
        volunteer_gender=partner.volunteer_gender,
        wants_bilingual_contact=partner.wants_bilingual_contact,
    )


def candidate_profiles(partner: TandemPartner) -> list[matching.VolunteerProfile]:
    """Active volunteers of the partner's team with consent, as matching profiles.

    Read as plain values in three queries: no model instances, so no encrypted column is
    decrypted for the thousands of volunteers that do not make the top of the list.
    """
    volunteers = Volunteer.objects.filter(
        team_id=partner.team_id,
        status=VolunteerStatus.ACTIVE,
        consent_on__isnull=False,
        consent_withdrawn_on__isnull=True,
    )
    languages: dict[int, dict[str, matching.Level]] = defaultdict(dict)
    for volunteer_id, code, level in VolunteerLanguage.objects.filter(
        volunteer__in=volunteers
    ).values_list("volunteer_id", "language", "level"):
        languages[volunteer_id][code] = matching.level_from_code(level)
    districts: dict[int, set[str]] = defaultdict(set)
    for volunteer_id, name in Volunteer.districts.through.objects.filter(
        volunteer__in=volunteers
    ).values_list("volunteer_id", "district__name"):
        districts[volunteer_id].add(name)
    rows = volunteers.annotate(
        open_count=Count("partnerships", filter=Q(partnerships__status__in=OPEN_PARTNERSHIP_STATES))
    ).values(
        "pk",
        "slots",
        "interests",
        "gender",
        "partner_gender",
        "bilingual_contact",
        "max_partnerships",
        "open_count",
    )
    return [
        matching.VolunteerProfile(
            id=row["pk"],
            languages=languages[row["pk"]],
            districts=frozenset(districts[row["pk"]]),
            slots=frozenset(row["slots"] or ()),
            interests=frozenset(row["interests"] or ()),
            gender=row["gender"],
            partner_gender=row["partner_gender"],
            bilingual_contact=row["bilingual_contact"],
            free_places=row["max_partnerships"] - row["open_count"],
        )
        for row in rows
    ]


@dataclass(frozen=True)
class Suggestion:
    volunteer: Volunteer
    match: matching.Match


def suggestions_for(partner: TandemPartner, *, limit: int = 10) -> list[Suggestion]:
    """The best volunteers for ``partner``, best first, each with the reasons of its score."""
    ranked = matching.rank(partner_profile(partner), candidate_profiles(partner), limit=limit)
    chosen = Volunteer.objects.in_bulk([m.volunteer_id for m in ranked])
    return [Suggestion(chosen[m.volunteer_id], m) for m in ranked]


def match_for(partner: TandemPartner, volunteer: Volunteer) -> matching.Match:
    return matching.score(volunteer_profile(volunteer), partner_profile(partner))
