"""Demo network for ``lotse demo``: fictional partners of the Musterstadt centre, agreements,
a few referrals and activities. Does nothing when the centre already has partners."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.text import slugify

from lotse.accounts.models import Membership
from lotse.accounts.roles import Role
from lotse.clients.demo import CONSENT_PARTNERS
from lotse.clients.models import Client, Consent
from lotse.clients.services import sharing_allowed
from lotse.common.registry import demo_step

from . import services
from .choices import (
    ActivityKind,
    CoreArea,
    DataItem,
    PartnerCategory,
    ReferralDirection,
    default_tier,
)
from .choices import ReferralOutcome as Outcome
from .demo_projects import demo_projects
from .models import Partner

if TYPE_CHECKING:
    from lotse.demo.data import DemoContext

# name, category, street, postal code, phone, opening hours, languages, agreement topics
PARTNERS = [
    (
        "Sprachschule Musterstadt gGmbH",
        PartnerCategory.COURSE_PROVIDER,
        "Lindenallee 4",
        "Mo–Do 08:00–16:00, Fr 08:00–12:00",
        "de,en,ar,tr",
        ["information_events", "counselling_in_course", "dropout_alerts"],
    ),
    (
        "Volkshochschule Musterstadt",
        PartnerCategory.COURSE_PROVIDER,
        "Am Markt 7",
        "Mo–Fr 09:00–13:00, Di 14:00–18:00",
        "de,en,ru",
        [],
    ),
    (
        "Ausländerbehörde Landkreis Musterstadt",
        PartnerCategory.FOREIGNERS_AUTHORITY,
        "Kreishausplatz 1",
        "Mo, Di, Do 08:00–12:00, Do 14:00–17:30 (nur mit Termin)",
        "de,en",
        ["responsibilities"],
    ),
    (
        "Bürgerbüro Musterstadt",
        PartnerCategory.REGISTRATION_OFFICE,
        "Rathausplatz 1",
        "Mo–Fr 08:00–12:30, Do 14:00–18:00",
        "de",
        [],
    ),
    (
        "Jobcenter Musterstadt",
        PartnerCategory.JOBCENTER,
        "Bahnhofstraße 21",
        "Mo–Fr 08:00–12:00, Do 14:00–17:00",
        "de,en,ar",
        ["responsibilities", "information_events"],
    ),
    (
        "Caritas-Migrationsberatung Musterstadt",
        PartnerCategory.MBE_OTHER_PROVIDER,
        "Kirchgasse 3",
        "Di und Do 09:00–15:00",
        "de,fa,ru",
        ["resource_pooling"],
    ),
    (
        "BAMF-Regionalkoordination Musterland",
        PartnerCategory.BAMF_COORDINATOR,
        "Behördenring 10",
        "nach Vereinbarung",
        "de",
        [],
    ),
    (
        "Integrationsbüro der Stadt Musterstadt",
        PartnerCategory.MUNICIPAL_INTEGRATION_OFFICE,
        "Rathausplatz 1",
        "Mo–Fr 09:00–12:00",
        "de,en,tr",
        ["responsibilities", "resource_pooling", "intercultural_opening"],
    ),
    (
        "Jugendmigrationsdienst Musterstadt",
        PartnerCategory.JMD,
        "Schulstraße 9",
        "Mo–Fr 10:00–16:00",
        "de,ar,uk",
        [],
    ),
    (
        "Psychosoziales Zentrum Musterland",
        PartnerCategory.HEALTH_SOCIAL,
        "Gartenweg 2",
        "Mo–Do 09:00–16:00",
        "de,ar,fa,en",
        [],
    ),
    (
        "IHK Musterland – Anerkennungsberatung",
        PartnerCategory.CHAMBER,
        "Handelsplatz 5",
        "Mi 13:00–16:00",
        "de,en",
        [],
    ),
    (
        "Brückenbauer Musterstadt e.V.",
        PartnerCategory.MIGRANT_ORGANISATION,
        "Parkstraße 11",
        "Sa 10:00–14:00",
        "de,ar,tr,fa",
        ["intercultural_opening"],
    ),
]
CONTACT_FUNCTIONS = ["Kursleitung", "Sachbearbeitung", "Teamleitung", "Beratung"]


def _counsellor(context: DemoContext) -> object:
    membership = (
        Membership.objects.filter(team=context.teams["mbe"], role=Role.COUNSELLOR)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return membership.user if membership else None


def _partners(context: DemoContext, today: date) -> dict[str, Partner]:
    faker = context.fakers()["de_DE"]
    made: dict[str, Partner] = {}
    for name, category, street, hours, languages, topics in PARTNERS:
        partner = services.partner_create(
            centre=context.centre,
            data={
                "name": name,
                "tier": default_tier(category),
                "category": category,
                "street": street,
                "postal_code": "12345",
                "city": "Musterstadt",
                "phone": f"01234 {context.rng.randint(100, 999)}-{context.rng.randint(0, 99)}",
                "email": f"kontakt@{slugify(name.split()[0])}.invalid",
                "languages": languages,
                "opening_hours": hours,
                "opening_in_mission_statement": "intercultural_opening" in topics,
            },
        )
        services.contact_person_add(
            partner=partner,
            data={
                "name": f"{faker.first_name()} {faker.last_name()}",
                "function": context.rng.choice(CONTACT_FUNCTIONS),
                "phone": partner.phone,
            },
        )
        if topics:
            services.agreement_create(
                partner=partner,
                data={
                    "title": f"Kooperationsvereinbarung {partner.name}",
                    "valid_from": today - timedelta(days=context.rng.randint(100, 700)),
                    "review_on": today + timedelta(days=context.rng.randint(-20, 200)),
                    "subject": "Regelmäßiger Austausch, feste Ansprechpersonen, kurze Wege.",
                    **{f"topic_{topic}": True for topic in topics},
                },
                document=None,
            )
        made[name] = partner
    return made


def _consents_name_partners(context: DemoContext, partners: dict[str, Partner]) -> int:
    """The demo consents that allow passing data were recorded before the partners existed."""
    named = [partners[name] for name in CONSENT_PARTNERS if name in partners]
    consents = Consent.objects.filter(
        client__team__service__centre=context.centre,
        scope_share_with_partners=True,
        partner_links__isnull=True,
    )
    through = Consent.partner_links.through
    links = [
        through(consent_id=consent_id, partner_id=partner.pk)
        for consent_id in consents.values_list("pk", flat=True)
        for partner in named
    ]
    through.objects.bulk_create(links, batch_size=2000)
    return len(links)


def _referrals(context: DemoContext, partners: dict[str, Partner], today: date) -> int:
    user = _counsellor(context)
    if user is None:
        return 0
    made = 0
    clients = Client.objects.filter(team=context.teams["mbe"]).select_related("team__service")
    plan = [
        ("Jobcenter Musterstadt", "Antrag auf Bürgergeld begleiten", 30, Outcome.COMPLETED),
        ("Jobcenter Musterstadt", "Beratung zur Arbeitsaufnahme", 20, Outcome.PENDING),
        ("Sprachschule Musterstadt gGmbH", "Anmeldung zum Integrationskurs", 25, Outcome.ACCEPTED),
        ("Psychosoziales Zentrum Musterland", "Psychosoziale Beratung", 15, Outcome.PENDING),
        ("Caritas-Migrationsberatung Musterstadt", "Beratung in Farsi", 40, Outcome.NO_SHOW),
    ]
    candidates = list(clients.order_by("pk")[:60])
    for index, (name, purpose, days_ago, outcome) in enumerate(plan):
        partner = partners[name]
        # Mostly clients whose consent names the partner; the rest go without data.
        consenting = [c for c in candidates if sharing_allowed(c, partner)]
        pool = consenting if index < 3 and consenting else candidates
        client = pool[(index * 7) % len(pool)]
        candidates.remove(client)
        with_data = sharing_allowed(client, partner)
        referral = services.referral_create(
            client=client,
            partner=partner,
            created_by=user,  # type: ignore[arg-type]
            direction=ReferralDirection.OUTGOING,
            purpose=purpose,
            referred_on=today - timedelta(days=days_ago),
            expected_feedback_on=today - timedelta(days=days_ago - 14),
            data_items=[DataItem.CONTACT, DataItem.CONCERN] if with_data else [],
            without_personal_data=not with_data,
        )
        if outcome != Outcome.PENDING:
            services.referral_record_outcome(
                referral=referral,
                expected_version=referral.version,
                outcome=outcome,
                outcome_on=today - timedelta(days=days_ago - 10),
            )
        made += 1
    first = clients.order_by("pk").first()
    if first is not None:
        services.referral_create(
            client=first,
            partner=partners["Ausländerbehörde Landkreis Musterstadt"],
            created_by=user,  # type: ignore[arg-type]
            direction=ReferralDirection.INCOMING,
            purpose="Hinweis auf Beratung zur Aufenthaltsverfestigung",
            referred_on=today - timedelta(days=50),
        )
        made += 1
    return made


def _activities(context: DemoContext, partners: dict[str, Partner], today: date) -> int:
    user = _counsellor(context)
    if user is None:
        return 0
    plan = [
        (
            ActivityKind.INFORMATION_EVENT,
            "",
            "Infoabend Integrationskurs",
            60,
            24,
            0,
            ["Sprachschule Musterstadt gGmbH"],
        ),
        (
            ActivityKind.TRAINING,
            CoreArea.INTERCULTURAL_OPENING,
            "Schulung interkulturelle Kompetenz für Jobcenter-Beschäftigte",
            90,
            14,
            14,
            ["Jobcenter Musterstadt"],
        ),
        (
            ActivityKind.WORKING_GROUP,
            "",
            "Arbeitskreis Migration Musterstadt",
            30,
            12,
            10,
            ["Integrationsbüro der Stadt Musterstadt", "Caritas-Migrationsberatung Musterstadt"],
        ),
        (
            ActivityKind.JOINT_ACTION,
            CoreArea.CIVIC_ENGAGEMENT,
            "Interkulturelles Stadtteilfest",
            120,
            150,
            6,
            ["Brückenbauer Musterstadt e.V.", "Integrationsbüro der Stadt Musterstadt"],
        ),
        (
            ActivityKind.COMMUNITY_WORK,
            CoreArea.SOCIAL_SPACE,
            "Sprechstunde in der Gemeinschaftsunterkunft Lindenhof",
            14,
            18,
            0,
            [],
        ),
        (
            ActivityKind.ANTI_DISCRIMINATION,
            CoreArea.ANTI_DISCRIMINATION,
            "Workshop Diskriminierung auf dem Wohnungsmarkt",
            200,
            20,
            4,
            ["Brückenbauer Musterstadt e.V."],
        ),
    ]
    for kind, area, topic, days_ago, participants, staff, names in plan:
        services.activity_create(
            centre=context.centre,
            created_by=user,  # type: ignore[arg-type]
            data={
                "kind": kind,
                "core_area": area,
                "topic": topic,
                "held_on": today - timedelta(days=days_ago),
                "participants": participants,
                "partner_staff": staff,
                "outcome": "",
            },
            partners=[partners[name] for name in names],
        )
    return len(plan)


@demo_step("network", order=40)
def demo_network(context: DemoContext) -> dict[str, int]:
    if Partner.objects.filter(centre=context.centre).exists():
        return {"partners_created": 0}
    today = timezone.localdate()
    partners = _partners(context, today)
    return {
        "partners_created": len(partners),
        "consent_partner_links": _consents_name_partners(context, partners),
        "referrals_created": _referrals(context, partners, today),
        "activities_created": _activities(context, partners, today),
        **_projects(context, partners, today),
    }


def _projects(context: DemoContext, partners: dict[str, Partner], today: date) -> dict[str, int]:
    user = _counsellor(context)
    if user is None:
        return {}
    return demo_projects(context.centre, user, partners, today)  # type: ignore[arg-type]
