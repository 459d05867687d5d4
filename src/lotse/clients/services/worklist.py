"""Working lists: saved filters and bulk actions on selected files (issue #17 §3).

A bulk action handles each file in its own transaction: a refusal (other team, no write
access, the colleague is not in the file's team) or a conflict (somebody saved the file
after the confirmation page was shown) on one row never stops the others.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lotse.accounts.models import Membership, User
from lotse.accounts.roles import CLIENT_ROLES
from lotse.common.errors import ConflictError
from lotse.common.services.versioning import claim_version

from ..models import Client, FilterKind, SavedFilter

SAVED_FILTERS_PER_USER = 50  # per list (``SavedFilter.kind``)


def normalised_query(chosen: Mapping[str, str]) -> str:
    """The filter choice as a query string: known keys only (the caller checked them), sorted."""
    return urlencode(sorted((k, v) for k, v in chosen.items() if v))


def save_filter(
    *, user: User, name: str, chosen: Mapping[str, str], kind: str = FilterKind.CLIENTS
) -> SavedFilter:
    """Store (or overwrite, by name) ``user``'s filter of the list ``kind``; at most
    SAVED_FILTERS_PER_USER per list (the oldest go)."""
    saved, _created = SavedFilter.objects.update_or_create(
        user=user, kind=kind, name=name.strip(), defaults={"query": normalised_query(chosen)}
    )
    surplus = SavedFilter.objects.filter(user=user, kind=kind).order_by("-created_at", "-pk")[
        SAVED_FILTERS_PER_USER:
    ]
    SavedFilter.objects.filter(pk__in=[s.pk for s in surplus]).delete()
    return saved


def delete_filter(*, user: User, filter_id: int, kind: str = FilterKind.CLIENTS) -> bool:
    return SavedFilter.objects.filter(user=user, kind=kind, pk=filter_id).delete()[0] > 0


@dataclass(frozen=True)
class RowOutcome:
    client_id: int
    file_number: str
    done: bool
    message: str | Promise
    # Nothing to do for this row (a file without an open case): listed, neither done nor refused.
    skipped: bool = False
    # Which of the file's cases the row is about (bulk actions of the case list), e.g. "MBE".
    case_label: str = ""


def is_team_colleague(person: User, team_id: int) -> bool:
    """``person`` is active and may write client files of the team."""
    return (
        person.is_active
        and Membership.objects.filter(
            user=person, team_id=team_id, role__in=CLIENT_ROLES, read_only=False
        ).exists()
    )


def reassign_one(*, user: User, client_id: int, version: int, to: User) -> RowOutcome:
    """Make ``to`` responsible for one file, in its own transaction."""
    client = Client.objects.writable_by(user).filter(pk=client_id).first()
    if client is None:
        # Not the file's existence: the user may not know it.
        return RowOutcome(client_id, "", False, _("You may not change this file."))
    if not is_team_colleague(to, client.team_id):
        return RowOutcome(
            client_id,
            client.file_number,
            False,
            _("The chosen person does not work in this file's team."),
        )
    try:
        with transaction.atomic():
            claim_version(Client, client.pk, version)
            client.responsible = to
            client.save(update_fields=["responsible", "updated_at"])
    except ConflictError:
        return RowOutcome(
            client_id,
            client.file_number,
            False,
            _("Someone changed this file after the confirmation page was shown."),
        )
    return RowOutcome(client_id, client.file_number, True, _("Responsible person changed."))


def bulk_reassign(*, user: User, rows: list[tuple[int, int]], to: User) -> list[RowOutcome]:
    """``rows`` are (client id, version shown on the confirmation page)."""
    return [reassign_one(user=user, client_id=pk, version=v, to=to) for pk, v in rows]
