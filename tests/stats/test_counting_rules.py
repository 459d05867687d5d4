"""The counting rules of DOMAIN §D16, recomputed from the raw rows (stats.recount) and
compared with what the statistics, the dashboard and the bundle say:

- "at intake" is the latest first contact on or before the case's opening, never a later one;
- new clients (first contact in the period) and continuing clients;
- closures by reason; hours per topic (a contact's hours once in the total, in each topic's
  row); family members counselled along by their own age group;
- a post split over two centres is not doubled;
- hours are kept in minutes and rounded once, half up, at display.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import translation

from lotse.accounts.models import Membership
from lotse.accounts.roles import Role
from lotse.cases.models import Case, Closure
from lotse.cases.selectors import livelihood_at_intake
from lotse.cases.services import case_open
from lotse.clients.models import Client, CounsellingContact, HouseholdMember, Intake, Topic
from lotse.stats.bundle import to_bundle
from lotse.stats.presentation import fmt, views_for
from lotse.stats.published import raw_statistics, statistics_for
from lotse.stats.selectors.base import Period
from lotse.stats.selectors.organisation import posts
from lotse.stats.suppression import TOTAL
from lotse_testing import make_user
from stats import recount
from stats.data import make_client, make_contact, populate, second_centre

YEAR = Period.year(2025)
REASONS = ["goals_reached", "moved_away", "no_contact", "client_ended"]


def intake(client: Client, on: date, livelihood: str, counsellor) -> Intake:
    return Intake.objects.create(
        client=client, service=client.team.service.kind, date=on, access_channel="walk_in",
        outcome="counselling", counsellor=counsellor, livelihood=livelihood,
    )  # fmt: skip


@pytest.fixture
def world(org):
    """Synthetic clients of two teams; some with contacts in 2024 (continuing), family
    members with years of birth, cases closed in 2025 for different reasons, and client A
    with a first contact before and another after the opening of their case."""
    counsellor = org.users["counsellor"]
    populate(org.team_a, counsellor, clients=40, seed=11)
    populate(org.team_b, org.users["stranger"], clients=20, seed=12)
    clients = list(Client.objects.filter(team__in=[org.team_a, org.team_b]).order_by("pk"))
    for i, client in enumerate(clients):
        if i % 3 == 0:
            make_contact(client, date(2024, 11, 5), counsellor, minutes=45)
        if i % 4 == 0:
            HouseholdMember.objects.create(
                client=client, relation="child", counselled_along=True,
                birth_year=None if i % 8 == 0 else 2000 + i % 25,
            )  # fmt: skip
    # Client A: a first contact before the opening (SGB II) and one after it (employment).
    make_contact(org.client_a, date(2025, 2, 1), counsellor)
    intake(org.client_a, date(2025, 1, 10), "sgb_ii", counsellor)
    case = case_open(client=org.client_a, counsellor=counsellor, opened_on=date(2025, 3, 1))
    intake(org.client_a, date(2025, 6, 1), "employment", counsellor)
    Closure.objects.create(
        case=case, closed_on=date(2025, 9, 30), reason="goals_reached", livelihood="own_means",
        closed_by=counsellor,
    )  # fmt: skip
    for i, client in enumerate(
        c for c in clients if c.team_id == org.team_a.pk and c.pk != org.client_a.pk
    ):
        if i >= 12:
            break
        opened = date(2025, 1, 15) + timedelta(days=i)
        other = case_open(client=client, counsellor=counsellor, opened_on=opened)
        Closure.objects.create(
            case=other, closed_on=opened + timedelta(days=100 + i), reason=REASONS[i % 4],
            livelihood="sgb_ii", closed_by=counsellor,
        )  # fmt: skip
    ids = [org.team_a.pk, org.team_b.pk]
    return org, ids, case, {t.key: t for t in raw_statistics(ids, YEAR).tables}


def test_at_intake_is_the_first_contact_before_the_opening(world) -> None:
    _, _, case, tables = world
    assert recount.livelihood_at_intake(case) == "sgb_ii"
    assert livelihood_at_intake(case) == "sgb_ii"  # the case page's indicators
    crosstab = tables["livelihood_intake_closure"]
    assert crosstab.value("sgb_ii", "own_means") == 1
    assert crosstab.value("employment", "own_means") == 0  # the later intake never counts


def test_new_and_continuing_clients(world) -> None:
    _, ids, _, tables = world
    expected = recount.new_continuing(ids, YEAR.start, YEAR.end)
    table = tables["clients_new_continuing"]
    assert expected["continuing"] > 0 and expected["new"] > 0
    assert {code: table.value(code) for code in expected} == expected
    assert table.total == tables["clients_by_service"].total


def test_closures_by_reason(world) -> None:
    _, ids, _, tables = world
    expected = recount.closures_by_reason(ids, YEAR.start, YEAR.end)
    table = tables["cases_closed_by_reason"]
    assert {code: table.value(code) for code in expected} == dict(expected)
    assert table.total == sum(expected.values()) == tables["case_indicators"].total


def test_hours_per_topic_count_a_contact_once_in_the_total(world) -> None:
    _, ids, _, tables = world
    rows, total = recount.hours_by_topic(ids, YEAR.start, YEAR.end)
    table = tables["hours_by_topic"]
    assert table.kind == "multiple"
    assert {code: table.value(code) for code in rows} == pytest.approx(rows)
    assert table.total == pytest.approx(total) == pytest.approx(tables["hours_by_service"].total)
    assert sum(table.value(code) for code in table.rows) > table.total  # multiple answers


def test_family_members_by_their_own_age(world) -> None:
    _, ids, _, tables = world
    expected = recount.family_by_age(ids, YEAR.start, YEAR.end)
    table = tables["family_members_by_age"]
    assert {code: table.value(code) for code in expected} == dict(expected)
    assert table.total == tables["family_members_by_service"].total == sum(expected.values())
    assert table.total != tables["clients_by_service"].total  # not counted as clients


def test_dashboard_and_bundle_carry_the_new_tables(world) -> None:
    _, ids, _, tables = world
    published = statistics_for(ids, YEAR, k=1)
    bundle = to_bundle(published, unit_id="t-1", level="centre", sources=["t-1"])
    in_bundle = {t["key"] for t in bundle["tables"]}
    keys = ("clients_new_continuing", "cases_closed_by_reason", "hours_by_topic",
            "family_members_by_age")  # fmt: skip
    assert set(keys) <= in_bundle
    with translation.override("de"):
        views = {v.key: v for v in views_for(published)}
        assert set(keys) <= set(views)
        assert views["clients_new_continuing"].title == "Neue und weiter beratene Klient:innen"
        assert views["hours_by_topic"].note.startswith("Mehrfachnennungen")
    for key in keys:
        assert published.table(key).cells == tables[key].cells, key


def test_a_post_in_two_centres_is_split_not_doubled(org) -> None:
    team_c = second_centre(org.provider)
    both = make_user("both@test.invalid")
    both.fte = Decimal("0.80")
    both.save(update_fields=["fte"])
    for team in (org.team_a, team_c):
        Membership.objects.create(user=both, team=team, role=Role.COUNSELLOR)
    alone_a, alone_c = posts([org.team_a.pk]), posts([team_c.pk])
    together = posts([org.team_a.pk, team_c.pk])
    assert alone_c == Decimal("0.40")
    assert alone_a + alone_c == together


def test_hours_are_rounded_once_half_up(org) -> None:
    counsellor = org.users["counsellor"]
    for _ in range(40):
        make_contact(org.client_a, date(2025, 4, 1), counsellor, minutes=90)
    make_contact(org.client_a, date(2025, 4, 2), counsellor, minutes=45)  # 60.75 h in all
    published = statistics_for([org.team_a.pk], YEAR, k=1)
    hours = published.table("hours_by_service")
    assert hours.value("mbe") == 60.75
    with translation.override("de"):
        assert fmt(hours.value("mbe"), decimals=1) == recount.shown(60.75) == "60,8"
        assert fmt(0.25, decimals=1) == "0,3"
        view = next(v for v in views_for(published) if v.key == "hours_by_service")
        assert "60,8" in str([c.text for row in view.rows for c in row.cells])
    assert hours.cells[(TOTAL,)] == 60.75
    assert CounsellingContact.objects.filter(client=org.client_a).count() == 41


def test_residence_and_problem_areas_at_intake(world) -> None:
    """The first contact before the opening decides, not the client's field today nor a later
    first contact."""
    _, ids, case, _ = world
    topics = list(Topic.objects.order_by("pk")[:3])
    residences = ["asylum_seeker", "temporary", "permanent", ""]
    counsellor = case.counsellor
    for i, other in enumerate(Case.objects.exclude(pk=case.pk).order_by("pk")):
        if i % 5 == 4:
            continue  # no first contact before the opening: unknown
        first = intake(other.client, other.opened_on - timedelta(days=i), "sgb_ii", counsellor)
        first.residence = residences[i % 4]
        first.save()
        first.problem_areas.set(topics[: i % 4])
    before = Intake.objects.get(client=case.client, date=date(2025, 1, 10))
    before.residence = "asylum_seeker"
    before.save()
    before.problem_areas.set(topics[:2])
    after = Intake.objects.get(client=case.client, date=date(2025, 6, 1))
    after.residence = "permanent"
    after.save()
    after.problem_areas.set(topics[2:])
    case.client.residence = "permanent"
    case.client.save()

    tables = {t.key: t for t in raw_statistics(ids, YEAR).tables}
    residence, areas = recount.situation_at_intake(ids, YEAR.start, YEAR.end)
    by_residence = tables["cases_closed_by_residence_intake"]
    by_area = tables["cases_closed_by_problem_area_intake"]
    assert {code: by_residence.value(code) for code in residence} == dict(residence)
    assert {code: by_area.value(code) for code in areas} == dict(areas)
    assert by_residence.total == by_area.total == tables["cases_closed_by_reason"].total
    assert by_area.kind == "multiple"
    assert residence["asylum_seeker"] >= 1 and len(residence) >= 3
    # Client A's case counts with the first contact of 10.01.2025, not that of 01.06.2025.
    assert recount.intake_of(case) == before


def test_group_offers_count_each_date_once_and_each_client_once(world, org) -> None:
    """§D16: a group contact is one contact however many came; its people count at every
    date; a client in two offers (or at many dates) counts once; dates outside the period and
    offers of other teams do not count. Compared with a plain recount."""
    from lotse.volunteers.models import GroupOffer, GroupOfferDate, GroupOfferParticipant

    _, ids, _, _ = world
    counsellor = org.users["counsellor"]
    clients = list(Client.objects.filter(team=org.team_a).order_by("pk"))
    evening = GroupOffer.objects.create(team=org.team_a, title="Elternabend", created_by=counsellor)
    course = GroupOffer.objects.create(team=org.team_b, title="Kursbesuch", created_by=counsellor)
    old = GroupOffer.objects.create(team=org.team_a, title="Info 2024", created_by=counsellor)
    for day, people in ((date(2025, 3, 4), 11), (date(2025, 4, 1), 7), (date(2026, 1, 5), 30)):
        GroupOfferDate.objects.create(offer=evening, date=day, participants=people)
    GroupOfferDate.objects.create(offer=course, date=date(2025, 5, 5), participants=4)
    GroupOfferDate.objects.create(offer=old, date=date(2024, 5, 5), participants=9)
    for client in clients[:6]:
        GroupOfferParticipant.objects.create(offer=evening, client=client, added_by=counsellor)
    for client in clients[3:8]:  # three of them in both offers
        GroupOfferParticipant.objects.create(offer=course, client=client, added_by=counsellor)
    GroupOfferParticipant.objects.create(offer=old, client=clients[20], added_by=counsellor)

    tables = {t.key: t for t in raw_statistics(ids, YEAR).tables}
    dates, people, joined = recount.group_figures(ids, YEAR.start, YEAR.end)
    for key, expected in (
        ("group_contacts_by_service", dates),
        ("group_attendances_by_service", people),
        ("group_clients_by_service", joined),
    ):
        table = tables[key]
        assert {code: table.value(code) for code in expected} == dict(expected), key
        assert table.total == sum(expected.values()), key
    # Both teams are MBE in the fixture or not: the totals say what the rules say.
    assert tables["group_contacts_by_service"].total == 3
    assert tables["group_attendances_by_service"].total == 22
    assert tables["group_clients_by_service"].total == 8
    # Group contacts are not counselling contacts.
    assert (
        tables["contacts_by_service"].total
        == CounsellingContact.objects.filter(
            client__team_id__in=ids, date__gte=YEAR.start, date__lte=YEAR.end
        ).count()
    )


def test_residence_title_at_opening_and_at_closure(world) -> None:
    """§D16 for the permit (issue #17 §4): the title valid on the opening day and the one valid
    on the closing day, each the latest recorded from that day or earlier; a title recorded
    later, or valid only from after the day, does not count for it."""
    from lotse.clients.services.permits import PermitData, permit_record

    _, ids, case, _ = world
    counsellor = case.counsellor

    def record(client, kind, start, until=None, basis=""):
        permit_record(
            client=client,
            data=PermitData(kind=kind, valid_from=start, valid_until=until, legal_basis=basis),
            recorded_by=counsellor,
            expected_current=getattr(
                client.permits.order_by("-valid_from", "-recorded_at", "-pk").first(), "pk", None
            ),
        )

    kinds = ["duldung", "aufenthaltsgestattung", "fiktionsbescheinigung"]
    for i, other in enumerate(Case.objects.exclude(pk=case.pk).order_by("pk")):
        if i % 4 == 3:
            continue  # no permit recorded: unknown
        record(other.client, kinds[i % 3], other.opened_on - timedelta(days=30 + i))
        if i % 2 == 0:  # extended after the opening: another title at closure
            record(
                other.client, "aufenthaltserlaubnis", other.opened_on + timedelta(days=5),
                basis="§ 25 Abs. 5 AufenthG",
            )  # fmt: skip
    # Client A (opened 01.03.2025, closed 30.09.2025): Duldung at the opening, a residence
    # permit from 01.06.2025, and one that starts only after the closure.
    record(case.client, "duldung", date(2024, 6, 1), date(2025, 6, 1))
    record(case.client, "aufenthaltserlaubnis", date(2025, 6, 1), basis="§ 25b AufenthG")
    record(case.client, "niederlassungserlaubnis", date(2025, 10, 15))

    tables = {t.key: t for t in raw_statistics(ids, YEAR).tables}
    opening, closing = recount.permits_at_opening_and_closure(ids, YEAR.start, YEAR.end)
    at_opening = tables["cases_closed_by_permit_intake"]
    at_closure = tables["cases_closed_by_permit_closure"]
    assert {code: at_opening.value(code) for code in opening} == dict(opening)
    assert {code: at_closure.value(code) for code in closing} == dict(closing)
    assert at_opening.total == at_closure.total == tables["cases_closed_by_reason"].total
    assert opening != closing and opening["unknown"] >= 1
    assert recount.permit_kind_on(case.client_id, case.opened_on) == "duldung"
    assert recount.permit_kind_on(case.client_id, date(2025, 9, 30)) == "aufenthaltserlaubnis"


def test_group_participants_count_as_clients_once(world, org) -> None:
    """§D16: a group contact counts once per participating client in the client counts. A
    client who only took part in a group offer that met in the period is a client of the
    period (new if the group date was their first contact); one with contacts as well counts
    once; a participant of an offer that met only before the period is not. Compared with a
    plain recount."""
    from lotse.volunteers.models import GroupOffer, GroupOfferDate, GroupOfferParticipant

    _, ids, _, _ = world
    counsellor = org.users["counsellor"]
    served_before = recount.served(ids, YEAR.start, YEAR.end)
    group_only = [make_client(org.team_a, birth_year=2008) for _ in range(3)]
    already = Client.objects.filter(pk__in=served_before, team=org.team_a).order_by("pk").first()
    evening = GroupOffer.objects.create(team=org.team_a, title="Jugendtreff", created_by=counsellor)
    GroupOfferDate.objects.create(offer=evening, date=date(2025, 5, 6), participants=9)
    for client in [*group_only[:2], already]:
        GroupOfferParticipant.objects.create(offer=evening, client=client, added_by=counsellor)
    old = GroupOffer.objects.create(team=org.team_a, title="Treff 2024", created_by=counsellor)
    GroupOfferDate.objects.create(offer=old, date=date(2024, 6, 6), participants=4)
    GroupOfferParticipant.objects.create(offer=old, client=group_only[2], added_by=counsellor)

    expected = recount.served(ids, YEAR.start, YEAR.end)
    assert expected == served_before | {group_only[0].pk, group_only[1].pk}
    tables = {t.key: t for t in raw_statistics(ids, YEAR).tables}
    for key in ("clients_by_service", "clients_by_centre", "clients_by_team",
                "clients_by_age_gender", "clients_by_residence"):  # fmt: skip
        assert tables[key].total == len(expected), key
    assert tables["clients_by_team"].value(str(org.team_a.pk)) == len(
        [pk for pk in expected if Client.objects.get(pk=pk).team_id == org.team_a.pk]
    )
    split = recount.new_continuing(ids, YEAR.start, YEAR.end)
    table = tables["clients_new_continuing"]
    assert {code: table.value(code) for code in split} == split
    # The participant of 2024 alone is a continuing client in 2025 once they come again.
    make_contact(group_only[2], date(2025, 8, 1), counsellor)
    again = {t.key: t for t in raw_statistics(ids, YEAR).tables}["clients_new_continuing"]
    assert again.value("continuing") == table.value("continuing") + 1
    assert again.value("new") == table.value("new")
