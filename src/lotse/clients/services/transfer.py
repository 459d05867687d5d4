"""Passing files to another team or centre (issue #17 §3, DOMAIN §D17).

A counsellor or team lead of the file's team asks (one ``TeamTransfer`` per file, with a
handover note); nothing moves until a lead of the receiving team accepts. Until then the
receiving lead sees only the name, date of birth, file number, service and the note
(``selectors.transfer``); the file stays with its team. Accepting moves the file in one
transaction; declining leaves it where it is and the sending team sees "declined" on the file.

Rules decided here:

- **Receiving teams**: every team that has at least one team lead with write access (nobody
  could ever accept otherwise), except teams of services without individual clients.
- **Between providers** (the receiving team belongs to another ``Provider``): the client's
  current consent (``consent_current``: the newest one not withdrawn) must be written, must
  cover passing data (``scope_share_with_partners``) and must *name the receiving
  organisation*: a network partner named in it, or a line of its other recipients, whose name
  is the receiving provider's or the receiving centre's name (compared without regard to case
  and surrounding spaces). ``scope_share_with_partners`` alone is not enough: it covers the
  partners the consent names, not any organisation. Checked when asking and again when
  accepting (the consent may have been withdrawn in between). Within one provider no consent
  is needed: the file stays with the same controller.
- **Open cases** move with the file: a case has no team of its own, it is seen through its
  file's team. Its counsellor becomes the file's new responsible person, or the accepting lead.
  A case belongs to its service, so a file with an open case in a service other than the
  receiving team's is refused ("close the open case first"); closed cases move as history.
- **Open tasks** (lotse.office) follow the file: on acceptance each open task of the file or
  of its cases that belongs to the sending team becomes a task of the receiving team. One for
  a person who is also an active member of the receiving team stays theirs; one for anyone
  else becomes a team task of the receiving team (nobody named), so the receiving team sees
  it and the sending team no longer does. Done tasks stay with the sending team as history.
  The clients app does not import the office: it sends ``file_transferred`` (``signals``)
  inside the acceptance transaction and the office moves and audits its tasks there.
- **Withdrawing**: anyone of the sending team who may change the file. Merging, anonymising
  and erasing a file withdraw its pending transfers (``transfers_withdraw_of``).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotse.accounts.models import Membership, User
from lotse.accounts.roles import Role
from lotse.audit.services import log_action
from lotse.common.errors import ConflictError, DomainError
from lotse.common.services.versioning import claim_version
from lotse.organisation.models import NO_CLIENT_SERVICES, Team

from ..models import Client, TeamTransfer, TransferStatus
from ..selectors import consent_current
from ..signals import file_transferred
from .worklist import RowOutcome, is_team_colleague

NO_CONSENT_MESSAGE = _("no consent for passing the file to another organisation")
CHANGED_MESSAGE = _("Someone changed this file after the confirmation page was shown.")
DECIDED_MESSAGE = _("This transfer has been decided or withdrawn in the meantime.")
NOTE_MAX = 4000


def receiving_teams() -> Any:
    """Teams a file can be passed to: those with a lead who can accept (see module docs)."""
    leads = Membership.objects.filter(role=Role.TEAM_LEAD, read_only=False, user__is_active=True)
    return (
        Team.objects.filter(pk__in=leads.values("team_id"))
        .exclude(service__kind__in=NO_CLIENT_SERVICES)
        .select_related("service__centre__provider")
        .order_by("service__centre__provider__name", "service__centre__name", "name")
    )


def is_lead_of(user: Any, team_id: int) -> bool:
    return Membership.objects.filter(
        user=user, team_id=team_id, role=Role.TEAM_LEAD, read_only=False
    ).exists()


def _provider_id(team: Team) -> int:
    return int(team.service.centre.provider_id)


def _names(team: Team) -> set[str]:
    centre = team.service.centre
    provider = centre.provider
    return {
        name.strip().casefold()
        for name in (provider.name, provider.short_name, centre.name)
        if name and name.strip()
    }


def consent_allows_transfer(client: Client, to_team: Team) -> bool:
    """Whether ``client``'s file may go to ``to_team`` as far as consent goes (module docs)."""
    if _provider_id(client.team) == _provider_id(to_team):
        return True
    consent = consent_current(client)
    if consent is None or not consent.written or not consent.scope_share_with_partners:
        return False
    wanted = _names(to_team)
    named = {str(p.name).strip().casefold() for p in consent.partner_links.all()}
    named |= {line.casefold() for line in consent.other_recipient_list}
    return bool(wanted & named)


def _open_case_services(client: Client) -> set[str]:
    # By name: the cases app builds on clients, not the other way round.
    return set(client.cases.exclude(phase="closed").values_list("service", flat=True))


def transfer_refusal(client: Client, to_team: Team) -> Any:
    """Why ``client`` cannot be passed to ``to_team`` (a translatable text), or None."""
    if client.merged_into_id is not None or client.anonymised_at is not None:
        return _("Merged or anonymised files cannot be passed on.")
    if client.team_id == to_team.pk:
        return _("The file already belongs to this team.")
    if to_team.service.kind in NO_CLIENT_SERVICES:
        return _("This service does not work with individual clients.")
    if TeamTransfer.objects.filter(client=client, status=TransferStatus.PENDING).exists():
        return _("A transfer of this file is already waiting for acceptance.")
    if _open_case_services(client) - {to_team.service.kind}:
        return _("The file has an open case in its service. Close the case first.")
    if not consent_allows_transfer(client, to_team):
        return NO_CONSENT_MESSAGE
    return None


def transfer_request_one(
    *, user: User, client_id: int, version: int, to_team: Team, note: str
) -> RowOutcome:
    """Ask for one file to be passed to ``to_team``, in its own transaction."""
    client = (
        Client.objects.writable_by(user)
        .select_related("team__service__centre__provider")
        .filter(pk=client_id)
        .first()
    )
    if client is None:
        return RowOutcome(client_id, "", False, _("You may not change this file."))
    try:
        with transaction.atomic():
            claim_version(Client, client.pk, version, CHANGED_MESSAGE)
            why = transfer_refusal(client, to_team)
            if why is not None:
                raise DomainError(why)
            transfer = TeamTransfer.objects.create(
                client=client,
                from_team=client.team,
                to_team=to_team,
                note=note.strip()[:NOTE_MAX],
                requested_by=user,
            )
            log_action(
                action="client.transfer_requested",
                obj=client,
                data={
                    "transfer": transfer.pk,
                    "from_team": client.team_id,
                    "to_team": to_team.pk,
                },
            )
    except DomainError as error:
        return RowOutcome(client_id, client.file_number, False, error.message)
    return RowOutcome(
        client_id,
        client.file_number,
        True,
        _("Transfer requested: the receiving team lead decides."),
    )


def bulk_transfer(
    *, user: User, rows: list[tuple[int, int]], to_team: Team, note: str
) -> list[RowOutcome]:
    """``rows`` are (client id, version shown on the confirmation page)."""
    return [
        transfer_request_one(user=user, client_id=pk, version=v, to_team=to_team, note=note)
        for pk, v in rows
    ]


def _claim(transfer: TeamTransfer, expected_version: int) -> None:
    claimed = TeamTransfer.objects.filter(
        pk=transfer.pk, version=expected_version, status=TransferStatus.PENDING
    ).update(version=F("version") + 1)
    if not claimed:
        raise ConflictError(DECIDED_MESSAGE)
    transfer.version = expected_version + 1


def _finish(transfer: TeamTransfer, status: str, by: User | None) -> None:
    transfer.status = status
    transfer.decided_by = by
    transfer.decided_at = timezone.now()
    transfer.save(update_fields=["status", "decided_by", "decided_at"])


@transaction.atomic
def transfer_accept(
    *, transfer: TeamTransfer, by: User, expected_version: int, responsible: User | None = None
) -> Client:
    """A lead of the receiving team takes the file over: team and responsible person change,
    open cases go to the new responsible person (or the accepting lead), open tasks to the
    receiving team (``file_transferred``, see module docs); audited on both sides
    (``client.transferred_out`` names the sending team, ``client.transferred_in`` the
    receiving one)."""
    if not is_lead_of(by, transfer.to_team_id):
        raise DomainError(_("Only a team lead of the receiving team can accept."))
    if responsible is not None and not is_team_colleague(responsible, transfer.to_team_id):
        raise DomainError(_("The chosen person does not work in the receiving team."))
    _claim(transfer, expected_version)
    client = (
        Client.objects.select_for_update(of=("self",))
        .select_related("team__service__centre__provider")
        .get(pk=transfer.client_id)
    )
    to_team = Team.objects.select_related("service__centre__provider").get(pk=transfer.to_team_id)
    if client.team_id != transfer.from_team_id or client.merged_into_id or client.anonymised_at:
        raise DomainError(DECIDED_MESSAGE)
    if not consent_allows_transfer(client, to_team):
        raise DomainError(NO_CONSENT_MESSAGE)
    from_team_id = client.team_id
    # Through save(), not QuerySet.update: the kept statistics of both teams are marked out
    # of date by the model signals (lotse.stats.signals), like any other change of team.
    client.team = to_team
    client.responsible = responsible
    client.version += 1
    client.save(update_fields=["team", "responsible", "version", "updated_at"])
    counsellor = responsible or by
    moved_cases = 0
    for case in client.cases.exclude(phase="closed"):
        case.counsellor = counsellor
        case.version += 1
        case.save(update_fields=["counsellor", "version"])
        moved_cases += 1
    data: dict[str, Any] = {
        "transfer": transfer.pk,
        "from_team": from_team_id,
        "to_team": to_team.pk,
        "open_cases": moved_cases,
    }
    # Other apps move what they keep per team (open tasks), in this transaction (module docs).
    for _receiver, moved in file_transferred.send(
        sender=Client,
        client=client,
        transfer=transfer,
        from_team_id=from_team_id,
        to_team=to_team,
        by=by,
    ):
        if isinstance(moved, dict):
            data.update(moved)
    log_action(action="client.transferred_out", obj=client, data=data)
    log_action(action="client.transferred_in", obj=client, data=data)
    _finish(transfer, TransferStatus.ACCEPTED, by)
    client.refresh_from_db()
    return client


def _end(transfer: TeamTransfer, status: str, by: User, expected_version: int, action: str) -> None:
    """Decline or withdraw: only the request changes, the file stays where it is."""
    _claim(transfer, expected_version)
    _finish(transfer, status, by)
    log_action(
        action=action,
        client_id=transfer.client_id,
        data={"transfer": transfer.pk, "to_team": transfer.to_team_id},
    )


@transaction.atomic
def transfer_decline(*, transfer: TeamTransfer, by: User, expected_version: int) -> None:
    """A lead of the receiving team declines: the file stays, its team sees "declined"."""
    if not is_lead_of(by, transfer.to_team_id):
        raise DomainError(_("Only a team lead of the receiving team can decline."))
    _end(transfer, TransferStatus.DECLINED, by, expected_version, "client.transfer_declined")


@transaction.atomic
def transfer_withdraw(*, transfer: TeamTransfer, by: User, expected_version: int) -> None:
    """Someone of the sending team who may change the file takes the request back."""
    writable = Client.objects.writable_by(by).filter(
        pk=transfer.client_id, team_id=transfer.from_team_id
    )
    if not writable.exists():
        raise DomainError(_("Only the sending team can withdraw a transfer."))
    _end(transfer, TransferStatus.WITHDRAWN, by, expected_version, "client.transfer_withdrawn")


def transfers_withdraw_of(client: Client) -> int:
    """Withdraw (as the system) every pending transfer of ``client``: inside a merge (the
    duplicate) or an anonymisation, in their transactions."""
    withdrawn = 0
    for transfer in TeamTransfer.objects.filter(client=client, status=TransferStatus.PENDING):
        transfer.status = TransferStatus.WITHDRAWN
        transfer.decided_at = timezone.now()
        transfer.version += 1
        transfer.save(update_fields=["status", "decided_at", "version"])
        withdrawn += 1
    return withdrawn
