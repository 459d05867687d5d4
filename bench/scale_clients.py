"""Clients and contacts for bench/scale_up.py, with every column ``client_create`` fills.

Names come from pools drawn once from seeded Faker in the demo's locales and origins
(lotse.clients.demo): plausible, repeatable, no real person. Per file: the encrypted fields as
the model fields encrypt them, birth year/month and the keyed date-of-birth digest, region of
origin, keyed name and phonetic columns, the search tokens (``name_token_digests``), the
languages, a file number from the team's counter (per year of creation; the counters are moved
past it), created and changed at some time in the last five years.
"""

from __future__ import annotations

import random
from array import array
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import Any

from django.db import transaction
from faker import Faker
from scale_cases import case_teams, cols, staff_of_teams
from scale_io import Table, next_id

from lotse.clients.demo import CONTACT_NOTES, DOC_LANG, ORIGINS, RESIDENCE_WEIGHTS
from lotse.clients.models import (
    Client,
    ClientLanguage,
    ClientSearchToken,
    CounsellingContact,
    TopicCatalogue,
)
from lotse.clients.models.client import birth_date_digest
from lotse.clients.phonetics import name_key
from lotse.clients.selectors import NAME_PURPOSE, PHONETIC_PURPOSE
from lotse.clients.selectors.search_keys import name_token_digests
from lotse.clients.services.last_contact import last_contact_refresh_all
from lotse.common import crypto
from lotse.common.models import Counter
from lotse.common.regions import region_of

BATCH = 20_000
CONTACT_BATCH = 100_000
POOL = 250
CLIENT_COLUMNS = cols(
    "id team_id file_number first_name last_name birth_date birth_year birth_month "
    "birth_date_index gender nationalities country_of_origin region_of_origin "
    "document_language interpreter_needed entry_date residence permanent_status_date "
    "course_obligation phone name_index phonetic_index created_at updated_at"
)
CONTACT_COLUMNS = cols(
    "id client_id date duration_minutes form kind language interpreter notes "
    "follow_up_on follow_up_done counsellor_id created_at"
)
FORMS = ["in_person"] * 5 + ["phone"] * 3 + ["email", "video", "accompaniment"]


class Names:
    """A pool of names, some far more common than others (weights 1 / (rank + 5), as names are
    spread in a population): a few hundred distinct names, and full names that recur."""

    def __init__(self, names: set[str], rng: random.Random) -> None:
        self.names = sorted(names)
        rng.shuffle(self.names)
        total = 0.0
        self.cumulative = []
        for rank in range(len(self.names)):
            total += 1 / (rank + 5)
            self.cumulative.append(total)

    def pick(self, rng: random.Random) -> str:
        return rng.choices(self.names, cum_weights=self.cumulative)[0]


def _pools(seed: int) -> dict[str, tuple[Names, Names, Names]]:
    """Female first names, other first names, last names per Faker locale."""
    pools = {}
    rng = random.Random(seed)  # noqa: S311 - synthetic data, not security
    for offset, locale in enumerate(sorted({origin[1] for origin in ORIGINS})):
        faker = Faker(locale)
        faker.seed_instance(seed + offset)
        female = Names({faker.first_name_female() for _ in range(POOL)}, rng)
        male = Names({faker.first_name_male() for _ in range(POOL)}, rng)
        last = Names({faker.last_name() for _ in range(POOL * 2)}, rng)
        pools[locale] = (female, male, last)
    return pools


def _derived(first: str, last: str) -> tuple[str, str, list[str]]:
    """Keyed name column, phonetic column and search token digests of a full name."""
    return (*_name_columns(first, last), name_token_digests(first, last))


@lru_cache(maxsize=50_000)
def _birth_digest(day: date) -> str:
    return birth_date_digest(day)


def _name_columns(first: str, last: str) -> tuple[str, str]:
    full = f"{first} {last}"
    return (
        crypto.blind_index(full, purpose=NAME_PURPOSE),
        crypto.blind_index(name_key(first, last), purpose=PHONETIC_PURPOSE),
    )


def _stamp(rng: random.Random, earliest: datetime, now: datetime) -> datetime:
    return earliest + timedelta(seconds=rng.random() * (now - earliest).total_seconds())


def top_up_clients(target: int, *, rng: random.Random, today: date) -> int:
    need = target - Client.objects.count()
    if need <= 0:
        return 0
    teams = case_teams(staff_of_teams())
    # New files go to the teams in the proportion they hold files now (the demo: 3 MBE : 1 JMD).
    counts = {team: Client.objects.filter(team_id=team).count() for team in teams}
    team_ids = list(teams)
    weights = [counts[team] or 1 for team in team_ids]
    pools = _pools(rng.randint(0, 10_000))
    counters = dict(Counter.objects.values_list("key", "value"))
    now = datetime.now(UTC)
    next_pk = next_id(Client)
    clients = Table(Client, CLIENT_COLUMNS)
    languages = Table(ClientLanguage, ["client_id", "language", "level"])
    tokens = Table(ClientSearchToken, ["client_id", "digest"])
    # Full names recur (see Names): their keyed columns and tokens are derived once.
    derived: dict[tuple[str, str], tuple[str, str, list[str]]] = {}
    made = 0
    while made < need:
        size = min(BATCH, need - made)
        rows, spoken_rows, token_rows = [], [], []
        for _ in range(size):
            team = rng.choices(team_ids, weights)[0]
            kind = teams[team]
            country, locale, spoken, _weight = rng.choices(ORIGINS, [o[-1] for o in ORIGINS])[0]
            female, male, lasts = pools[locale]
            gender = rng.choice(["female", "male", "female", "male", "diverse", "not_stated"])
            first = (female if gender == "female" else male).pick(rng)
            last = lasts.pick(rng)
            created = _stamp(rng, now - timedelta(days=5 * 365), now)
            age = rng.randint(12, 27) if kind == "jmd" else rng.randint(27, 72)
            birth = today - timedelta(days=age * 365 + rng.randint(0, 364))
            residence = rng.choices(RESIDENCE_WEIGHTS, [w for _r, w in RESIDENCE_WEIGHTS])[0][0]
            entry = created.date() - timedelta(days=rng.randint(30, 365 * 6))
            prefix = f"{kind.upper()}-{created.year}"
            key = f"file_number:{prefix}"
            counters[key] = counters.get(key, 0) + 1
            known = derived.get((first, last))
            if known is None:
                known = derived[first, last] = _derived(first, last)
            name_index, phonetic_index, digests = known
            pk = next_pk + made
            rows.append(
                (
                    pk,
                    team,
                    f"{prefix}-{counters[key]:05d}",
                    first,
                    last,
                    birth,
                    birth.year,
                    birth.month,
                    _birth_digest(birth),
                    gender,
                    [country],
                    country,
                    region_of(country),
                    DOC_LANG.get(spoken[0], "de"),
                    rng.random() < 0.3,
                    entry,
                    residence,
                    min(today, entry + timedelta(days=rng.randint(30, 700)))
                    if residence == "permanent" and rng.random() < 0.8
                    else None,
                    residence == "permanent" and rng.random() < 0.4,
                    f"+49 1{rng.randint(50, 79)} {rng.randint(1_000_000, 9_999_999)}"
                    if rng.random() < 0.8
                    else "",
                    name_index,
                    phonetic_index,
                    created,
                    _stamp(rng, created, now),
                )
            )
            for index, code in enumerate(spoken):
                spoken_rows.append((pk, code, "native" if index == 0 else "B"))
            token_rows.extend((pk, digest) for digest in digests)
            made += 1
        with transaction.atomic():
            clients.write(rows)
            languages.write(spoken_rows)
            tokens.write(token_rows)
            for key, value in counters.items():
                Counter.objects.update_or_create(key=key, defaults={"value": value})
        print(f"  clients {made:,}/{need:,}")
    return made


def top_up_contacts(target: int, *, rng: random.Random, today: date) -> int:
    need = target - CounsellingContact.objects.count()
    if need <= 0:
        return 0
    staff = staff_of_teams()
    teams = case_teams(staff)
    ids, team_of, since = array("q"), array("q"), array("l")
    earliest = (today - timedelta(days=5 * 365)).toordinal()
    rows_in = Client.objects.filter(team_id__in=teams, merged_into__isnull=True)
    langs: dict[int, str] = {}
    for pk, team, created, lang in rows_in.values_list(
        "pk", "team_id", "created_at", "document_language"
    ).iterator(chunk_size=50_000):
        ids.append(pk)
        team_of.append(team)
        since.append(max(created.date().toordinal(), earliest))
        if lang != "de":
            langs[pk] = lang
    catalogue = TopicCatalogue.objects.in_force(today)
    topics = list(catalogue.topics.values_list("pk", flat=True)) if catalogue else []
    if not ids or not topics:
        return 0
    through: Any = CounsellingContact.topics.through
    contacts = Table(CounsellingContact, CONTACT_COLUMNS)
    links = Table(through, ["counsellingcontact_id", "topic_id"])
    next_pk = next_id(CounsellingContact)
    last_day = today.toordinal()
    now = datetime.now(UTC)
    made = 0
    while made < need:
        size = min(CONTACT_BATCH, need - made)
        rows, link_rows = [], []
        for _ in range(size):
            index = rng.randrange(len(ids))
            client = ids[index]
            day = date.fromordinal(rng.randint(since[index], last_day))
            follow = day + timedelta(days=rng.randint(7, 30)) if rng.random() < 0.2 else None
            done = bool(
                follow
                and follow < today
                and (follow < today - timedelta(days=21) or rng.random() < 0.6)
            )
            pk = next_pk + made
            moment = min(
                now,
                datetime(
                    day.year,
                    day.month,
                    day.day,
                    rng.randint(8, 17),
                    rng.randint(0, 59),
                    rng.randint(0, 59),
                    tzinfo=UTC,
                ),
            )
            rows.append(
                (
                    pk,
                    client,
                    day,
                    rng.choice([15, 30, 30, 45, 60, 60, 90]),
                    rng.choice(FORMS),
                    "client",
                    langs.get(client, "de") if rng.random() < 0.6 else "de",
                    "none" if rng.random() < 0.8 else "professional",
                    rng.choice(CONTACT_NOTES),
                    follow,
                    done,
                    rng.choice(staff.by_team[team_of[index]]),
                    moment,
                )
            )
            for topic in rng.sample(topics, rng.choice([1, 1, 1, 2, 2, 3])):
                link_rows.append((pk, topic))
            made += 1
        with transaction.atomic():
            contacts.write(rows)
            links.write(link_rows)
        print(f"  contacts {made:,}/{need:,}")
    # Client.last_contact_on: the services keep it, COPY does not (one UPDATE over all files).
    last_contact_refresh_all()
    return made
