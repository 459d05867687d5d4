"""Makers for volunteer test data, also used by tests/test_access_matrix.py::SAMPLES.

Each sample maker takes the ``Org`` of tests/lotse_testing.py and returns a primary key of an
object of team A (or, for the JMD offer, team B).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from lotse.organisation.models import Team
from lotse.volunteers import services
from lotse.volunteers.models import (
    District,
    Partnership,
    TandemPartner,
    TrainingModule,
    Volunteer,
)
from lotse.volunteers.states import PartnershipStatus, VolunteerStatus
from lotse_testing import Org


def district(org: Org, name: str = "Nordstadt") -> District:
    return District.objects.get_or_create(centre=org.centre, name=name)[0]


def make_volunteer(
    org: Org,
    *,
    first_name: str = "Greta",
    last_name: str = "Sommer",
    team: Team | None = None,
    languages: Mapping[str, str] | None = None,
    active: bool = True,
    registered_on: date | None = None,
    **values: Any,
) -> Volunteer:
    """A volunteer with consent; ``active`` marks the training done and the status active."""
    registered_on = registered_on or timezone.localdate() - timedelta(days=200)
    districts = values.pop("districts", [district(org)])
    volunteer = services.volunteer_create(
        team=team or org.team_a,
        created_by=org.users["coordinator"],
        values={
            "first_name": first_name,
            "last_name": last_name,
            "gender": values.pop("gender", "female"),
            "consent_on": registered_on,
            "slots": values.pop("slots", ["mon_evening", "wed_evening"]),
            "interests": values.pop("interests", ["cooking"]),
            **values,
        },
        languages=languages or {"de": "native", "ar": "B"},
        districts=districts,
        today=registered_on,
    )
    if active:
        Volunteer.objects.filter(pk=volunteer.pk).update(
            status=VolunteerStatus.ACTIVE,
            training_completed_on=registered_on + timedelta(days=30),
            status_since=registered_on + timedelta(days=30),
        )
        volunteer.refresh_from_db()
    return volunteer


def make_partner(
    org: Org,
    *,
    first_name: str = "Samira",
    client: Any = None,
    languages: Mapping[str, str] | None = None,
    **values: Any,
) -> TandemPartner:
    consent_on = values.pop("consent_on", timezone.localdate() - timedelta(days=100))
    fields = {
        "first_name": first_name,
        "gender": values.pop("gender", "female"),
        "district": values.pop("district", district(org)),
        "slots": values.pop("slots", ["mon_evening"]),
        "interests": values.pop("interests", ["cooking"]),
        "consent_on": consent_on,
        **values,
    }
    langs = languages or {"ar": "native", "de": "A"}
    if client is not None:
        return services.partner_refer(
            client=client,
            team=org.team_a,
            values=fields,
            languages=langs,
            referred_by=org.users["counsellor"],
        )
    return services.partner_create(
        team=org.team_a, values=fields, languages=langs, created_by=org.users["coordinator"]
    )


def make_partnership(
    org: Org,
    volunteer: Volunteer,
    partner: TandemPartner,
    *,
    status: str = PartnershipStatus.ACTIVE,
    started_days_ago: int = 40,
) -> Partnership:
    proposed = timezone.localdate() - timedelta(days=started_days_ago + 5)
    partnership = services.partnership_propose(
        partner=partner, volunteer=volunteer, confirmed_by=org.users["coordinator"], today=proposed
    )
    if status != PartnershipStatus.PROPOSED:
        partnership = services.partnership_transition(
            partnership=partnership,
            target=PartnershipStatus.ACTIVE,
            expected_version=partnership.version,
            on=proposed + timedelta(days=5),
        )
    if status in (PartnershipStatus.PAUSED, PartnershipStatus.ENDED):
        partnership = services.partnership_transition(
            partnership=partnership,
            target=status,
            expected_version=partnership.version,
            reason="other" if status == PartnershipStatus.ENDED else "",
        )
    return partnership


def complete_training(org: Org, volunteer: Volunteer, *, first_day: date | None = None) -> None:
    """Sessions for all five modules, the volunteer present at each."""
    first_day = first_day or timezone.localdate() - timedelta(days=60)
    for offset, module in enumerate(TrainingModule.objects.order_by("position")):
        session = services.training_session_create(
            team=volunteer.team,
            module=module,
            date=first_day + timedelta(days=7 * offset),
            hours=module.hours,
            created_by=org.users["coordinator"],
        )
        services.attendance_set(session=session, volunteers=[volunteer])
    volunteer.refresh_from_db()


# --- samples for the access matrix ---------------------------------------------------------


def volunteer_a(org: Org) -> int:
    """An active volunteer of team A, paired with client A."""
    volunteer = make_volunteer(org)
    make_partnership(org, volunteer, make_partner(org, client=org.client_a))
    return volunteer.pk


def volunteer_trained(org: Org) -> int:
    volunteer = make_volunteer(org, first_name="Theo", active=False)
    complete_training(org, volunteer)
    return volunteer.pk


def training_session_a(org: Org) -> int:
    module = TrainingModule.objects.order_by("position").first()
    assert module is not None
    return services.training_session_create(
        team=org.team_a,
        module=module,
        date=timezone.localdate(),
        hours=module.hours,
        created_by=org.users["coordinator"],
    ).pk


def volunteer_partner_a(org: Org) -> int:
    return make_partner(org).pk


def partnership_a(org: Org) -> int:
    return make_partnership(org, make_volunteer(org), make_partner(org)).pk


def group_evening_a(org: Org) -> int:
    return services.evening_create(
        team=org.team_a, date=timezone.localdate(), created_by=org.users["coordinator"]
    ).pk


def jmd_offer_b(org: Org) -> int:
    return services.offer_create(
        team=org.team_b, title="Bewerbungstraining", created_by=org.users["stranger"]
    ).pk
