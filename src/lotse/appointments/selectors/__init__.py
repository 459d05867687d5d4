"""Reads for appointments, requests, office hours and capacity — always scoped to the user.

Public requests belong to a centre: counsellors and team leads of any team of that centre see
them (read-only memberships read, others also write). Appointments of clients follow the
client file (``Client.objects.visible_to``); appointments booked from a request without a
client file follow the request's centre.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone

from lotse.accounts.models import Membership, User
from lotse.accounts.roles import CLIENT_ROLES, Role
from lotse.audit.services import log_action
from lotse.clients.models import (
    Client,
    CounsellingContact,
    Intake,
    IntakeOutcome,
    visible_client_q,
)
from lotse.organisation.models import Centre, Team

from .. import conf
from ..access import centre_ids_for, request_scope
from ..capacity import (
    CounsellorProfile,
    Suggestion,
    TeamCapacity,
    client_languages,
    suggest_counsellor,
    team_capacity,
    waiting_order,
)
from ..models import (
    BLOCKING_STATUSES,
    Appointment,
    AppointmentRequest,
    AppointmentStatus,
    OfficeHours,
    RequestStatus,
    Weekday,
)
from ..slots import WeeklyPeriod, bookable_slots

ACTIVE_PERIOD_DAYS = 365


def local_tz() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def centres_for(user: Any, *, write: bool = False) -> QuerySet[Centre]:
    return Centre.objects.filter(pk__in=centre_ids_for(user, write=write)).order_by("name")


def centre_for_request(request: HttpRequest, centre_id: int, *, write: bool = False) -> Centre:
    centre = centres_for(request.user).filter(pk=centre_id).first()
    if centre is None:
        raise Http404
    if write and not centres_for(request.user, write=True).filter(pk=centre_id).exists():
        raise PermissionDenied
    return centre


# --- requests from the public page ----------------------------------------------------------


def requests_for(user: Any, *, write: bool = False) -> QuerySet[AppointmentRequest]:
    """The public requests of the user's centres for the services of their teams."""
    return AppointmentRequest.objects.filter(request_scope(user, write=write)).select_related(
        "centre"
    )


def may_handle_request(user: Any, item: AppointmentRequest) -> bool:
    return requests_for(user, write=True).filter(pk=item.pk).exists()


def inbox(user: Any, *, box: str = "open") -> QuerySet[AppointmentRequest]:
    """``open`` (new or contacted), ``done`` (booked or closed) or ``spam`` (suspected)."""
    qs = requests_for(user)
    if box == "spam":
        return qs.filter(suspected_spam=True).order_by("-created_at")
    qs = qs.filter(suspected_spam=False)
    if box == "done":
        return qs.filter(status__in=[RequestStatus.BOOKED, RequestStatus.CLOSED]).order_by(
            "-created_at"
        )
    return qs.filter(status__in=[RequestStatus.NEW, RequestStatus.CONTACTED]).order_by("created_at")


def request_for_request(
    request: HttpRequest, request_id: int, *, write: bool = False
) -> AppointmentRequest:
    """A public request from the URL: 404 outside the user's centres, 403 read-only; audited."""
    found = requests_for(request.user).filter(pk=request_id).first()
    if found is None:
        raise Http404
    if write and not may_handle_request(request.user, found):
        raise PermissionDenied
    log_action(action="appointment_request.viewed", obj=found, data={"for_edit": write})
    return found


# --- appointments --------------------------------------------------------------------------


def appointment_for_request(
    request: HttpRequest, appointment_id: int, *, write: bool = False
) -> Appointment:
    found = (
        Appointment.objects.visible_to(request.user)
        .select_related("client", "client__team", "request", "centre", "centre__provider")
        .select_related("counsellor")
        .filter(pk=appointment_id)
        .first()
    )
    if found is None:
        raise Http404
    if write and not Appointment.objects.writable_by(request.user).filter(pk=found.pk).exists():
        raise PermissionDenied
    log_action(action="appointment.viewed", obj=found, data={"for_edit": write})
    return found


def appointments_between(
    user: Any, start: datetime, end: datetime, *, counsellor: User | None = None
) -> QuerySet[Appointment]:
    qs = Appointment.objects.visible_to(user).filter(starts_at__gte=start, starts_at__lt=end)
    if counsellor is not None:
        qs = qs.filter(counsellor=counsellor)
    return qs.select_related("client", "request", "counsellor", "centre").order_by("starts_at")


def day_bounds(day: date) -> tuple[datetime, datetime]:
    tz = local_tz()
    start = datetime.combine(day, datetime.min.time(), tzinfo=tz)
    return start, datetime.combine(day + timedelta(days=1), datetime.min.time(), tzinfo=tz)


def counsellors_of_centre(centre: Centre) -> QuerySet[User]:
    """People who may take appointments at the centre: client roles, not read-only."""
    return User.objects.filter(
        is_active=True,
        pk__in=Membership.objects.filter(
            team__service__centre=centre, role__in=CLIENT_ROLES, read_only=False
        ).values("user_id"),
    ).order_by("full_name")


def weekly_periods(centre: Centre) -> list[WeeklyPeriod]:
    return [
        WeeklyPeriod(weekday=row.weekday, start=row.starts_at, end=row.ends_at)
        for row in OfficeHours.objects.filter(centre=centre)
    ]


def booked_intervals(
    counsellor: User, start: datetime, end: datetime
) -> list[tuple[datetime, datetime]]:
    rows = Appointment.objects.filter(
        counsellor=counsellor,
        status__in=BLOCKING_STATUSES,
        starts_at__lt=end,
        starts_at__gte=start - timedelta(days=1),
    ).values_list("starts_at", "duration_minutes")
    return [(s, s + timedelta(minutes=m)) for s, m in rows]


def free_slots(
    centre: Centre, counsellor: User, *, now: datetime | None = None, days: int | None = None
) -> list[datetime]:
    """The counsellor's bookable slots at the centre from today on (none before ``now``)."""
    now = now or timezone.now()
    tz = local_tz()
    days = conf.booking_days() if days is None else days
    today = now.astimezone(tz).date()
    start, _ = day_bounds(today)
    end = start + timedelta(days=days + 1)
    return bookable_slots(
        periods=weekly_periods(centre),
        booked=booked_intervals(counsellor, start, end),
        first_day=today,
        days=days,
        minutes=conf.appointment_minutes(),
        tz=tz,
        not_before=now,
    )


# --- capacity and waiting list -------------------------------------------------------------


def teams_for(user: Any) -> QuerySet[Team]:
    teams = Membership.objects.with_client_role(user).values("team_id")
    return (
        Team.objects.filter(pk__in=teams)
        .select_related("service", "service__centre")
        .order_by("service__centre__name", "name")
    )


def team_fte_shares(team: Team) -> list[Decimal]:
    """Post shares of the team's counsellors, split evenly for those in several teams."""
    shares = []
    members = Membership.objects.filter(
        team=team, role=Role.COUNSELLOR, read_only=False, user__is_active=True
    ).select_related("user")
    for membership in members:
        teams = (
            Membership.objects.filter(user=membership.user, role=Role.COUNSELLOR, read_only=False)
            .values("team_id")
            .distinct()
            .count()
        )
        shares.append(membership.user.fte / max(teams, 1))
    return shares


def active_clients(team: Team, *, on: date) -> int:
    """Clients of the team with a first contact or a counselling contact in the last 12 months."""
    since = on - timedelta(days=ACTIVE_PERIOD_DAYS)
    with_intake = Intake.objects.filter(client__team=team, date__gt=since, date__lte=on).exclude(
        outcome=IntakeOutcome.WAITING_LIST
    )
    with_contact = CounsellingContact.objects.filter(
        client__team=team, date__gt=since, date__lte=on
    )
    return (
        Client.objects.filter(team=team, merged_into__isnull=True)
        .filter(
            Q(pk__in=with_intake.values("client_id")) | Q(pk__in=with_contact.values("client_id"))
        )
        .count()
    )


def capacity_of(team: Team, *, on: date) -> TeamCapacity:
    return team_capacity(
        fte_shares=team_fte_shares(team),
        active_clients=active_clients(team, on=on),
        cases_per_post=conf.cases_per_post(),
    )


def waiting_intakes(user: Any, *, team: Team | None = None) -> list[Intake]:
    qs = Intake.objects.filter(
        visible_client_q(user),
        outcome=IntakeOutcome.WAITING_LIST,
        waiting_until__isnull=True,
    ).select_related("client", "client__team")
    if team is not None:
        qs = qs.filter(client__team=team)
    return waiting_order(qs.prefetch_related("client__languages"))


def counsellor_profiles(team: Team, *, on: date) -> list[CounsellorProfile]:
    """The team's counsellors with their languages and their clients of the last 12 months."""
    since = on - timedelta(days=ACTIVE_PERIOD_DAYS)
    profiles = []
    users = User.objects.filter(
        is_active=True,
        pk__in=Membership.objects.filter(team=team, role=Role.COUNSELLOR, read_only=False).values(
            "user_id"
        ),
    )
    for user in users:
        load = (
            CounsellingContact.objects.filter(counsellor=user, date__gt=since)
            .values("client_id")
            .distinct()
            .count()
        )
        profiles.append(
            CounsellorProfile(
                id=user.pk,
                name=user.full_name,
                languages=tuple(user.language_list),
                fte=user.fte,
                load=load,
            )
        )
    return profiles


@dataclass(frozen=True)
class WaitingRow:
    intake: Intake
    position: int
    days_waiting: int
    languages: list[str]
    suggestion: Suggestion | None


def waiting_list_rows(user: Any, team: Team, *, on: date) -> list[WaitingRow]:
    profiles = counsellor_profiles(team, on=on)
    rows = []
    for position, intake in enumerate(waiting_intakes(user, team=team), start=1):
        client = intake.client
        languages = client_languages(
            [(lang.language, lang.level) for lang in client.languages.all()],
            client.document_language,
        )
        rows.append(
            WaitingRow(
                intake=intake,
                position=position,
                days_waiting=(on - intake.date).days,
                languages=languages,
                suggestion=suggest_counsellor(languages, profiles),
            )
        )
    return rows


def suggestion_for_client(client: Client, *, on: date) -> Suggestion | None:
    languages = client_languages(
        [(lang.language, lang.level) for lang in client.languages.all()],
        client.document_language,
    )
    return suggest_counsellor(languages, counsellor_profiles(client.team, on=on))


@dataclass(frozen=True)
class HoursRow:
    weekday: int
    label: str
    periods: list[tuple[time, time]]


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


@dataclass(frozen=True)
class CentreHours:
    """A centre and its weekly office hours, as the office-hours page lists them."""

    centre: Centre
    hours: list[HoursRow]


def office_hours_of(centres: QuerySet[Centre]) -> list[CentreHours]:
    rows = list(centres)
    hours = weekly_hours(rows)
    return [CentreHours(centre=centre, hours=hours.get(centre.pk, [])) for centre in rows]


def staff_languages(centres: Iterable[Centre]) -> dict[int, list[str]]:
    """Centre id → the union of its staff's counselling languages (sorted codes)."""
    ids = [c.pk for c in centres]
    found: dict[int, set[str]] = {pk: set() for pk in ids}
    rows = (
        Membership.objects.filter(
            team__service__centre_id__in=ids,
            role__in=CLIENT_ROLES,
            user__is_active=True,
        )
        .values_list("team__service__centre_id", "user__languages")
        .distinct()
    )
    for centre_id, languages in rows:
        found[centre_id].update(
            code.strip().lower() for code in (languages or "").split(",") if code.strip()
        )
    return {pk: sorted(codes) for pk, codes in found.items()}


def new_request_count(user: Any) -> int:
    return inbox(user).filter(status=RequestStatus.NEW).count()


def todays_appointments(user: User, *, on: date) -> QuerySet[Appointment]:
    start, end = day_bounds(on)
    return (
        appointments_between(user, start, end, counsellor=user)
        .exclude(status=AppointmentStatus.CANCELLED)
        .select_related("client", "request")
    )
