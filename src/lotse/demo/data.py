"""Synthetic demo organisation modelled on the AWO seed centre (DOMAIN §D1, seed 001).

Names come from a seeded Faker: repeatable, plausible, never a real person.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import Decimal
from importlib import import_module

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from faker import Faker

from lotse.accounts.models import Membership, User
from lotse.accounts.roles import Role
from lotse.audit.context import Actor, acting_as
from lotse.common.registry import DemoStep, demo_steps
from lotse.organisation.models import Centre, Provider, Service, ServiceKind, Team
from lotse.stats.models import PeriodAggregate

DEMO_PASSWORD = "Lotse-Demo-2026!"  # noqa: S105  # nosec B105 - published on purpose, demo only
# Published on purpose so that anyone trying the demo can add it to an authenticator app.
DEMO_TOTP_SECRET = "LOTSEDEMOLOTSEDEMOLOTSEDEMO23456"  # noqa: S105  # nosec B105
DEMO_DOMAIN = "demo.lotse.invalid"
FAKER_LOCALES = ["de_DE", "ar_AA", "tr_TR", "fa_IR", "uk_UA", "ru_RU", "fr_FR"]


@dataclass(frozen=True)
class DemoUser:
    email: str
    role: str
    team: str
    fte: Decimal
    languages: str
    read_only: bool = False


DEMO_USERS = [
    DemoUser(f"beratung1@{DEMO_DOMAIN}", Role.COUNSELLOR, "mbe", Decimal("1.00"), "ar,fr,de"),
    DemoUser(f"beratung2@{DEMO_DOMAIN}", Role.COUNSELLOR, "mbe", Decimal("0.50"), "tr,en,de"),
    DemoUser(f"jmd@{DEMO_DOMAIN}", Role.COUNSELLOR, "jmd", Decimal("1.00"), "ru,uk,de"),
    DemoUser(f"teamleitung@{DEMO_DOMAIN}", Role.TEAM_LEAD, "mbe", Decimal("0.50"), "de,en"),
    DemoUser(f"ehrenamt@{DEMO_DOMAIN}", Role.VOLUNTEER_COORDINATOR, "mbe", Decimal("0.50"), "de"),
    DemoUser(f"statistik@{DEMO_DOMAIN}", Role.STATISTICS_OFFICER, "mbe", Decimal("0.20"), "de"),
    DemoUser(
        f"datenschutz@{DEMO_DOMAIN}", Role.DATA_PROTECTION_OFFICER, "mbe", Decimal("0.10"), "de"
    ),
    DemoUser(f"verwaltung@{DEMO_DOMAIN}", Role.ADMINISTRATOR, "mbe", Decimal("0.50"), "de"),
]


def ensure_demo_allowed() -> None:
    if not settings.DEMO_ALLOWED:
        raise ImproperlyConfigured(
            "Demo data has known passwords and is only allowed with LOTSE_DEBUG=1."
        )


@dataclass
class DemoContext:
    """What every demo step gets: the demo centre, its teams and seeded randomness."""

    centre: Centre
    teams: dict[str, Team]
    seed: int
    rng: random.Random
    clients: int
    contacts: int

    def fakers(self) -> dict[str, Faker]:
        fakers = {locale: Faker(locale) for locale in FAKER_LOCALES}
        for offset, faker in enumerate(fakers.values()):
            faker.seed_instance(self.seed + offset)
        return fakers


def _steps() -> list[DemoStep]:
    # Each app may contribute ``lotse/<app>/demo.py`` with @demo_step functions.
    for config in apps.get_app_configs():
        if config.name.startswith("lotse."):
            try:
                import_module(f"{config.name}.demo")
            except ModuleNotFoundError as error:
                if error.name != f"{config.name}.demo":
                    raise
    return demo_steps()


def forget_kept_statistics() -> None:
    PeriodAggregate.objects.all().delete()


def build_demo(
    *, clients: int = 300, contacts: int | None = None, seed: int = 2026
) -> dict[str, int]:
    ensure_demo_allowed()
    # The organisation is created in one transaction; each step then commits in batches of its
    # own, so that a benchmark-sized demo does not become one huge transaction.
    with acting_as(Actor(None, "system:demo")), transaction.atomic():
        provider, _ = Provider.objects.get_or_create(
            name="AWO Kreisverband Musterstadt e.V.", defaults={"short_name": "AWO Musterstadt"}
        )
        centre, _ = Centre.objects.get_or_create(
            provider=provider,
            name="Migrationsberatung Musterstadt",
            defaults={
                "street": "Beispielstraße 12",
                "postal_code": "12345",
                "city": "Musterstadt",
                "phone": "01234 56789-0",
                "email": f"migration@{DEMO_DOMAIN}",
                "office_hours": "Mo–Fr 09:00–15:00, Termine nach Vereinbarung",
                "statistics_id": "demo-centre-0001",
            },
        )
        teams: dict[str, Team] = {}
        for kind, team_name in [(ServiceKind.MBE, "MBE-Team"), (ServiceKind.JMD, "JMD-Team")]:
            service, _ = Service.objects.get_or_create(centre=centre, kind=kind)
            teams[kind.value], _ = Team.objects.get_or_create(service=service, name=team_name)

        fake = Faker("de_DE")
        fake.seed_instance(seed)
        for spec in DEMO_USERS:
            user = User.objects.filter(email=spec.email).first()
            if user is None:
                user = User.objects.create_user(
                    email=spec.email,
                    password=DEMO_PASSWORD,
                    full_name=f"{fake.first_name()} {fake.last_name()}",
                    fte=spec.fte,
                    languages=spec.languages,
                )
            Membership.objects.get_or_create(
                user=user,
                team=teams[spec.team],
                role=spec.role,
                defaults={"read_only": spec.read_only},
            )
            if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
                TOTP.activate(user, DEMO_TOTP_SECRET)

        context = DemoContext(
            centre=centre,
            teams=teams,
            seed=seed,
            rng=random.Random(seed),  # nosec B311 - repeatable demo data, not security
            clients=clients,
            contacts=contacts if contacts is not None else clients * 6,
        )
    results: dict[str, int] = {}
    with acting_as(Actor(None, "system:demo")):
        for step in _steps():
            results.update(step.run(context) or {})
    # The steps bulk-create records past the statistics' signals: counts kept before are
    # forgotten and counted again when first asked for.
    forget_kept_statistics()
    return {"users": len(DEMO_USERS), **results}
