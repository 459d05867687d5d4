"""Synthetic clients and contacts for the statistics tests (no real people, seeded)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from itertools import count

from lotse.accounts.models import User
from lotse.clients.models import Client, CounsellingContact, HouseholdMember, Intake, Topic
from lotse.organisation.models import Centre, Provider, Service, Team

_numbers = count(1)
GENDERS = ["female", "male", "diverse", "not_stated"]
RESIDENCES = ["permanent", "asylum_seeker", "temporary", "unknown", "resettler"]
COUNTRIES = ["SY", "AF", "TR", "UA", "PL", "ER", "IQ"]


def make_client(team: Team, **fields: object) -> Client:
    number = next(_numbers)
    defaults: dict[str, object] = {"file_number": f"T-{team.pk}-{number:05d}"}
    defaults.update(fields)
    return Client.objects.create(team=team, **defaults)


def make_contact(
    client: Client,
    on: date,
    counsellor: User,
    *,
    minutes: int = 60,
    topics: list[Topic] | None = None,
    form: str = "in_person",
    language: str = "de",
) -> CounsellingContact:
    contact = CounsellingContact.objects.create(
        client=client,
        date=on,
        duration_minutes=minutes,
        form=form,
        language=language,
        counsellor=counsellor,
    )
    if topics:
        contact.topics.set(topics)
    return contact


def populate(team: Team, counsellor: User, *, clients: int, seed: int, year: int = 2025) -> None:
    """``clients`` clients of ``team`` with 1–4 contacts each in ``year``, varied attributes."""
    rng = random.Random(seed)
    topics = list(Topic.objects.all()[:8])
    start = date(year, 1, 1)
    for _ in range(clients):
        country = rng.choice(COUNTRIES)
        client = make_client(
            team,
            gender=rng.choice(GENDERS),
            residence=rng.choice(RESIDENCES),
            birth_date=date(rng.randint(1950, 2010), rng.randint(1, 12), rng.randint(1, 28)),
            country_of_origin=country,
            nationalities=[country] if rng.random() < 0.9 else [country, "DE"],
            entry_date=start - timedelta(days=rng.randint(30, 3000)),
        )
        for _ in range(rng.randint(1, 4)):
            make_contact(
                client,
                start + timedelta(days=rng.randint(0, 364)),
                counsellor,
                minutes=rng.choice([30, 45, 60, 90]),
                topics=rng.sample(topics, rng.randint(0, 3)),
                form=rng.choice(["in_person", "phone", "email"]),
                language=rng.choice(["de", "ar", "tr", "uk"]),
            )
        if rng.random() < 0.3:
            HouseholdMember.objects.create(client=client, relation="child", counselled_along=True)
        if rng.random() < 0.5:
            Intake.objects.create(
                client=client,
                service=team.service.kind,
                date=start + timedelta(days=rng.randint(0, 300)),
                access_channel=rng.choice(["walk_in", "phone", "referred"]),
                outcome=rng.choice(["counselling", "waiting_list", "referral"]),
                counsellor=counsellor,
            )


def second_centre(provider: Provider, statistics_id: str = "t-2") -> Team:
    centre = Centre.objects.create(
        provider=provider, name="Zweite Stelle", statistics_id=statistics_id
    )
    service = Service.objects.create(centre=centre, kind="mbe")
    return Team.objects.create(service=service, name="Team C")
