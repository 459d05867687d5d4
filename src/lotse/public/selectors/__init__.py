"""What the public pages read: centres, their services, staff languages and office hours.

Only organisation data leaves through here — never anything about clients or requests.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time

from django.db.models import QuerySet

from lotse.appointments.models import OfficeHours, Weekday
from lotse.appointments.selectors import staff_languages
from lotse.organisation.models import Centre, ServiceKind

from ..finder import CentreFacts
from ..texts import service_name

# Services in the order of DOMAIN §D1 (MBE first), not alphabetically by code.
KIND_ORDER = {kind.value: index for index, kind in enumerate(ServiceKind)}


@dataclass(frozen=True)
class HoursRow:
    weekday: int
    label: str
    periods: list[tuple[time, time]]


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


def weekly_hours(centres: list[Centre]) -> dict[int, list[HoursRow]]:
    """Centre id → its weekly office hours grouped by weekday (labels in the active language)."""
    labels = dict(Weekday.choices)
    grouped: dict[int, dict[int, list[tuple[time, time]]]] = {c.pk: {} for c in centres}
    for row in OfficeHours.objects.filter(centre__in=centres).order_by("weekday", "starts_at"):
        grouped[row.centre_id].setdefault(row.weekday, []).append((row.starts_at, row.ends_at))
    return {
        pk: [HoursRow(day, str(labels[day]), periods) for day, periods in sorted(days.items())]
        for pk, days in grouped.items()
    }


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
