"""Linking the files of one person served by several services or teams (DOMAIN §D16).

The files of one person share ``Client.person_key``; the centre's statistics count them as one
person. The key links files, never their contents: each file stays visible only to its own
team, and nobody learns more about the other file than that one exists.

Keys are set at intake (the duplicate check found the person's file in another team of the
same counsellor), by a handshake of the team leads of both files (``PersonLinkRequest``), and
kept straight when files are merged or anonymised.
"""

from __future__ import annotations

import uuid
from typing import Any
from uuid import UUID

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotse.accounts.models import Membership
from lotse.accounts.roles import Role
from lotse.audit.context import actor_for_user
from lotse.audit.services import log_action
from lotse.common.errors import ConflictError, DomainError

from ..models import Client, LinkStatus, PersonLinkRequest

LINK_ACTION = "client.person_link"
UNLINK_ACTION = "client.person_unlink"

SAME_TEAM_MESSAGE = _("Two files of the same team are merged, not linked.")


def is_team_lead(user: Any, team_id: int) -> bool:
    """Whether ``user`` leads the team (the only role that asks for or decides a link)."""
    return Membership.objects.filter(
        user=user, team_id=team_id, role=Role.TEAM_LEAD, read_only=False
    ).exists()


def lead_team_ids(user: Any) -> Any:
    """The teams ``user`` leads, as a subquery."""
    return Membership.objects.filter(user=user, role=Role.TEAM_LEAD, read_only=False).values(
        "team_id"
    )


def _refuse_unlinkable(files: list[Client]) -> None:
    if any(c.merged_into_id is not None or c.anonymised_at is not None for c in files):
        raise DomainError(_("Merged or anonymised files cannot be linked."))


@transaction.atomic
def link_files(*, files: list[Client], by: Any, via: str = "") -> UUID:
    """Give ``files`` and every file already sharing a key with one of them one key.

    An existing key is reused (several are unified into one), so the statistics keep counting
    the person once however the links came about. Two files of one team are refused: they are
    duplicates, and merging (not linking) is the answer. Each file whose key changes gets its
    version raised (an edit form opened before the link cannot write the old key back) and
    one audit entry.
    """
    ids = {c.pk for c in files}
    if len(ids) < 2:
        raise DomainError(_("Choose at least two files to link."))
    locked = list(Client.objects.select_for_update().filter(pk__in=ids))
    if len(locked) != len(ids):
        raise DomainError(_("Merged or anonymised files cannot be linked."))
    _refuse_unlinkable(locked)
    keys = {c.person_key for c in locked if c.person_key is not None}
    group = list(
        Client.objects.select_for_update(of=("self",))
        .select_related("team__service")
        .filter(Q(pk__in=ids) | Q(person_key__in=keys))
        .order_by("pk")
    )
    _refuse_unlinkable(group)
    # The statistics count persons per centre: a key spans the files of one centre only.
    if len({c.team.service.centre_id for c in group}) > 1:
        raise DomainError(_("Only files of one centre can be linked."))
    teams = [c.team_id for c in group]
    if len(teams) != len(set(teams)):
        raise DomainError(SAME_TEAM_MESSAGE)
    # The key most of the group already holds survives (fewest rows change); ties by value,
    # so the same input always gives the same key.
    key = (
        min(keys, key=lambda k: (-sum(c.person_key == k for c in group), str(k)))
        if keys
        else uuid.uuid4()
    )
    now = timezone.now()
    # Without a user (the demo, a command) the entries name whoever runs the code.
    actor = actor_for_user(by) if by is not None else None
    for client in group:
        if client.person_key == key:
            continue
        since = client.person_linked_at if client.person_key is not None else now
        Client.objects.filter(pk=client.pk).update(
            person_key=key, person_linked_at=since, version=F("version") + 1
        )
        log_action(
            action=LINK_ACTION,
            obj=client,
            actor=actor,
            data={"person_key": str(key), "files": len(group), "via": via},
        )
    return key


@transaction.atomic
def unlink_file(*, client: Client, by: Any) -> None:
    """Take ``client`` out of its person's group; a file left alone with the key loses it too."""
    if not is_team_lead(by, client.team_id):
        raise DomainError(_("Only a team lead of this file's team can undo the link."))
    locked = Client.objects.select_for_update().get(pk=client.pk)
    key = locked.person_key
    if key is None:
        raise DomainError(_("This file is not linked with a file of another service."))
    actor = actor_for_user(by)
    _clear_key(locked, actor=actor)
    rest = list(Client.objects.select_for_update().filter(person_key=key))
    if len(rest) == 1:
        _clear_key(rest[0], actor=actor)
    client.person_key = None
    client.person_linked_at = None


def _clear_key(client: Client, *, actor: Any, reason: str = "") -> None:
    Client.objects.filter(pk=client.pk).update(
        person_key=None, person_linked_at=None, version=F("version") + 1
    )
    log_action(
        action=UNLINK_ACTION,
        obj=client,
        actor=actor,
        data={"person_key": str(client.person_key), "reason": reason},
    )


# --- the handshake of the team leads ------------------------------------------------------


def _same_centre(a: Client, b: Client) -> bool:
    return bool(a.team.service.centre_id == b.team.service.centre_id)


def _equal(a: str, b: str) -> bool:
    return bool(a) and a == b


@transaction.atomic
def link_request_create(*, client: Client, file_number: str, by: Any) -> PersonLinkRequest:
    """A lead of ``client``'s team asks to link it with the file ``file_number``.

    Only files of the same centre, neither merged nor anonymised, can be named; everything
    else reads as an unknown number. Whether names and dates of birth match is taken from the
    keyed hashes, so nothing of the other file is decrypted for the requester.
    """
    if not is_team_lead(by, client.team_id):
        raise DomainError(_("Only a team lead of this file's team can ask for a link."))
    _refuse_unlinkable([client])
    other = (
        Client.objects.select_related("team__service")
        .filter(
            file_number=file_number.strip(),
            merged_into__isnull=True,
            anonymised_at__isnull=True,
        )
        .first()
    )
    if other is None or other.pk == client.pk or not _same_centre(client, other):
        raise DomainError(_("There is no file with this number in your centre."))
    if other.team_id == client.team_id:
        raise DomainError(
            _(
                "This file belongs to the same team. Files of one team are merged, not "
                "linked: use “Merge duplicate”."
            )
        )
    pending = PersonLinkRequest.objects.filter(
        Q(from_client=client, to_client=other) | Q(from_client=other, to_client=client),
        status=LinkStatus.PENDING,
    )
    if pending.exists():
        raise DomainError(_("A request for these two files is already waiting for a decision."))
    request = PersonLinkRequest.objects.create(
        from_client=client,
        to_client=other,
        requested_by=by,
        name_matches=_equal(client.name_index, other.name_index)
        or _equal(client.phonetic_index, other.phonetic_index),
        birth_date_matches=_equal(client.birth_date_index, other.birth_date_index),
    )
    return request


def _claim(request: PersonLinkRequest, expected_version: int) -> None:
    claimed = PersonLinkRequest.objects.filter(
        pk=request.pk, version=expected_version, status=LinkStatus.PENDING
    ).update(version=F("version") + 1)
    if not claimed:
        raise ConflictError(
            _("This request has been decided or withdrawn in the meantime. Nothing was changed.")
        )
    request.version = expected_version + 1


@transaction.atomic
def link_request_decide(
    *, request: PersonLinkRequest, accept: bool, expected_version: int, by: Any
) -> PersonLinkRequest:
    """A lead of the requested file's team accepts (both files get one key) or declines."""
    if not is_team_lead(by, request.to_client.team_id):
        raise DomainError(_("Only a team lead of the requested file's team can decide."))
    _claim(request, expected_version)
    if accept:
        link_files(files=[request.from_client, request.to_client], by=by, via="request")
    request.status = LinkStatus.ACCEPTED if accept else LinkStatus.DECLINED
    request.decided_by = by
    request.decided_at = timezone.now()
    request.save(update_fields=["status", "decided_by", "decided_at"])
    return request


@transaction.atomic
def link_request_withdraw(
    *, request: PersonLinkRequest, expected_version: int, by: Any
) -> PersonLinkRequest:
    """A lead of the requesting file's team takes back a request nobody decided yet."""
    if not is_team_lead(by, request.from_client.team_id):
        raise DomainError(_("Only a team lead of the requesting file's team can withdraw it."))
    _claim(request, expected_version)
    request.status = LinkStatus.WITHDRAWN
    request.decided_by = by
    request.decided_at = timezone.now()
    request.save(update_fields=["status", "decided_by", "decided_at"])
    return request


def _withdraw_pending_of(client: Client) -> int:
    """Withdraw (as the system) every open request this file sent or received."""
    withdrawn = 0
    rows = PersonLinkRequest.objects.filter(
        Q(from_client=client) | Q(to_client=client), status=LinkStatus.PENDING
    )
    for request in rows:
        request.status = LinkStatus.WITHDRAWN
        request.decided_at = timezone.now()
        request.version += 1
        request.save(update_fields=["status", "decided_at", "version"])
        withdrawn += 1
    return withdrawn


# --- merge and erasure --------------------------------------------------------------------


def person_link_on_merge(*, source: Client, target: Client) -> dict[str, int]:
    """Keys and requests when ``source`` is folded into ``target`` (inside ``client_merge``).

    The survivor keeps its key; without one it takes the source's; with two different keys
    every file of the source's key joins the survivor's. The source (an empty shell from now
    on) holds no key. Open requests of the source are withdrawn rather than moved: the
    requesting lead asked about that file, and the decider judged it, not the survivor.
    """
    locked = {
        c.pk: c for c in Client.objects.select_for_update().filter(pk__in=[source.pk, target.pk])
    }
    src, tgt = locked[source.pk], locked[target.pk]
    moved = 0
    if src.person_key is not None:
        if tgt.person_key is None:
            Client.objects.filter(pk=tgt.pk).update(
                person_key=src.person_key, person_linked_at=src.person_linked_at
            )
            log_action(
                action=LINK_ACTION,
                obj=tgt,
                data={"person_key": str(src.person_key), "via": "merge"},
            )
            moved = 1
        elif tgt.person_key != src.person_key:
            others = list(Client.objects.filter(person_key=src.person_key).exclude(pk__in=[src.pk]))
            for other in others:
                Client.objects.filter(pk=other.pk).update(
                    person_key=tgt.person_key, version=F("version") + 1
                )
                log_action(
                    action=LINK_ACTION,
                    obj=other,
                    data={"person_key": str(tgt.person_key), "via": "merge"},
                )
            moved = len(others)
        Client.objects.filter(pk=src.pk).update(person_key=None, person_linked_at=None)
    withdrawn = _withdraw_pending_of(src)
    return {"person_key_moved": moved, "link_requests_withdrawn": withdrawn}


def person_link_on_anonymise(client: Client) -> dict[str, int]:
    """An anonymised file leaves its person's group: the other file then counts alone.

    Called inside ``anonymise_client`` (its transaction, its lock on the file).
    """
    cleared = 0
    key = client.person_key
    if key is not None:
        Client.objects.filter(pk=client.pk).update(person_key=None, person_linked_at=None)
        client.person_key = None
        client.person_linked_at = None
        cleared = 1
        rest = list(Client.objects.filter(person_key=key))
        if len(rest) == 1:
            _clear_key(rest[0], actor=None, reason="other file anonymised")
            cleared += 1
    return {"person_keys_cleared": cleared, "link_requests_withdrawn": _withdraw_pending_of(client)}
