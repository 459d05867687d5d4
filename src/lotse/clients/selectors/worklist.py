"""The working list's filters (issue #17 §3, DOMAIN §D17).

Each filter is one condition on the already team-scoped client queryset and is served by an
index (docs/architecture.md "Working lists"):

- ``service``: the teams of one service kind, ``team_id IN (…)`` → ``client_team_recent_idx``;
- ``language``: ``ClientLanguage`` by language → ``client_language_lang_idx``;
- ``age``: a range of ``birth_year`` per team → ``client_team_birth_year_idx``;
- ``contact_older``: ``last_contact_on`` before the cut-off, or none →
  ``client_team_last_contact_idx``;
- ``follow_up``: open follow-ups due today or earlier → ``contact_open_follow_up_id_idx``;
- ``permit_within``: a current permit ending within N weeks → ``permit_valid_until_idx``;
- ``responsible``: the file's responsible colleague → the foreign key's index.

The age group is counted in years from ``birth_year`` (the date of birth is encrypted and
cannot be compared in SQL): "27 and older" means born in or before this year − 27.
"Last contact older than N days" includes files without any contact.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.cache import caches
from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from lotse.accounts.models import Membership, User
from lotse.accounts.roles import CLIENT_ROLES
from lotse.common.id_list import in_column_of
from lotse.common.languages import COMMON_LANGUAGES, language_name
from lotse.organisation.models import ServiceKind, Team

from ..models import Client, ClientLanguage, CounsellingContact, ResidencePermit
from .permits import _current_pk

# (code, label, youngest age, oldest age) — JMD 12–27, MBE from 27 (§D2).
AGE_GROUPS: list[tuple[str, Any, int, int | None]] = [
    ("u12", _("under 12"), 0, 11),
    ("12-17", _("12 to 17"), 12, 17),
    ("18-26", _("18 to 26"), 18, 26),
    ("27-64", _("27 to 64"), 27, 64),
    ("65+", _("65 and older"), 65, None),
]
CONTACT_DAYS = (30, 90, 180, 365)
PERMIT_WEEKS = (4, 8, 12, 26)


def service_choices() -> list[tuple[str, Any]]:
    return list(ServiceKind.choices)


def with_service(clients: QuerySet[Client], kind: str) -> QuerySet[Client]:
    return clients.filter(team_id__in=Team.objects.filter(service__kind=kind).values("pk"))


def language_choices() -> list[tuple[str, Any]]:
    return sorted(((code, language_name(code)) for code in COMMON_LANGUAGES), key=lambda c: c[1])


# On SQLite a language spoken in at least this share of all files is checked per listed file.
COMMON_LANGUAGE_SHARE = 20  # one file in 20


def with_language(clients: QuerySet[Client], code: str) -> QuerySet[Client]:
    """Files with ``code`` among their languages.

    ``id IN (speakers)`` suits a rare language: SQLite builds the list of its few speakers
    once. For a common one it built the whole list for every page — 34,802 Arabic speakers
    at 100,000 files, 54 ms of a 92 ms page — while walking the list's own index and asking
    each file (``EXISTS`` on ``client_language_lang_idx``) finds 25 in 0.4 ms; for a rare
    language that walk passes nearly every file (37 ms). So SQLite takes ``EXISTS`` when the
    language is spoken in one file in ``COMMON_LANGUAGE_SHARE`` or more (a capped count on the
    index: one query of its own). PostgreSQL plans both forms alike (a semi-join) and keeps
    ``IN``.
    """
    speakers = ClientLanguage.objects.filter(language=code)
    if connection.vendor == "sqlite":
        # The number of files only sets the threshold: kept for ten minutes per process.
        files = caches["derived"].get_or_set("clients.files_total", Client.objects.count, 600)
        common = int(files or 0) // COMMON_LANGUAGE_SHARE + 1
        if speakers.values("pk")[:common].count() >= common:
            return clients.filter(Exists(speakers.filter(client_id=OuterRef("pk"))))
    return clients.filter(pk__in=speakers.values("client_id"))


def age_choices() -> list[tuple[str, Any]]:
    return [(code, label) for code, label, _low, _high in AGE_GROUPS]


def in_age_group(
    clients: QuerySet[Client], code: str, *, today: date | None = None
) -> QuerySet[Client]:
    year = (today or timezone.localdate()).year
    for key, _label, low, high in AGE_GROUPS:
        if key == code:
            clients = clients.filter(birth_year__lte=year - low)
            return clients if high is None else clients.filter(birth_year__gte=year - high)
    return clients


def contact_choices() -> list[tuple[str, Any]]:
    return [
        (str(days), ngettext_lazy("%(n)d day", "%(n)d days", days) % {"n": days})
        for days in CONTACT_DAYS
    ]


def contact_older_than(
    clients: QuerySet[Client], days: str, *, today: date | None = None
) -> QuerySet[Client]:
    """Files whose newest contact is older than ``days`` days, or that have none.

    Reads ``Client.last_contact_on`` (kept by services/last_contact.py): asking every visible
    file's contacts whether one is recent took PostgreSQL 300–400 ms at 100,000 files when
    few files match.
    """
    since = (today or timezone.localdate()) - timedelta(days=int(days))
    return clients.filter(Q(last_contact_on__lt=since) | Q(last_contact_on__isnull=True))


def follow_up_choices() -> list[tuple[str, Any]]:
    return [("due", _("due today or earlier"))]


def follow_up_due(
    clients: QuerySet[Client], _value: str, *, today: date | None = None
) -> QuerySet[Client]:
    """Files with an open follow-up due ``today`` or earlier.

    The files are read first, from the few open follow-ups alone
    (``contact_open_follow_up_id_idx``), and the list is then filtered by their ids. As a
    subquery PostgreSQL misjudges how many files match (it multiplies "not done" by "has a
    date", but nearly every dated follow-up is done), walks every visible file and asks for each
    whether it has one: 160–600 ms at 100,000 files, against a few milliseconds for the ids.
    Past the number of ids one condition may carry (``common.id_list``) the subquery is kept —
    and always on SQLite, which builds a temporary index of the subquery's ids once (45/49 ms
    p50/p95 at 100,000 files, against 61/191 ms with 4,400 ids bound as parameters).
    """
    due = CounsellingContact.objects.filter(
        follow_up_done=False,
        follow_up_on__isnull=False,
        follow_up_on__lte=today or timezone.localdate(),
    )
    # A file may have several due follow-ups: past four times the id limit the subquery stays.
    return clients.filter(in_column_of("pk", due, "client_id"))


def permit_choices() -> list[tuple[str, Any]]:
    return [
        (str(weeks), ngettext_lazy("%(n)d week", "%(n)d weeks", weeks) % {"n": weeks})
        for weeks in PERMIT_WEEKS
    ]


def permit_within(
    clients: QuerySet[Client], weeks: str, *, today: date | None = None
) -> QuerySet[Client]:
    """Files whose current permit ends between today and today + ``weeks`` weeks."""
    start = today or timezone.localdate()
    ending = ResidencePermit.objects.filter(
        valid_until__gte=start, valid_until__lte=start + timedelta(weeks=int(weeks))
    ).filter(pk=_current_pk())
    return clients.filter(pk__in=ending.values("client_id"))


def colleagues(user: Any) -> QuerySet[User]:
    """Active users with a client role in one of ``user``'s client teams."""
    teams = user.client_team_ids()
    members = Membership.objects.filter(team_id__in=teams, role__in=CLIENT_ROLES)
    return User.objects.filter(is_active=True, pk__in=members.values("user_id")).order_by(
        "full_name", "pk"
    )


def responsible_choices(user: Any) -> list[tuple[str, Any]]:
    people = [(str(u.pk), u.get_full_name() or u.get_username()) for u in colleagues(user)]
    return [("none", _("nobody")), *people]


def with_responsible(clients: QuerySet[Client], value: str) -> QuerySet[Client]:
    if value == "none":
        return clients.filter(responsible__isnull=True)
    return clients.filter(responsible_id=int(value))
