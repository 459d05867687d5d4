"""One person, several services (DOMAIN §D16): a client served by two services counts once in
the centre's person count and once in each service's count, and the report says so.

The expected figures are recounted here from the raw rows (which files were served, which
share a person key), apart from ``lotse.stats``; the published table is then attacked with
the independent linear programme of ``stats.checker``.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import date

import pytest

from lotse.clients.models import Client
from lotse.stats.published import raw_statistics, statistics_for
from lotse.stats.selectors.base import Period
from lotse.stats.suppression import TOTAL
from stats import recount
from stats.checker import lp_intervals, width
from stats.data import make_client, make_contact, populate, second_centre

YEAR = Period.year(2025)


def link(*files: Client) -> None:
    key = uuid.uuid4()
    Client.objects.filter(pk__in=[f.pk for f in files]).update(person_key=key)


@pytest.fixture
def centre(org):
    """Team A (MBE) and team B (JMD) of one centre, team C of a second centre. Two persons
    were served by both A and B in 2025; a third has a file in B that was not served in 2025;
    a fourth has a second file in the other centre."""
    counsellor = org.users["counsellor"]
    populate(org.team_a, counsellor, clients=30, seed=21)
    populate(org.team_b, counsellor, clients=15, seed=22)
    team_c = second_centre(org.team_a.service.centre.provider)
    populate(team_c, counsellor, clients=8, seed=23)
    served = recount.served([org.team_a.pk, org.team_b.pk], YEAR.start, YEAR.end)
    a_files = list(Client.objects.filter(team=org.team_a, pk__in=served).order_by("pk")[:4])
    b_files = list(Client.objects.filter(team=org.team_b, pk__in=served).order_by("pk")[:2])
    link(a_files[0], b_files[0])
    link(a_files[1], b_files[1])
    idle = make_client(org.team_b)
    make_contact(idle, date(2024, 3, 3), counsellor)  # served in 2024 only
    link(a_files[2], idle)
    link(a_files[3], Client.objects.filter(team=team_c).first())
    return org, [org.team_a.pk, org.team_b.pk, team_c.pk]


def expected_persons(team_ids: list[int]) -> dict[str, tuple[int, int]]:
    """Per centre statistics id: (persons, files) of the period, read off the raw rows."""
    files: dict[str, set[int]] = defaultdict(set)
    persons: dict[str, set[object]] = defaultdict(set)
    for team_id in team_ids:
        for client in Client.objects.filter(pk__in=recount.served([team_id], YEAR.start, YEAR.end)):
            centre = client.team.service.centre.statistics_id
            files[centre].add(client.pk)
            persons[centre].add(client.person_key or ("file", client.pk))
    return {c: (len(persons[c]), len(files[c])) for c in files}


def test_a_person_in_two_services_counts_once_for_the_centre(centre) -> None:
    org, ids = centre
    tables = {t.key: t for t in raw_statistics(ids, YEAR).tables}
    persons, by_centre = tables["persons_by_centre"], tables["clients_by_centre"]
    expected = expected_persons(ids)
    for centre_id, (people, files) in expected.items():
        assert persons.value(centre_id, "person") == people, centre_id
        assert persons.value(centre_id, "further_service") == files - people, centre_id
        assert persons.value(centre_id, TOTAL) == by_centre.value(centre_id) == files
    first = org.team_a.service.centre.statistics_id
    assert persons.value(first, "further_service") == 2  # the idle file and the other centre not
    assert sum(p for p, _f in expected.values()) == persons.value(TOTAL, "person")
    # Each service still counts the person once: MBE and JMD both hold the two linked files.
    assert tables["clients_by_service"].total == sum(f for _p, f in expected.values())
    spec = persons.spec
    assert spec is not None and "once as a person" in str(spec.note)


def test_the_small_count_of_persons_in_two_services_cannot_be_subtracted(centre) -> None:
    """2 persons counted again is a small cell: hidden, and neither the centre's clients nor
    its persons give it away (the row of the persons table adds up to the centre's clients)."""
    org, ids = centre
    k = 5
    raw = {t.key: t for t in raw_statistics(ids, YEAR).tables}
    published = {t.key: t for t in statistics_for(ids, YEAR, k=k).tables}
    first = org.team_a.service.centre.statistics_id
    persons = published["persons_by_centre"]
    assert persons.value(first, "further_service") is None
    keys = ("persons_by_centre", "clients_by_centre")
    value = {(key, cell): v for key in keys for cell, v in published[key].cells.items()}
    truth = {(key, cell): v for key in keys for cell, v in raw[key].cells.items()}
    table = raw["persons_by_centre"]
    eqs: list[dict] = []
    for r in [*table.rows, TOTAL]:
        eqs.append({("persons_by_centre", (r, c)): 1 for c in table.cols}
                   | {("persons_by_centre", (r, TOTAL)): -1})  # fmt: skip
        if r != TOTAL:
            eqs.append({("persons_by_centre", (r, TOTAL)): 1, ("clients_by_centre", (r,)): -1})
    for c in [*table.cols, TOTAL]:
        eqs.append({("persons_by_centre", (r, c)): 1 for r in table.rows}
                   | {("persons_by_centre", (TOTAL, c)): -1})  # fmt: skip
    centres = raw["clients_by_centre"].rows
    eqs.append({("clients_by_centre", (r,)): 1 for r in centres}
               | {("clients_by_centre", (TOTAL,)): -1})  # fmt: skip
    needed = {cell: k if 0 < true < k else 1 for cell, true in truth.items()}
    intervals = lp_intervals(value, eqs, [], truth, needed)
    assert ("persons_by_centre", (first, "further_service")) in intervals
    for cell, (low, high) in intervals.items():
        assert low - 1e-6 <= truth[cell] <= high + 1e-6, cell
        assert width(low, high) >= needed[cell], (cell, truth[cell], low, high)
