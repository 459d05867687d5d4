"""Reading client data — always scoped to the user, always audited."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lotse.audit.services import log_action
from lotse.common import crypto
from lotse.common.registry import without_encrypted

from ..models import Client, Consent, Intake
from ..models.client import birth_date_digest
from ..phonetics import is_probable_duplicate, name_key
from .search_keys import NAME_PURPOSE as NAME_PURPOSE
from .search_keys import PHONETIC_PURPOSE as PHONETIC_PURPOSE
from .search_keys import query_word_digests


def client_for_request(request: HttpRequest, pk: int, *, write: bool = False) -> Client:
    """The one way a view gets a client from the URL.

    Foreign client → 404 (its existence is not revealed); visible but read-only → 403.
    The read is written to the audit trail before any data leaves.
    """
    client = Client.objects.visible_to(request.user).select_related("team").filter(pk=pk).first()
    if client is None:
        raise Http404
    if write and not Client.objects.writable_by(request.user).filter(pk=pk).exists():
        raise PermissionDenied
    resolver = getattr(request, "resolver_match", None)
    log_action(
        action="client.viewed",
        obj=client,
        data={"view": resolver.view_name if resolver else "", "for_edit": write},
    )
    return client


# A file number as typed: letters of the service, the year, the running number, in any part.
_FILE_NUMBER_PART = re.compile(r"[0-9]")
_YEAR_AND_NUMBER = re.compile(r"(?:^|-)(?P<year>\d{4})-(?P<number>\d{1,5})$")


def file_number_q(query: str) -> Q:
    """Files whose number contains ``query`` ("2026-0004", "MBE-2026", "00042").

    A running number may be typed without its zeros: "2026-42" and "42" find MBE-2026-00042.
    """
    typed = "".join(query.split()).upper()
    q = Q(file_number__icontains=typed)
    year_and_number = _YEAR_AND_NUMBER.search(typed)
    if year_and_number:
        year, number = year_and_number["year"], int(year_and_number["number"])
        q |= Q(file_number__iendswith=f"{year}-{number:05d}")
    elif typed.isdigit() and len(typed) <= 5:
        q |= Q(file_number__iendswith=f"-{int(typed):05d}")
    return q


def looks_like_file_number(query: str) -> bool:
    """Names have no digits: a query with a digit is a file number (or a part of one)."""
    return bool(_FILE_NUMBER_PART.search(query))


def client_search(
    *, user: object, query: str = "", birth_date: date | None = None
) -> QuerySet[Client]:
    """Search by file number (or part of one) or by names, without decrypting a single row.

    Every word of a name query must match a file's keyed tokens by prefix, by prefix of its
    Latin transliteration or by sound (``search_keys``): "Muhammad" finds "Mohammed" and
    "محمد", "Sahin" finds "Şahin", "Olena" finds "Олена".
    """
    qs = Client.objects.visible_to(user)
    query = query.strip()
    if query:
        if looks_like_file_number(query):
            qs = qs.filter(file_number_q(query))
        else:
            for word in crypto.normalise_for_index(query).split():
                qs = qs.filter(search_tokens__digest__in=query_word_digests(word))
    if birth_date:
        qs = qs.filter(birth_date_index=birth_date_digest(birth_date))
    return qs.distinct() if query else qs


class DuplicateReason:
    """Why a file is shown as a possible duplicate (the words the intake page shows)."""

    SAME_BIRTH_DATE = "same_birth_date"
    BIRTH_DATE_NEAR = "birth_date_near"
    BIRTH_DATE_SWAPPED = "birth_date_swapped"
    NO_BIRTH_DATE = "no_birth_date"


_REASON_LABELS = {
    DuplicateReason.SAME_BIRTH_DATE: _("same date of birth, similar name"),
    DuplicateReason.BIRTH_DATE_NEAR: _("date of birth one day apart, similar name"),
    DuplicateReason.BIRTH_DATE_SWAPPED: _("day and month of birth swapped, similar name"),
    DuplicateReason.NO_BIRTH_DATE: _("same name, no date of birth to compare"),
}


@dataclass(frozen=True)
class DuplicateMatch:
    client: Client
    reason: str

    @property
    def reason_label(self) -> str | Promise:
        return _REASON_LABELS[self.reason]


def _near_birth_dates(birth_date: date) -> dict[date, str]:
    """The dates a mistyped date of birth is likely to have been: ±1 day, day and month swapped."""
    dates = {birth_date: DuplicateReason.SAME_BIRTH_DATE}
    for days in (-1, 1):
        dates.setdefault(birth_date + timedelta(days=days), DuplicateReason.BIRTH_DATE_NEAR)
    if birth_date.day <= 12 and birth_date.day != birth_date.month:
        swapped = date(birth_date.year, birth_date.day, birth_date.month)
        dates.setdefault(swapped, DuplicateReason.BIRTH_DATE_SWAPPED)
    return dates


def duplicate_matches(
    *,
    user: object,
    first_name: str,
    last_name: str,
    birth_date: date | None,
    exclude_pk: int | None = None,
    limit: int = 10,
) -> list[DuplicateMatch]:
    """Files the user may see that may be the same person, each with the reason.

    A similar name (spelling and script variants included, see ``phonetics``) and a date of
    birth that is the same, one day off or has day and month swapped; or the same name (equal
    phonetic key) where one of the two has no date of birth. Only the user's own teams are
    searched: telling a counsellor that a person is known to another team would already
    disclose something about that person.
    """
    if not (first_name.strip() or last_name.strip()):
        return []
    # The team's service too: the intake offers a link only within the chosen team's centre.
    visible = Client.objects.visible_to(user).select_related("team__service")
    if exclude_pk is not None:
        visible = visible.exclude(pk=exclude_pk)
    key = name_key(first_name, last_name)
    key_digest = crypto.blind_index(key, purpose=PHONETIC_PURPOSE) if key else ""
    matches: dict[int, DuplicateMatch] = {}
    if birth_date is not None:
        reasons = {
            birth_date_digest(d): reason for d, reason in _near_birth_dates(birth_date).items()
        }
        # Few people share a birth date within one team, so decrypting these rows stays cheap.
        for other in visible.filter(birth_date_index__in=list(reasons))[:200]:
            if other.phonetic_index == key_digest or is_probable_duplicate(
                first_name, last_name, other.first_name, other.last_name
            ):
                matches.setdefault(other.pk, DuplicateMatch(other, reasons[other.birth_date_index]))
    if key_digest:
        same_name = visible.filter(phonetic_index=key_digest)
        if birth_date is not None:
            same_name = same_name.filter(birth_date_index="")
        for other in same_name[:200]:
            matches.setdefault(other.pk, DuplicateMatch(other, DuplicateReason.NO_BIRTH_DATE))
    order = [
        DuplicateReason.SAME_BIRTH_DATE,
        DuplicateReason.BIRTH_DATE_SWAPPED,
        DuplicateReason.BIRTH_DATE_NEAR,
        DuplicateReason.NO_BIRTH_DATE,
    ]
    found = sorted(matches.values(), key=lambda match: order.index(match.reason))
    return found[:limit]


def duplicate_candidates(
    *,
    user: object,
    first_name: str,
    last_name: str,
    birth_date: date | None,
    exclude_pk: int | None = None,
    limit: int = 10,
) -> list[Client]:
    """The files of ``duplicate_matches``, without the reasons."""
    return [
        match.client
        for match in duplicate_matches(
            user=user,
            first_name=first_name,
            last_name=last_name,
            birth_date=birth_date,
            exclude_pk=exclude_pk,
            limit=limit,
        )
    ]


def first_contact_on(client: Client, on: date) -> bool:
    """Whether a first contact of ``client`` is already recorded for the day ``on``."""
    return Intake.objects.filter(client=client, date=on).exists()


def consent_current(client: Client) -> Consent | None:
    """The newest consent that has not been withdrawn, if any."""
    return (
        Consent.objects.filter(client=client, withdrawn_on__isnull=True)
        .order_by("-informed_on", "-created_at")
        .first()
    )


def consent_partner_choices(client: Client) -> QuerySet[Any]:
    """The network partners a consent of ``client`` can name: the active ones of its centre."""
    # Through the centre's reverse relation: the network app builds on clients, not back.
    return client.team.service.centre.partners.filter(active=True).order_by("name")


def client_overview(client: Client) -> dict[str, object]:
    """What the overview tab shows besides the record itself."""
    return {
        "decision": client.eligibility_decisions.order_by("-decided_on", "-created_at").first(),
        "consent": consent_current(client),
        "withdrawn_consents": client.consents.filter(withdrawn_on__isnull=False).count(),
        "latest_intake": client.intakes.order_by("-date", "-created_at").first(),
        "languages": list(client.languages.order_by("language")),
        "household": list(client.household.all()),
    }


def recently_updated(user: Any, *, limit: int) -> list[Client]:
    """The ``limit`` most recently changed files the user may see, newest first.

    One indexed walk per team (``client_team_recent_idx``) and a merge: over several teams
    at once the database would sort every visible file (75,000 in the benchmark's MBE team)
    to return a handful. Of the encrypted columns only the name: the dashboard shows name and
    file number.
    """
    newest: list[Client] = []
    for team_id in user.client_team_ids():
        newest.extend(
            without_encrypted(
                Client.objects.visible_to(user).filter(team_id=team_id).select_related("team")
            ).order_by("-updated_at", "-pk")[:limit]
        )
    newest.sort(key=lambda c: c.updated_at, reverse=True)
    return newest[:limit]
