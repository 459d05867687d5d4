"""A seeded, realistic small world for the full recount (issue #16, Done-when): one provider,
two centres, teams of MBE, JMD and refugee counselling, ~150 clients over 2024–2026.

Everything is drawn from ``random.Random(seed)``, so a failing figure can be rebuilt. The edge
cases the counting rules get wrong easily are put in on purpose: births on 29 February and on
month ends, missing birth dates and years only, two nationalities, contacts with 0–3 topics,
group-only participants, a merged duplicate, two files of one person (``person_key``) in MBE
and JMD, a case reopened and closed twice in a period, first contacts after a case's opening,
waiting-list entries still open and left, and permits recorded before and after openings.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta

from lotse.accounts.models import Membership, User
from lotse.accounts.roles import Role
from lotse.cases.models import Case, Closure, Goal, PhaseChange, SupportPlan
from lotse.cases.phases import ClosureReason, Phase
from lotse.cases.planning import GoalStatus, Module, Responsible
from lotse.cases.services import case_open
from lotse.clients.models import (
    Client,
    CounsellingContact,
    HouseholdMember,
    Intake,
    ResidencePermit,
    Topic,
)
from lotse.clients.services.clients import client_merge
from lotse.organisation.models import Centre, Service, ServiceKind, Team
from lotse.volunteers.models import (
    GroupEvening,
    GroupOffer,
    GroupOfferDate,
    GroupOfferParticipant,
)
from lotse_testing import Org

FIRST = date(2024, 1, 1)
LAST = date(2026, 11, 30)  # before "today" in the tests (no future dates in the services)
GENDERS = ["female", "male", "diverse", "not_stated"]
RESIDENCES = ["permanent", "resettler", "asylum_seeker", "temporary", "no_status", "unknown"]
COUNTRIES = ["SY", "AF", "TR", "UA", "PL", "ER", "IQ", "RO", "NG", "RU", "VN", "XK"]
FORMS = ["in_person", "phone", "email", "video", "home_visit", "accompaniment"]
LANGUAGES = ["de", "ar", "tr", "uk", "fa", "ru"]
LIVELIHOODS = ["employment", "training", "sgb_ii", "other_benefits", "own_means", "unknown"]
CHANNELS = ["walk_in", "phone", "email", "online", "referred"]
OUTCOMES = ["counselling", "case_management", "referral", "waiting_list"]
PERMITS = ["aufenthaltserlaubnis", "niederlassungserlaubnis", "aufenthaltsgestattung", "duldung",
           "eu_freizuegigkeit", "none"]  # fmt: skip
REASONS = [r.value for r in ClosureReason]
STATUSES = [s.value for s in GoalStatus]
INDICATOR_CODES = ["residence_secured", "labour_market_integration", "integration_course",
                   "employment_contract", "course_completed", "crises_mastered"]  # fmt: skip
PHASES = [Phase.SUPPORT_PLAN, Phase.AGREEMENT, Phase.IMPLEMENTATION, Phase.REVIEW,
          Phase.EVALUATION, Phase.SUSTAINABILITY]  # fmt: skip


@dataclass
class World:
    org: Org
    teams: list[Team]
    team_ids: list[int]
    counsellors: list[User]
    clients: list[Client] = field(default_factory=list)
    merged: Client | None = None
    linked: tuple[Client, Client] | None = None
    group_only: list[Client] = field(default_factory=list)


def _day(rng: random.Random, start: date = FIRST, end: date = LAST) -> date:
    return start + timedelta(days=rng.randint(0, (end - start).days))


def _birth(rng: random.Random, i: int) -> dict[str, object]:
    """Birth dates with the edge cases of the age rule: 29 February, month ends, the last day
    of a period, only a year, nothing."""
    kind = i % 10
    if kind == 0:
        return {}
    if kind == 1:
        return {"birth_year": rng.randint(1950, 2012)}
    if kind == 2:
        return {"birth_date": date(rng.choice([1996, 2000, 2008, 2012, 1972]), 2, 29)}
    if kind == 3:
        month = rng.choice([3, 6, 9, 12])
        return {"birth_date": date(rng.randint(1960, 2010), month, 30 if month in (6, 9) else 31)}
    if kind == 4:
        return {"birth_date": date(rng.choice([1999, 2007, 2013, 1975]), 12, 31)}
    if kind == 5:
        return {"birth_date": date(rng.choice([1998, 2008, 2014, 1960]), 6, 30)}
    return {"birth_date": date(rng.randint(1945, 2020), rng.randint(1, 12), rng.randint(1, 28))}


def _teams(org: Org) -> tuple[list[Team], list[User]]:
    centre = Centre.objects.create(
        provider=org.provider, name="Beratungsstelle Nord", statistics_id="t-2"
    )
    mbe = Service.objects.create(centre=centre, kind=ServiceKind.MBE)
    refugee = Service.objects.create(centre=centre, kind=ServiceKind.REFUGEE)
    team_c = Team.objects.create(service=mbe, name="Team C")
    team_d = Team.objects.create(service=refugee, name="Team D")
    first, second = org.users["counsellor"], org.users["stranger"]
    # The first counsellor works in two teams (two centres); the second in two as well.
    Membership.objects.create(user=first, team=team_c, role=Role.COUNSELLOR)
    Membership.objects.create(user=second, team=team_d, role=Role.COUNSELLOR)
    # Posts: 0.8 split over two centres, 0.5 over two teams of one centre (§D16: never twice).
    User.objects.filter(pk=first.pk).update(fte="0.80")
    User.objects.filter(pk=second.pk).update(fte="0.50")
    return [org.team_a, org.team_b, team_c, team_d], [first, second]


def _counsellor(world: World, team: Team) -> User:
    return (
        world.counsellors[0]
        if team.pk in (world.teams[0].pk, world.teams[2].pk)
        else (world.counsellors[1])
    )


def _client(rng: random.Random, team: Team, i: int) -> Client:
    country = rng.choice(COUNTRIES)
    nationalities = [country] if rng.random() < 0.8 else [country, rng.choice(["DE", "PL", "TR"])]
    if rng.random() < 0.05:
        nationalities = []
    return Client.objects.create(
        team=team,
        file_number=f"W-{team.pk}-{i:05d}",
        gender=rng.choice(GENDERS),
        residence=rng.choice(RESIDENCES),
        country_of_origin=country if rng.random() < 0.95 else "",
        nationalities=nationalities,
        entry_date=None if rng.random() < 0.1 else _day(rng, date(2010, 1, 1), date(2026, 6, 30)),
        **_birth(rng, i),
    )


def _contacts(rng: random.Random, world: World, client: Client, topics: list[Topic]) -> None:
    counsellors = [_counsellor(world, client.team)]
    if client.team_id == world.teams[0].pk:
        counsellors.append(world.counsellors[1])  # a colleague standing in
    for _ in range(rng.choice([0, 1, 1, 2, 3, 4, 6])):
        contact = CounsellingContact.objects.create(
            client=client,
            date=_day(rng),
            duration_minutes=rng.choice([10, 15, 30, 45, 50, 60, 75, 90, 120]),
            form=rng.choice(FORMS),
            language=rng.choice(LANGUAGES),
            counsellor=rng.choice(counsellors),
        )
        contact.topics.set(rng.sample(topics, rng.randint(0, 3)))


def _intakes(rng: random.Random, world: World, client: Client, topics: list[Topic]) -> None:
    for _ in range(rng.choice([0, 1, 1, 1, 2])):
        on = _day(rng)
        outcome = rng.choice(OUTCOMES)
        until = None
        if outcome == "waiting_list" and rng.random() < 0.6:
            until = min(on + timedelta(days=rng.choice([0, 3, 7, 8, 30, 31, 90, 91, 200])), LAST)
        intake = Intake.objects.create(
            client=client,
            service=client.team.service.kind,
            date=on,
            access_channel=rng.choice(CHANNELS),
            outcome=outcome,
            waiting_until=until,
            livelihood=rng.choice(LIVELIHOODS),
            residence=rng.choice([*RESIDENCES, ""]),
            counsellor=_counsellor(world, client.team),
        )
        intake.problem_areas.set(rng.sample(topics, rng.randint(0, 3)))


def _household(rng: random.Random, client: Client) -> None:
    for _ in range(rng.choice([0, 0, 0, 1, 2])):
        HouseholdMember.objects.create(
            client=client,
            relation=rng.choice(["spouse", "child", "parent"]),
            counselled_along=rng.random() < 0.7,
            birth_year=None if rng.random() < 0.2 else rng.randint(1950, 2024),
        )


def _permits(rng: random.Random, world: World, client: Client) -> None:
    for _ in range(rng.choice([0, 0, 1, 2])):
        ResidencePermit.objects.create(
            client=client,
            kind=rng.choice(PERMITS),
            valid_from=_day(rng, date(2023, 1, 1)),
            recorded_by=_counsellor(world, client.team),
        )


def _step(case: Case, to: str, on: date, by: User) -> None:
    PhaseChange.objects.create(
        case=case, from_phase=case.phase, to_phase=to, changed_on=on, changed_by=by
    )
    case.phase, case.phase_since = to, on
    case.save(update_fields=["phase", "phase_since"])


def _close(case: Case, on: date, by: User, rng: random.Random) -> None:
    Closure.objects.create(
        case=case, closed_on=on, reason=rng.choice(REASONS),
        livelihood=rng.choice(LIVELIHOODS), closed_by=by,
    )  # fmt: skip
    _step(case, Phase.CLOSED, on, by)


def _case(rng: random.Random, world: World, client: Client) -> None:
    by = _counsellor(world, client.team)
    opened = _day(rng, FIRST, date(2026, 9, 30))
    case = case_open(client=client, counsellor=by, opened_on=opened)
    day = opened
    for phase in PHASES[: rng.randint(0, len(PHASES))]:
        day += timedelta(days=rng.randint(5, 90))
        if day > LAST:
            break
        _step(case, phase, day, by)
    plans = rng.choice([0, 1, 1, 2])
    for number in range(1, plans + 1):
        plan = SupportPlan.objects.create(
            case=case, number=number, created_by=by, created_on=opened + timedelta(days=number)
        )
        for _ in range(rng.randint(0, 4)):
            Goal.objects.create(
                plan=plan, module=rng.choice(list(Module)).value, title="Ziel",
                target_date=opened + timedelta(days=180), responsible=Responsible.CLIENT.value,
                status=rng.choice(STATUSES),
                indicators=rng.sample(INDICATOR_CODES, rng.randint(0, 2)),
            )  # fmt: skip
    if rng.random() < 0.55:
        day += timedelta(days=rng.randint(1, 120))
        if day <= LAST:
            _close(case, day, by, rng)
            if rng.random() < 0.2:  # reopened and closed again, maybe in the same period
                again = day + timedelta(days=rng.randint(1, 60))
                if again + timedelta(days=30) <= LAST:
                    _step(case, Phase.IMPLEMENTATION, again, by)
                    _close(case, again + timedelta(days=rng.randint(0, 30)), by, rng)
    if rng.random() < 0.3:  # a first contact after the opening: never "at intake"
        Intake.objects.create(
            client=client, service=case.service, date=min(opened + timedelta(days=20), LAST),
            access_channel="walk_in", outcome="case_management", livelihood="employment",
            residence="permanent", counsellor=by,
        )  # fmt: skip


def _groups(rng: random.Random, world: World) -> None:
    by = world.counsellors[0]
    offers = [
        GroupOffer.objects.create(team=world.teams[0], title="Elternabend", created_by=by),
        GroupOffer.objects.create(team=world.teams[1], title="Jugendtreff", created_by=by),
        GroupOffer.objects.create(team=world.teams[3], title="Infoabend Asyl", created_by=by),
    ]
    for offer in offers:
        # One date in each tested period (2025, February 2025, the second quarter of 2026).
        for day in (date(2025, 2, 18), date(2025, 3, 4), date(2026, 5, 12)):
            GroupOfferDate.objects.create(offer=offer, date=day, participants=rng.randint(5, 15))
        for _ in range(rng.randint(2, 6)):
            GroupOfferDate.objects.create(
                offer=offer, date=_day(rng), participants=rng.randint(0, 25)
            )
    for team in world.teams:  # group evenings of the volunteers (a figure, not a contact)
        for day in [date(2025, 2, 20), *(_day(rng) for _ in range(rng.randint(0, 4)))]:
            GroupEvening.objects.create(team=team, date=day, created_by=by)
    for i, offer in enumerate(offers):
        team = offer.team
        # Participants only in groups (no counselling contact ever) and some regular clients,
        # also a client of another team taking part (counted in their own team's service).
        for j in range(3):
            guest = _client(rng, team, 9000 + 10 * i + j)
            world.group_only.append(guest)
            world.clients.append(guest)
            GroupOfferParticipant.objects.create(offer=offer, client=guest, added_by=by)
        pool = [c for c in world.clients if c.merged_into_id is None]
        for client in rng.sample(pool, 6):
            if not offer.participants.filter(client=client).exists():
                GroupOfferParticipant.objects.create(offer=offer, client=client, added_by=by)


def build_world(org: Org, *, seed: int = 16, clients: int = 150) -> World:
    teams, counsellors = _teams(org)
    world = World(org, teams, [t.pk for t in teams], counsellors)
    rng = random.Random(seed)
    topics = list(Topic.objects.order_by("pk")[:10])
    weights = [0.35, 0.25, 0.25, 0.15]
    for i in range(clients):
        team = rng.choices(teams, weights)[0]
        client = _client(rng, team, i)
        world.clients.append(client)
        _contacts(rng, world, client, topics)
        _intakes(rng, world, client, topics)
        _household(rng, client)
        _permits(rng, world, client)
        if rng.random() < 0.35:
            _case(rng, world, client)
    # A duplicate file with its own contact, merged into a file of the same team.
    target = next(c for c in world.clients if c.team_id == teams[0].pk)
    duplicate = _client(rng, teams[0], 8000)
    _contacts(rng, world, duplicate, topics)
    CounsellingContact.objects.create(
        client=duplicate, date=date(2025, 5, 5), duration_minutes=30, form="phone",
        language="ar", counsellor=counsellors[0],
    )  # fmt: skip
    _household(rng, duplicate)
    client_merge(source=duplicate, target=target)
    world.merged = Client.objects.get(pk=duplicate.pk)
    # One person with a file in MBE (team A) and in JMD (team B), both served in 2025.
    key = uuid.uuid4()
    mbe_file = _client(rng, teams[0], 8001)
    jmd_file = _client(rng, teams[1], 8002)
    for file in (mbe_file, jmd_file):
        world.clients.append(file)
        CounsellingContact.objects.create(
            client=file, date=date(2025, 4, 10), duration_minutes=60, form="in_person",
            language="uk", counsellor=_counsellor(world, file.team),
        )  # fmt: skip
    Client.objects.filter(pk__in=[mbe_file.pk, jmd_file.pk]).update(person_key=key)
    world.linked = (mbe_file, jmd_file)
    _february(world)
    _groups(rng, world)
    return world


# Births and entries around the last day of February 2025 (the 28th, before a 29 February
# birthday): 1960-02-29 is 64 on that day, not 65; 1998-02-28 is 27, 1998-03-01 still 26;
# entered 2020-02-29: four completed years, 2022-02-28: exactly three.
FEBRUARY_EDGES = (
    (date(1960, 2, 29), date(2020, 2, 29)),
    (date(2008, 2, 29), date(2022, 2, 28)),
    (date(1998, 2, 28), date(2024, 2, 29)),
    (date(1998, 3, 1), date(2025, 2, 28)),
    (date(2013, 2, 28), date(2025, 3, 1)),
)


def _february(world: World) -> None:
    for i, (birth, entry) in enumerate(FEBRUARY_EDGES):
        team = world.teams[i % len(world.teams)]
        client = Client.objects.create(
            team=team, file_number=f"W-{team.pk}-F{i}", gender="female", residence="permanent",
            country_of_origin="SY", nationalities=["SY"], birth_date=birth, entry_date=entry,
        )  # fmt: skip
        CounsellingContact.objects.create(
            client=client, date=date(2025, 2, 10), duration_minutes=45, form="in_person",
            language="ar", counsellor=_counsellor(world, team),
        )  # fmt: skip
        world.clients.append(client)
