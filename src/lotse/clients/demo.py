"""Synthetic clients, first contacts, consents and contacts for ``lotse demo``.

Written with bulk inserts so that ``lotse demo --clients 100000 --contacts 1000000`` builds the
benchmark data set in minutes; every value goes through the same encryption and keyed hashes
as a record typed in by hand. Faker is seeded: the data is repeatable and no real person.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from lotse.accounts.models import Membership, User
from lotse.accounts.roles import CLIENT_ROLES
from lotse.audit.services import log_action
from lotse.common import crypto
from lotse.common.models import Counter
from lotse.common.registry import demo_step
from lotse.organisation.models import ServiceKind, Team

# The person links' demo step (DOMAIN §D16), a module of its own, registers on import.
from . import demo_person_link  # noqa: F401
from .models import (
    Client,
    ClientLanguage,
    ClientSearchToken,
    Consent,
    CounsellingContact,
    PermitKind,
    ResidencePermit,
    Topic,
    TopicCatalogue,
)
from .phonetics import name_key
from .selectors import NAME_PURPOSE, PHONETIC_PURPOSE
from .selectors.search_keys import name_token_digests
from .services.intake import intake_record
from .services.last_contact import last_contact_refresh_all

if TYPE_CHECKING:
    from lotse.demo.data import DemoContext

BATCH = 2000
# Plausible mix for a centre like the seed (Syria, Afghanistan, Türkiye, Ukraine, Iraq …).
ORIGINS = [
    ("SY", "ar_AA", ["ar"], 18),
    ("AF", "fa_IR", ["fa", "ps"], 10),
    ("TR", "tr_TR", ["tr", "ku"], 12),
    ("UA", "uk_UA", ["uk", "ru"], 14),
    ("IQ", "ar_AA", ["ar", "ku"], 8),
    ("IR", "fa_IR", ["fa"], 6),
    ("RU", "ru_RU", ["ru"], 6),
    ("KZ", "ru_RU", ["ru", "de"], 5),
    ("MA", "fr_FR", ["ar", "fr"], 5),
    ("ER", "ar_AA", ["ti", "ar"], 4),
    ("RO", "de_DE", ["ro"], 4),
    ("PL", "de_DE", ["pl"], 4),
    ("GN", "fr_FR", ["fr"], 4),
]
RESIDENCE_WEIGHTS = [
    ("permanent", 40),
    ("resettler", 8),
    ("resettler_family", 4),
    ("asylum_seeker", 20),
    ("temporary", 20),
    ("unknown", 8),
]
DOC_LANG = {
    "ar": "ar",
    "fa": "fa",
    "ps": "fa",
    "tr": "tr",
    "ku": "tr",
    "uk": "uk",
    "ru": "ru",
    "fr": "fr",
    "ti": "ar",
}


# What a counsellor notes after a contact (bench/scale_up.py writes the same).
CONTACT_NOTES = (
    "Brief der Ausländerbehörde gemeinsam gelesen, Fristen notiert.",
    "Antrag auf Bürgergeld vorbereitet, Unterlagen fehlen noch.",
    "Kita-Platz: Anmeldung beim Jugendamt besprochen.",
    "Anerkennung des Abschlusses: Unterlagen für die Anerkennungsstelle gesammelt.",
    "Wohnungssuche: Wohnberechtigungsschein erklärt.",
    "Integrationskurs: Anmeldung beim Kursträger vereinbart.",
)


def _weighted(rng: random.Random, pairs: list[tuple]) -> tuple:
    return rng.choices(pairs, weights=[p[-1] for p in pairs])[0]


def _batches(total: int) -> Iterator[int]:
    done = 0
    while done < total:
        size = min(BATCH, total - done)
        yield size
        done += size


@demo_step("clients", order=10)
def demo_clients(context: DemoContext) -> dict[str, int]:
    if Client.objects.exists():
        return {"clients_created": 0, "contacts_created": 0}
    teams = [context.teams["mbe"], context.teams["jmd"]]
    created = _bulk_clients(context, teams)
    contacts = _bulk_contacts(context, teams)
    _first_contacts_and_consents(context)
    log_action(
        action="demo.generated",
        data={"clients": created, "contacts": contacts, "seed": context.seed},
    )
    return {"clients_created": created, "contacts_created": contacts}


def _bulk_clients(context: DemoContext, teams: list[Team]) -> int:
    rng = context.rng
    fakers = context.fakers()
    today = timezone.localdate()
    numbers: dict[str, int] = {}
    for size in _batches(context.clients):
        with transaction.atomic():
            rows: list[Client] = []
            languages: list[tuple[int, str, str]] = []
            for _ in range(size):
                team = teams[1] if rng.random() < 0.25 else teams[0]
                country, locale, spoken, _w = _weighted(rng, ORIGINS)
                faker = fakers[locale]
                if team.service.kind == ServiceKind.JMD:
                    age = rng.randint(12, 27)
                else:
                    age = rng.randint(27, 72)
                birth = today - timedelta(days=age * 365 + rng.randint(0, 364))
                residence = _weighted(rng, RESIDENCE_WEIGHTS)[0]
                entry = today - timedelta(days=rng.randint(60, 365 * 8))
                gender = rng.choice(["female", "male", "female", "male", "diverse", "not_stated"])
                first = faker.first_name_female() if gender == "female" else faker.first_name()
                last = faker.last_name()
                prefix = f"{team.service.kind.upper()}-{today.year}"
                numbers[prefix] = numbers.get(prefix, 0) + 1
                full = f"{first} {last}"
                client = Client(
                    team=team,
                    file_number=f"{prefix}-{numbers[prefix]:05d}",
                    first_name=first,
                    last_name=last,
                    birth_date=birth,
                    birth_year=birth.year,
                    gender=gender,
                    nationalities=[country],  # type: ignore[misc]
                    country_of_origin=country,
                    document_language=DOC_LANG.get(spoken[0], "de"),
                    interpreter_needed=rng.random() < 0.3,
                    entry_date=entry,
                    residence=residence,
                    permanent_status_date=(
                        min(today, entry + timedelta(days=rng.randint(30, 700)))
                        if residence == "permanent" and rng.random() < 0.8
                        else None
                    ),
                    course_obligation=residence == "permanent" and rng.random() < 0.4,
                    phone=faker.phone_number() if rng.random() < 0.8 else "",
                    name_index=crypto.blind_index(full, purpose=NAME_PURPOSE),
                    phonetic_index=crypto.blind_index(
                        name_key(first, last), purpose=PHONETIC_PURPOSE
                    ),
                )
                # bulk_create skips save(), which derives these.
                client.derive_plain_columns()
                rows.append(client)
                for index, code in enumerate(spoken):
                    languages.append((len(rows) - 1, code, "native" if index == 0 else "B"))
            Client.objects.bulk_create(rows, batch_size=500)
            ClientLanguage.objects.bulk_create(
                [ClientLanguage(client=rows[i], language=c, level=lv) for i, c, lv in languages],
                batch_size=1000,
            )
            ClientSearchToken.objects.bulk_create(
                [
                    ClientSearchToken(client=row, digest=digest)
                    for row in rows
                    for digest in name_token_digests(row.first_name, row.last_name)
                ],
                batch_size=5000,
            )
    for prefix, value in numbers.items():
        Counter.objects.update_or_create(key=f"file_number:{prefix}", defaults={"value": value})
    return context.clients


def _counsellors(team: Team) -> list[int]:
    return list(
        Membership.objects.filter(team=team, role__in=CLIENT_ROLES).values_list(
            "user_id", flat=True
        )
    )


def _bulk_contacts(context: DemoContext, teams: list[Team]) -> int:
    rng = context.rng
    catalogue = TopicCatalogue.objects.in_force(timezone.localdate())
    topics = list(catalogue.topics.values_list("pk", flat=True)) if catalogue else []
    if not topics or not context.contacts:
        return 0
    staff = {team.pk: _counsellors(team) or _counsellors(teams[0]) for team in teams}
    clients = list(Client.objects.values_list("pk", "team_id", "document_language"))
    today = timezone.localdate()
    through = CounsellingContact.topics.through
    made = 0
    for size in _batches(context.contacts):
        with transaction.atomic():
            rows = []
            for _ in range(size):
                client_id, team_id, doc_lang = rng.choice(clients)
                day = today - timedelta(days=rng.randint(0, 730))
                follow = day + timedelta(days=rng.randint(7, 30)) if rng.random() < 0.2 else None
                rows.append(
                    CounsellingContact(
                        client_id=client_id,
                        date=day,
                        duration_minutes=rng.choice([15, 30, 30, 45, 60, 60, 90]),
                        form=rng.choice(
                            ["in_person"] * 5 + ["phone"] * 3 + ["email", "video", "accompaniment"]
                        ),
                        language=doc_lang if rng.random() < 0.6 else "de",
                        interpreter="none" if rng.random() < 0.8 else "professional",
                        notes=rng.choice(CONTACT_NOTES),
                        follow_up_on=follow,
                        # Counsellors work through their follow-ups: old ones are done.
                        follow_up_done=bool(
                            follow
                            and follow < today
                            and (follow < today - timedelta(days=21) or rng.random() < 0.6)
                            and rng.random() < 0.99
                        ),
                        counsellor_id=rng.choice(staff[team_id]),
                    )
                )
            CounsellingContact.objects.bulk_create(rows, batch_size=1000)
            links = []
            for row in rows:
                for topic in rng.sample(topics, rng.choice([1, 1, 1, 2, 2, 3])):
                    links.append(through(counsellingcontact_id=row.pk, topic_id=topic))
            through.objects.bulk_create(links, batch_size=5000)
            made += size
    last_contact_refresh_all()
    return made


# The partners the demo consents name (created by the network demo step).
CONSENT_PARTNERS = ("Jobcenter Musterstadt", "Sprachschule Musterstadt gGmbH")


def _first_contacts_and_consents(context: DemoContext) -> None:
    """A first contact and a consent for the first few hundred files, through the services."""
    rng = context.rng
    for client in Client.objects.select_related("team__service").order_by("pk")[:200]:
        counsellor_ids = _counsellors(client.team)
        if not counsellor_ids:
            continue
        counsellor = User.objects.get(pk=counsellor_ids[0])
        known = [d for d in (client.entry_date, client.permanent_status_date) if d]
        start = max(known) if known else timezone.localdate() - timedelta(days=400)
        day = min(timezone.localdate(), start + timedelta(days=rng.randint(10, 120)))
        outcome = rng.choice(
            ["counselling"] * 6 + ["case_management"] * 2 + ["waiting_list", "referral"]
        )
        intake_record(
            client=client,
            counsellor=counsellor,
            service=client.team.service.kind,
            date=day,
            access_channel=rng.choice(["walk_in", "phone", "referred", "email"]),
            referring_institution="Jobcenter Musterstadt"
            if rng.random() < 0.3
            else "Ausländerbehörde",
            concern="Unterstützung bei Behördenangelegenheiten",
            problem_areas=list(
                Topic.objects.filter(
                    code__in=rng.sample(
                        ["residence_law", "social_benefits", "housing", "integration_course"], 2
                    )
                )
            ),
            support_needs="",
            expectations="",
            livelihood=rng.choice(
                ["sgb_ii", "sgb_ii", "employment", "other_benefits", "own_means"]
            ),
            crisis=rng.random() < 0.1,
            outcome=outcome,
            referral_target="Flüchtlingsberatung" if outcome == "referral" else "",
        )
        if rng.random() < 0.8:
            share = rng.random() < 0.6
            consent = Consent.objects.create(
                client=client,
                informed_on=day,
                information_language=client.document_language,
                informed_by=counsellor,
                written=True,
                signed_on=day,
                scope_storage=True,
                scope_share_with_partners=share,
                other_recipients="Klassenlehrerin der Tochter"
                if share and rng.random() < 0.1
                else "",
                scope_contact_phone=True,
                scope_contact_email=rng.random() < 0.5,
            )
            if share:
                # On a fresh demo the network step (later) links its partners instead.
                consent.partner_links.set(
                    client.team.service.centre.partners.filter(name__in=CONSENT_PARTNERS)
                )


# Residence permits (§D17) for the demo: the kind follows the coarse residence situation;
# about one in ten temporary titles ends within the next 8 weeks, so the dashboard shows some.
PERMIT_BASES = [
    "§ 16a AufenthG",
    "§ 18b AufenthG",
    "§ 24 AufenthG",
    "§ 25 Abs. 2 AufenthG",
    "§ 25b AufenthG",
    "§ 28 Abs. 1 AufenthG",
    "§ 30 AufenthG",
    "§ 32 AufenthG",
]
PERMITS_AT_MOST = 3000


def _demo_permit(rng: random.Random, client: Client, today: date, staff: list[int]) -> list:
    """One client's permits, oldest first: (kind, basis, from, until, recorded_by)."""
    who = rng.choice(staff)
    start = today - timedelta(days=rng.randint(30, 900))
    if client.residence == "permanent":
        kind = rng.choice([PermitKind.SETTLEMENT_PERMIT, PermitKind.EU_LONG_TERM])
        return [(kind, "", start, None, who)]
    until = today + timedelta(days=rng.randint(-20, 700))
    if client.residence == "asylum_seeker":
        return [(PermitKind.ASYLUM_PERMISSION, "", start, until, who)]
    if client.residence == "temporary":
        earlier = start - timedelta(days=rng.randint(90, 400))
        return [
            (PermitKind.FICTION_CERTIFICATE, "", earlier, start, who),
            (PermitKind.RESIDENCE_PERMIT, rng.choice(PERMIT_BASES), start, until, who),
        ]
    if client.residence == "no_status" or rng.random() < 0.3:
        return [(PermitKind.TOLERATION, "", start, until, who)]
    return []


@demo_step("client_permits", order=12)
def demo_permits(context: DemoContext) -> dict[str, int]:
    if ResidencePermit.objects.exists():
        return {"permits_created": 0}
    rng = context.rng
    today = timezone.localdate()
    staff = {team.pk: _counsellors(team) for team in context.teams.values()}
    rows: list[ResidencePermit] = []
    clients = Client.objects.only("pk", "team_id", "residence").order_by("pk")[:PERMITS_AT_MOST]
    for client in clients:
        if not staff.get(client.team_id):
            continue
        for kind, basis, start, until, who in _demo_permit(
            rng, client, today, staff[client.team_id]
        ):
            rows.append(
                ResidencePermit(
                    client_id=client.pk,
                    kind=kind,
                    legal_basis=basis,
                    valid_from=start,
                    valid_until=until,
                    recorded_by_id=who,
                )
            )
    ResidencePermit.objects.bulk_create(rows, batch_size=BATCH)
    return {"permits_created": len(rows)}
