"""Demo: a handful of young people counselled by the JMD and the MBE (DOMAIN §D16).

Each pair is one fake person: a JMD file of someone aged 18–26 and a new MBE file with the
same name and date of birth, linked as the same person, so the statistics show persons in
several services. Seeded on its own (not the shared random generator), so the other demo
steps draw the same numbers whether or not this one ran.
"""

from __future__ import annotations

import random
from datetime import date
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from lotse.accounts.models import Membership
from lotse.accounts.roles import Role
from lotse.common.registry import demo_step

from .models import Client
from .services import ClientData, client_create
from .services.person_link import link_files

if TYPE_CHECKING:
    from lotse.demo.data import DemoContext

PAIRS = 5


def _age(client: Client, today: date) -> int:
    born = client.birth_date
    if born is None:
        return -1
    return int(today.year - born.year - ((today.month, today.day) < (born.month, born.day)))


@demo_step("person_links", order=14)
def demo_person_links(context: DemoContext) -> dict[str, int]:
    if Client.objects.filter(person_key__isnull=False).exists():
        return {"person_links_created": 0}
    jmd, mbe = context.teams["jmd"], context.teams["mbe"]
    today = timezone.localdate()
    rows = Client.objects.filter(
        team=jmd,
        merged_into__isnull=True,
        anonymised_at__isnull=True,
        is_anonymous=False,
        birth_year__gte=today.year - 27,
        birth_year__lte=today.year - 18,
    ).order_by("pk")[:300]
    young = [c for c in rows if 18 <= _age(c, today) <= 26]
    rng = random.Random(context.seed + 16)  # noqa: S311  # nosec B311 - repeatable demo data
    lead = Membership.objects.filter(team=mbe, role=Role.TEAM_LEAD).select_related("user").first()
    created = 0
    for person in rng.sample(young, min(PAIRS, len(young))):
        origin: Any = person.country_of_origin
        copy = client_create(
            team=mbe,
            data=ClientData(
                first_name=person.first_name,
                last_name=person.last_name,
                birth_date=person.birth_date,
                gender=person.gender,
                # django-countries' multiple field holds Country objects; its stubs say str.
                nationalities=[getattr(c, "code", c) for c in person.nationalities],
                country_of_origin=getattr(origin, "code", "") or "",
                document_language=person.document_language,
                residence=person.residence,
            ),
        )
        link_files(files=[person, copy], by=lead.user if lead else None, via="demo")
        created += 1
    return {"person_links_created": created}
