"""What the public pages read: centres, their services, staff languages and office hours.

Only organisation data leaves through here — never anything about clients or requests.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet

from lotse.appointments.selectors import HoursRow, staff_languages, weekly_hours
from lotse.organisation.models import Centre, ServiceKind

from ..finder import CentreFacts
from ..texts import service_name

# Services in the order of DOMAIN §D1 (MBE first), not alphabetically by code.
KIND_ORDER = {kind.value: index for index, kind in enumerate(ServiceKind)}


@dataclass
class CentreCard:
    centre: Centre
    services: list[str]
    languages: list[str]
    hours: list[HoursRow] = field(default_factory=list)
    score: int = 0

    @property
    def facts(self) -> CentreFacts:
        return CentreFacts(
            id=self.centre.pk,
            name=self.centre.name,
            postal_code=self.centre.postal_code,
            city=self.centre.city,
            services=tuple(self.services),
            languages=tuple(self.languages),
        )

    @property
    def service_labels(self) -> list[str]:
        return [service_name(kind) for kind in self.services]

    @property
    def nearby(self) -> bool:
        return 1 < self.score < 100


def public_centres() -> QuerySet[Centre]:
    return Centre.objects.select_related("provider").prefetch_related("services").order_by("name")


def centre_cards(centres: QuerySet[Centre] | None = None) -> list[CentreCard]:
    rows = list(public_centres() if centres is None else centres)
    languages = staff_languages(rows)
    hours = weekly_hours(rows)
    return [
        CentreCard(
            centre=centre,
            services=sorted(
                (s.kind for s in centre.services.all()), key=lambda kind: KIND_ORDER.get(kind, 99)
            ),
            languages=languages.get(centre.pk, []),
            hours=hours.get(centre.pk, []),
        )
        for centre in rows
    ]


def all_staff_languages(cards: list[CentreCard]) -> list[str]:
    codes: set[str] = set()
    for card in cards:
        codes.update(card.languages)
    return sorted(codes)
