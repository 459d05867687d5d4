"""Synthetic clients for ``lotse demo`` (seeded Faker in the languages of the seed centre)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lotse.common.registry import demo_step
from lotse.organisation.models import ServiceKind

from .models import Client
from .services import client_create

if TYPE_CHECKING:
    from lotse.demo.data import DemoContext


@demo_step("clients", order=10)
def demo_clients(context: DemoContext) -> dict[str, int]:
    if Client.objects.exists():
        return {"clients_created": 0}
    rng = context.rng
    fakers = context.fakers()
    locales = list(fakers)
    for _ in range(context.clients):
        faker = fakers[rng.choice(locales)]
        team = context.teams["jmd"] if rng.random() < 0.25 else context.teams["mbe"]
        age = rng.randint(14, 26) if team.service.kind == ServiceKind.JMD else rng.randint(27, 70)
        client_create(
            team=team,
            first_name=faker.first_name(),
            last_name=faker.last_name(),
            birth_date=faker.date_of_birth(minimum_age=age, maximum_age=age),
        )
    return {"clients_created": context.clients}
