"""Plain-Python recomputation of the §D16 counting rules from raw rows, written apart from
lotse.stats: what the published tables must say, read off the contacts, intakes, cases and
household members themselves."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from lotse.cases.models import Case, Closure
from lotse.clients.models import CounsellingContact, HouseholdMember, Intake, ResidencePermit

AGE_LIMITS = ((65, "65_plus"), (50, "50_64"), (40, "40_49"), (27, "27_39"), (18, "18_26"),
              (12, "12_17"), (0, "under_12"))  # fmt: skip


def _contacts(team_ids: Iterable[int]) -> list[CounsellingContact]:
    return list(
        CounsellingContact.objects.filter(client__team_id__in=list(team_ids)).prefetch_related(
            "topics"
        )
    )


def _group_dates(team_ids: Iterable[int]) -> list[tuple[int, date]]:
    """(client, date) for every date of every group offer a client of the teams takes part in."""
    from lotse.volunteers.models import GroupOfferParticipant

    teams = set(team_ids)
    return [
        (joined.client_id, held.date)
        for joined in GroupOfferParticipant.objects.select_related("client").prefetch_related(
            "offer__dates"
        )
        if joined.client.team_id in teams and joined.client.merged_into_id is None
        for held in joined.offer.dates.all()
    ]


def served(team_ids: Iterable[int], start: date, end: date) -> set[int]:
    """Clients with a counselling contact or a group offer's date in the period (§D16: a group
    contact counts once per participating client)."""
    teams = list(team_ids)
    return {c.client_id for c in _contacts(teams) if start <= c.date <= end} | {
        client for client, day in _group_dates(teams) if start <= day <= end
    }


def new_continuing(team_ids: list[int], start: date, end: date) -> dict[str, int]:
    clients = served(team_ids, start, end)
    firsts: dict[int, date] = {}
    for c in _contacts(team_ids):
        firsts[c.client_id] = min(firsts.get(c.client_id, c.date), c.date)
    for client, day in _group_dates(team_ids):
        firsts[client] = min(firsts.get(client, day), day)
    for i in Intake.objects.filter(client_id__in=clients):
        firsts[i.client_id] = min(firsts.get(i.client_id, i.date), i.date)
    new = sum(1 for pk in clients if firsts[pk] >= start)
    return {"new": new, "continuing": len(clients) - new}


def hours_by_topic(team_ids: list[int], start: date, end: date) -> tuple[dict[str, float], float]:
    """Minutes per topic (each topic of a contact gets the whole contact) and the total
    (each contact once), in hours."""
    rows: dict[str, int] = defaultdict(int)
    total = 0
    for contact in _contacts(team_ids):
        if not start <= contact.date <= end:
            continue
        total += contact.duration_minutes or 0
        for topic in {t.code for t in contact.topics.all()}:
            rows[topic] += contact.duration_minutes or 0
    return {code: m / 60 for code, m in rows.items()}, total / 60


def family_by_age(team_ids: list[int], start: date, end: date) -> Counter[str]:
    clients = served(team_ids, start, end)
    ages: Counter[str] = Counter()
    for member in HouseholdMember.objects.filter(client_id__in=clients, counselled_along=True):
        if member.birth_year is None:
            ages["unknown"] += 1
            continue
        years = end.year - member.birth_year
        ages[next(code for low, code in AGE_LIMITS if years >= low)] += 1
    return ages


def livelihood_at_intake(case: Case) -> str | None:
    """The latest first contact of the case's service on or before its opening."""
    earlier = [
        i
        for i in Intake.objects.filter(client_id=case.client_id, service=case.service)
        if i.date <= case.opened_on
    ]
    if not earlier:
        return None
    return max(earlier, key=lambda i: (i.date, i.created_at, i.pk)).livelihood


def intake_of(case: Case) -> Intake | None:
    """The first contact "at intake": the latest of the case's service on or before opening."""
    earlier = [
        i
        for i in Intake.objects.filter(client_id=case.client_id, service=case.service)
        if i.date <= case.opened_on
    ]
    return max(earlier, key=lambda i: (i.date, i.created_at, i.pk)) if earlier else None


def situation_at_intake(
    team_ids: list[int], start: date, end: date
) -> tuple[Counter[str], Counter[str]]:
    """Closed cases of the period by residence at intake, and by problem area at intake."""
    closed = {
        c.case_id
        for c in Closure.objects.filter(case__client__team_id__in=team_ids)
        if start <= c.closed_on <= end and c.livelihood
    }
    residence: Counter[str] = Counter()
    areas: Counter[str] = Counter()
    for case in Case.objects.filter(pk__in=closed):
        intake = intake_of(case)
        residence[(intake.residence if intake else "") or "unknown"] += 1
        for topic in intake.problem_areas.all() if intake else []:
            areas[topic.code] += 1
    return residence, areas


def closures_by_reason(team_ids: list[int], start: date, end: date) -> Counter[str]:
    last: dict[int, Closure] = {}
    for closure in Closure.objects.filter(case__client__team_id__in=team_ids):
        if start <= closure.closed_on <= end and closure.livelihood:
            best = last.get(closure.case_id)
            if best is None or (closure.closed_on, closure.created_at, closure.pk) > (
                best.closed_on, best.created_at, best.pk,
            ):  # fmt: skip
                last[closure.case_id] = closure
    return Counter(c.reason for c in last.values())


def shown(hours: float) -> str:
    """Hours as a German reader expects them: one decimal, rounded half up once."""
    text = str(Decimal(str(hours)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
    return text.replace(".", ",")


def group_figures(
    team_ids: list[int], start: date, end: date
) -> tuple[Counter[str], Counter[str], Counter[str]]:
    """Group contacts (dates held), people at them, and clients who took part, by service:
    read off every group offer, date and participant in Python."""
    from lotse.volunteers.models import GroupOffer

    dates: Counter[str] = Counter()
    people: Counter[str] = Counter()
    clients: dict[str, set[int]] = defaultdict(set)
    for offer in GroupOffer.objects.select_related("team__service").prefetch_related(
        "dates", "participants__client__team__service"
    ):
        held = [d for d in offer.dates.all() if start <= d.date <= end]
        if offer.team_id in team_ids:
            dates[offer.team.service.kind] += len(held)
            people[offer.team.service.kind] += sum(d.participants for d in held)
        if held:
            for joined in offer.participants.all():
                if joined.client.team_id in team_ids:
                    clients[joined.client.team.service.kind].add(joined.client_id)
    return dates, people, Counter({k: len(v) for k, v in clients.items()})


def permit_kind_on(client_id: int, day: date) -> str:
    """The residence title of the day: the latest recorded permit valid from ``day`` or before."""
    known = [p for p in ResidencePermit.objects.filter(client_id=client_id) if p.valid_from <= day]
    if not known:
        return "unknown"
    return max(known, key=lambda p: (p.valid_from, p.recorded_at, p.pk)).kind or "unknown"


def permits_at_opening_and_closure(
    team_ids: list[int], start: date, end: date
) -> tuple[Counter[str], Counter[str]]:
    """Closed cases of the period by residence title on the opening and on the closing day
    (the last closure in the period)."""
    last: dict[int, Closure] = {}
    for closure in Closure.objects.filter(case__client__team_id__in=team_ids):
        if start <= closure.closed_on <= end and closure.livelihood:
            best = last.get(closure.case_id)
            if best is None or (closure.closed_on, closure.created_at, closure.pk) > (
                best.closed_on, best.created_at, best.pk,
            ):  # fmt: skip
                last[closure.case_id] = closure
    opening: Counter[str] = Counter()
    closing: Counter[str] = Counter()
    for case_id, closure in last.items():
        case = Case.objects.get(pk=case_id)
        opening[permit_kind_on(case.client_id, case.opened_on)] += 1
        closing[permit_kind_on(case.client_id, closure.closed_on)] += 1
    return opening, closing
