"""Demo data for ``lotse demo``: volunteers, training, partners, partnerships and meetings.

Seeded Faker names in the languages of the seed centre; nothing here is a real person. Dates
are relative to today, so the dashboard always shows a mix: two silent partnerships, documents
to renew, a group evening to schedule.
"""

from __future__ import annotations

from datetime import timedelta
from random import Random
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from lotse.accounts.models import User
from lotse.clients.models import Client, Gender
from lotse.common.errors import DomainError
from lotse.common.registry import demo_step

from . import services
from .choices import SLOT_LABELS, Activity, DocumentKind, EndReason, Interest
from .models import District, TandemPartner, TrainingModule, Volunteer
from .selectors.suggestions import suggestions_for
from .states import PartnershipStatus, VolunteerStatus

if TYPE_CHECKING:
    from lotse.demo.data import DemoContext

DISTRICTS = ["Altstadt", "Nordstadt", "Südviertel", "Weststadt", "Oststadt", "Am Hafen"]
# Faker locale → languages with level; German volunteers speak German natively.
LANGUAGES = {
    "de_DE": {"de": "native", "en": "B"},
    "tr_TR": {"tr": "native", "de": "C"},
    "ar_AA": {"ar": "native", "de": "C", "en": "B"},
    "fa_IR": {"fa": "native", "de": "C"},
    "uk_UA": {"uk": "native", "ru": "C", "de": "B"},
    "ru_RU": {"ru": "native", "de": "C"},
    "fr_FR": {"fr": "native", "de": "C"},
}
PARTNER_LANGUAGES = {
    "tr_TR": {"tr": "native", "de": "A"},
    "ar_AA": {"ar": "native", "de": "A", "en": "A"},
    "fa_IR": {"fa": "native", "de": "A"},
    "uk_UA": {"uk": "native", "ru": "C", "de": "A"},
    "ru_RU": {"ru": "native", "de": "B"},
    "fr_FR": {"fr": "native", "de": "A"},
}
SLOTS = list(SLOT_LABELS)


def _person(faker: Any, rng: Random) -> tuple[str, str, str]:
    gender = rng.choice([Gender.FEMALE, Gender.FEMALE, Gender.MALE])
    first = faker.first_name_female() if gender == Gender.FEMALE else faker.first_name_male()
    return first, faker.last_name(), gender


def _volunteers(
    context: DemoContext, coordinator: User, districts: list[District]
) -> list[Volunteer]:
    rng, fakers, today = context.rng, context.fakers(), timezone.localdate()
    locales = ["de_DE"] * 14 + [loc for loc in LANGUAGES if loc != "de_DE"] * 2
    volunteers = []
    for index, locale in enumerate(locales):
        faker = fakers[locale]
        first, last, gender = _person(faker, rng)
        young = index % 5 == 0
        age = rng.randint(18, 26) if young else rng.randint(28, 72)
        registered = today - timedelta(days=rng.randint(150, 400))
        volunteers.append(
            services.volunteer_create(
                team=context.teams["mbe"],
                created_by=coordinator,
                values={
                    "first_name": first,
                    "last_name": last,
                    "email": f"{faker.user_name()}@example.invalid",
                    "phone": faker.phone_number(),
                    "birth_year": today.year - age,
                    "gender": gender,
                    "registered_on": registered,
                    "slots": rng.sample(SLOTS, rng.randint(2, 6)),
                    "interests": rng.sample(list(Interest.values), rng.randint(1, 4)),
                    "partner_gender": Gender.FEMALE
                    if gender == Gender.FEMALE and rng.random() < 0.3
                    else "",
                    "bilingual_contact": locale != "de_DE",
                    "max_partnerships": 2 if rng.random() < 0.2 else 1,
                    "consent_on": registered,
                },
                languages=LANGUAGES[locale],
                districts=rng.sample(districts, rng.randint(1, 4)),
                today=registered,
            )
        )
    return volunteers


def _training(context: DemoContext, coordinator: User, volunteers: list[Volunteer]) -> None:
    """A finished course for most, a running one for the newest volunteers."""
    today = timezone.localdate()
    modules = list(TrainingModule.objects.order_by("position"))
    finished, running, applicants = volunteers[:20], volunteers[20:24], volunteers[24:]
    for group, first_day, module_count in (
        (finished, today - timedelta(days=130), 5),
        (running, today - timedelta(days=21), 3),
    ):
        for offset, module in enumerate(modules[:module_count]):
            session = services.training_session_create(
                team=context.teams["mbe"],
                module=module,
                date=first_day + timedelta(days=7 * offset),
                hours=module.hours,
                trainer="Fachstelle Integration",
                location="Migrationsberatung, Raum 2",
                created_by=coordinator,
            )
            services.attendance_set(session=session, volunteers=group)
    del applicants  # registered, not yet in a course
    paused, left = finished[-2], finished[-1]
    for volunteer in finished:
        volunteer.refresh_from_db()
        services.volunteer_change_status(
            volunteer=volunteer,
            target=VolunteerStatus.ACTIVE,
            expected_version=volunteer.version,
            on=volunteer.training_completed_on,
        )
        months_ago = context.rng.choice([3, 14, 40, 59, 61])
        services.volunteer_document_add(
            volunteer=volunteer,
            kind=DocumentKind.CERTIFICATE_OF_CONDUCT,
            issued_on=today - timedelta(days=30 * months_ago),
            valid_until=None,
            seen_by=coordinator,
        )
        if context.rng.random() < 0.8:  # some still owe the declaration
            services.volunteer_document_add(
                volunteer=volunteer,
                kind=DocumentKind.CONFIDENTIALITY,
                issued_on=volunteer.registered_on,
                valid_until=None,
                seen_by=coordinator,
            )

    for volunteer, target, reason in (
        (paused, VolunteerStatus.PAUSED, ""),
        (left, VolunteerStatus.LEFT, "moved"),
    ):
        volunteer.refresh_from_db()
        services.volunteer_change_status(
            volunteer=volunteer, target=target, expected_version=volunteer.version, reason=reason
        )


def _partners(
    context: DemoContext, coordinator: User, districts: list[District]
) -> list[TandemPartner]:
    rng, fakers, today = context.rng, context.fakers(), timezone.localdate()
    for offset, faker in enumerate(fakers.values()):  # other names than the volunteers'
        faker.seed_instance(context.seed + 1000 + offset)
    partners = []
    for index in range(12):
        locale = list(PARTNER_LANGUAGES)[index % len(PARTNER_LANGUAGES)]
        first, last, gender = _person(fakers[locale], rng)
        values = {
            "first_name": first,
            "last_name": last,
            "phone": fakers[locale].phone_number(),
            "gender": gender,
            "district": rng.choice(districts),
            "slots": rng.sample(SLOTS, rng.randint(2, 5)),
            "interests": rng.sample(list(Interest.values), rng.randint(1, 3)),
            "volunteer_gender": Gender.FEMALE
            if gender == Gender.FEMALE and rng.random() < 0.4
            else "",
            "wants_bilingual_contact": rng.random() < 0.35,
            "consent_on": today - timedelta(days=rng.randint(100, 200)),
        }
        partners.append(
            services.partner_create(
                team=context.teams["mbe"],
                values=values,
                languages=PARTNER_LANGUAGES[locale],
                created_by=coordinator,
            )
        )
    counsellor = User.objects.filter(
        memberships__team=context.teams["mbe"], memberships__role="counsellor"
    ).first()
    clients = Client.objects.filter(team=context.teams["mbe"], is_anonymous=False).order_by("pk")
    for client in clients[:3]:
        try:
            partner = services.partner_refer(
                client=client,
                team=context.teams["mbe"],
                values={
                    "first_name": client.first_name or client.pseudonym or "N.",
                    "gender": client.gender,
                    "district": rng.choice(districts),
                    "slots": rng.sample(SLOTS, 3),
                    "interests": rng.sample(list(Interest.values), 2),
                    "consent_on": today - timedelta(days=rng.randint(100, 140)),
                },
                languages={"ar": "native", "de": "A"},
                referred_by=counsellor or coordinator,
            )
        except DomainError:  # e.g. referred already by another demo step
            continue
        partners.append(partner)
    return partners


def _partnerships(context: DemoContext, coordinator: User, partners: list[TandemPartner]) -> int:
    """Eleven partnerships with weekly meetings; two have gone silent, one paused, one ended."""
    rng, today = context.rng, timezone.localdate()
    created = 0
    # The first client referred by counselling is paired too: its counsellor sees the volunteer.
    for index, partner in enumerate(partners[12:13] + partners[:10]):
        suggestions = suggestions_for(partner, limit=1)
        if not suggestions:
            continue
        proposed = today - timedelta(days=rng.randint(70, 95))
        partnership = services.partnership_propose(
            partner=partner,
            volunteer=suggestions[0].volunteer,
            confirmed_by=coordinator,
            today=proposed,
        )
        started = proposed + timedelta(days=rng.randint(5, 12))
        partnership = services.partnership_transition(
            partnership=partnership, target=PartnershipStatus.ACTIVE, expected_version=1, on=started
        )
        last = today - timedelta(days=rng.randint(25, 40) if index in (2, 7) else rng.randint(1, 6))
        day = started
        while day <= last:
            services.meeting_log(
                partnership=partnership,
                date=day,
                duration_minutes=rng.choice([60, 90, 90, 120, 180]),
                activities=rng.sample(
                    [
                        Activity.GERMAN,
                        Activity.GERMAN,
                        Activity.AUTHORITY,
                        Activity.INSTITUTION,
                        Activity.EVENT,
                        Activity.EVERYDAY,
                    ],
                    2,
                ),
                reported_by=rng.choice(["volunteer", "volunteer", "coordinator"]),
                logged_by=coordinator,
            )
            day += timedelta(days=rng.choice([4, 7, 7, 10]))
        if index == 9:
            services.partnership_transition(
                partnership=partnership,
                target=PartnershipStatus.PAUSED,
                expected_version=2,
                on=last,
            )
        elif index == 10:
            services.partnership_transition(
                partnership=partnership,
                target=PartnershipStatus.ENDED,
                expected_version=2,
                on=last,
                reason=EndReason.GOAL_REACHED,
            )
        created += 1
    return created


def _groups(context: DemoContext, coordinator: User, volunteers: list[Volunteer]) -> None:
    today = timezone.localdate()
    active = [v for v in volunteers if v.status == VolunteerStatus.ACTIVE]
    for weeks, topic in (
        (22, "Erfahrungsaustausch: erste Treffen"),
        (15, "Behördengänge begleiten"),
        (8, "Grenzen setzen"),
    ):
        evening = services.evening_create(
            team=context.teams["mbe"],
            date=today - timedelta(weeks=weeks),
            topic=topic,
            location="Migrationsberatung, Gruppenraum",
            created_by=coordinator,
        )
        services.evening_attendance_set(
            evening=evening, volunteers=context.rng.sample(active, min(8, len(active)))
        )
    jmd_counsellor = (
        User.objects.filter(memberships__team=context.teams["jmd"]).first() or coordinator
    )
    offer = services.offer_create(
        team=context.teams["jmd"],
        title="Bewerbungstraining für junge Zugewanderte",
        topics="Bewerbung, Lebenslauf, Vorstellungsgespräch",
        description="Vier Nachmittage in der Gruppe, mit Übungsgesprächen.",
        created_by=jmd_counsellor,
    )
    for offset, count in ((28, 9), (21, 11), (14, 8), (7, 10)):
        services.offer_date_add(
            offer=offer, date=today - timedelta(days=offset), participants=count
        )
    for client in Client.objects.filter(team=context.teams["jmd"]).order_by("pk")[:3]:
        services.offer_participant_add(offer=offer, client=client, added_by=jmd_counsellor)
    services.offer_create(
        team=context.teams["jmd"],
        title="Freizeitgruppe Sport und Begegnung",
        topics="Sport, Freizeit, Kontakte",
        created_by=jmd_counsellor,
    )


@demo_step("volunteers", order=60)
def demo_volunteers(context: DemoContext) -> dict[str, int]:
    if Volunteer.objects.exists():
        return {"volunteers_created": 0}
    coordinator = User.objects.filter(email__startswith="ehrenamt@").first()
    if coordinator is None:  # pragma: no cover - the demo creates the coordinator first
        return {"volunteers_created": 0}
    districts = [
        District.objects.get_or_create(centre=context.centre, name=name)[0] for name in DISTRICTS
    ]
    volunteers = _volunteers(context, coordinator, districts)
    _training(context, coordinator, volunteers)
    volunteers = list(Volunteer.objects.filter(pk__in=[v.pk for v in volunteers]))
    partners = _partners(context, coordinator, districts)
    partnerships = _partnerships(context, coordinator, partners)
    _groups(context, coordinator, volunteers)
    return {"volunteers_created": len(volunteers), "partnerships_created": partnerships}
