"""The network and the volunteers of the recount world (issue #16, Done-when): partners,
cooperation agreements, referrals and network activities of both centres, volunteers,
partnerships, meetings and completed trainings of every team — drawn from ``random.Random``.

The edges of the rules are put in on purpose: agreements that end on the last day of a tested
period or begin the day after it, inactive partners with current agreements, referrals on a
period's first and last day and without feedback yet, volunteers who leave on the first day of
a period or are still applicants, volunteers aged exactly 27 and 28 at a period's end,
partnerships only proposed (never started) and ended on a period's first day.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from lotse.network.models import Activity, CooperationAgreement, Partner, Referral
from lotse.organisation.models import Centre
from lotse.volunteers.models import (
    Meeting,
    Partnership,
    TandemPartner,
    Volunteer,
)

from .world import LAST, World, _day

CATEGORIES = [
    # mandatory (DOMAIN §D7) ...
    "course_provider", "foreigners_authority", "registration_office", "mbe_other_provider",
    "jobcenter", "bamf_coordinator", "municipal_integration_office", "childcare",
    # ... as needed, internal and others
    "jmd", "health_social", "school", "chamber", "internal_service", "migrant_organisation",
]  # fmt: skip
TOPICS = ["information_events", "counselling_in_course", "dropout_alerts", "responsibilities",
          "resource_pooling", "intercultural_opening"]  # fmt: skip
KINDS = ["information_event", "training", "joint_action", "working_group", "community_work",
         "anti_discrimination"]  # fmt: skip
OUTCOMES = ["pending", "accepted", "completed", "declined", "no_show"]
STATUSES = ["applicant", "in_training", "active", "paused", "left"]
# The ends of the tested periods: an agreement ending there is current, one starting the day
# after is not yet.
PERIOD_ENDS = (date(2025, 12, 31), date(2026, 6, 30), date(2025, 2, 28))
PERIOD_STARTS = (date(2025, 1, 1), date(2026, 4, 1), date(2025, 2, 1))


def _partners(rng: random.Random, centre: Centre) -> list[Partner]:
    partners = []
    # Leave one or two mandatory categories out in each centre, so "covered" is not all.
    categories = [c for c in CATEGORIES if rng.random() < 0.85]
    for i, category in enumerate(categories):
        for j in range(rng.choice([1, 1, 2])):
            partners.append(
                Partner.objects.create(
                    centre=centre,
                    name=f"Partner {centre.statistics_id} {i}-{j}",
                    tier="mandatory",
                    category=category,
                    active=rng.random() < 0.85,
                    opening_in_mission_statement=rng.random() < 0.3,
                )
            )
    return partners


def _agreements(rng: random.Random, partners: list[Partner]) -> None:
    for partner in partners:
        for _ in range(rng.choice([0, 1, 1, 2])):
            edge = rng.random()
            if edge < 0.15:
                end = rng.choice(PERIOD_ENDS)
                start, until = end - timedelta(days=400), end  # current on its last day
            elif edge < 0.3:
                start, until = rng.choice(PERIOD_ENDS) + timedelta(days=1), None  # not yet
            else:
                start = _day(rng, date(2022, 1, 1), LAST)
                until = None if rng.random() < 0.5 else start + timedelta(days=rng.randint(30, 900))
            chosen = rng.sample(TOPICS, rng.randint(0, 3))
            CooperationAgreement.objects.create(
                partner=partner, title="Kooperation", valid_from=start, valid_until=until,
                **{f"topic_{topic}": True for topic in chosen},
            )  # fmt: skip


def _referrals(rng: random.Random, world: World, centre: Centre, partners: list[Partner]) -> None:
    by = world.counsellors[0]
    files = [
        c for c in world.clients
        if c.team.service.centre_id == centre.pk and c.merged_into_id is None
    ]  # fmt: skip
    for _ in range(40):
        on = rng.choice([*PERIOD_STARTS, *PERIOD_ENDS]) if rng.random() < 0.2 else _day(rng)
        Referral.objects.create(
            client=rng.choice(files), partner=rng.choice(partners), created_by=by,
            direction=rng.choice(["outgoing", "outgoing", "incoming"]), purpose="Antrag",
            referred_on=on, outcome=rng.choice(OUTCOMES), without_personal_data=True,
        )  # fmt: skip


def _activities(rng: random.Random, world: World, centre: Centre) -> None:
    for kind in KINDS:
        days = [*(_day(rng) for _ in range(rng.randint(2, 6))), rng.choice(PERIOD_STARTS)]
        for day in days:
            Activity.objects.create(
                centre=centre, kind=kind, topic="Netzwerk", held_on=day,
                participants=rng.randint(0, 40), created_by=world.counsellors[0],
                partner_staff=rng.randint(0, 12) if kind == "training" else 0,
            )  # fmt: skip


def _volunteers(rng: random.Random, world: World) -> None:
    by = world.counsellors[0]
    for team in world.teams:
        volunteers = []
        for i in range(rng.randint(6, 10)):
            status = rng.choice(STATUSES)
            latest = date(2024, 12, 1) if status == "left" else LAST
            registered = _day(rng, date(2023, 1, 1), latest)
            left = None
            if status == "left":
                left = rng.choice([
                    *PERIOD_STARTS, *PERIOD_ENDS,
                    min(registered + timedelta(days=rng.randint(0, 500)), LAST),
                ])  # fmt: skip
                left = max(left, registered)
            birth_year = rng.choice([None, 1960, 1985, 1997, 1998, 2000, 2005])
            trained = None
            if status != "applicant" and rng.random() < 0.7:
                trained = min(registered + timedelta(days=rng.randint(20, 90)), LAST)
            volunteers.append(
                Volunteer.objects.create(
                    team=team,
                    first_name=f"Ehrenamt {i}",
                    last_name="Test",
                    status=status,
                    status_since=registered,
                    registered_on=registered,
                    left_on=left,
                    birth_year=birth_year,
                    training_completed_on=trained,
                    created_by=by,
                )
            )
        # On board at the start of 2025 and leaving on its last day: not "still on board".
        volunteers.append(
            Volunteer.objects.create(
                team=team,
                first_name="Ehrenamt E",
                last_name="Test",
                status="left",
                status_since=date(2025, 12, 31),
                registered_on=date(2024, 3, 1),
                left_on=date(2025, 12, 31),
                birth_year=1998,
                created_by=by,
            )
        )
        for j in range(rng.randint(3, 6)):
            proposed = _day(rng, date(2023, 6, 1), LAST)
            partner = TandemPartner.objects.create(
                team=team, first_name=f"Tandem {j}", consent_on=proposed - timedelta(days=3)
            )
            volunteer = rng.choice(volunteers)
            started = None if rng.random() < 0.2 else min(proposed + timedelta(days=7), LAST)
            ended = None
            if started is not None and rng.random() < 0.5:
                ended = rng.choice([*PERIOD_STARTS, started + timedelta(days=rng.randint(0, 400))])
                ended = min(max(ended, started), LAST)
            partnership = Partnership.objects.create(
                volunteer=volunteer, partner=partner, proposed_on=proposed, started_on=started,
                ended_on=ended, status="ended" if ended else "active" if started else "proposed",
                confirmed_by=by,
            )  # fmt: skip
            if started is None:
                continue
            for _ in range(rng.randint(0, 8)):
                Meeting.objects.create(
                    partnership=partnership, date=_day(rng, started, ended or LAST),
                    duration_minutes=rng.choice([60, 90, 120]), logged_by=by,
                )  # fmt: skip


def build_network(world: World, *, seed: int = 17) -> None:
    """Add the network and the volunteers to ``world`` (after ``build_world``)."""
    rng = random.Random(seed)
    centres = Centre.objects.filter(services__teams__in=world.team_ids).distinct().order_by("pk")
    for centre in centres:
        partners = _partners(rng, centre)
        _agreements(rng, partners)
        _referrals(rng, world, centre, partners)
        _activities(rng, world, centre)
    _volunteers(rng, world)
