"""Writing client records: numbering, search tokens, duplicates, conflicts, merging."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, cast

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotse.audit.services import log_action, log_actions
from lotse.audit.signals import created_entry
from lotse.common import crypto
from lotse.common.bulk_insert import insert_many
from lotse.common.errors import DomainError
from lotse.common.models import next_value, next_values
from lotse.common.services.versioning import claim_version
from lotse.organisation.models import Team

from ..models import Client, ClientLanguage, ClientSearchToken, Residence
from ..phonetics import name_key
from ..selectors import NAME_PURPOSE, PHONETIC_PURPOSE
from ..selectors.search_keys import name_token_digests
from ..signals import files_merging
from .last_contact import last_contact_refresh
from .merge_collisions import resolve_collisions
from .person_link import link_files, person_link_on_merge
from .transfer import transfers_withdraw_of


@dataclass(frozen=True)
class ClientData:
    """Everything a counsellor types into the client form."""

    first_name: str = ""
    last_name: str = ""
    pseudonym: str = ""
    is_anonymous: bool = False
    birth_date: date | None = None
    birth_year: int | None = None
    gender: str = "not_stated"
    nationalities: list[str] = field(default_factory=list)
    country_of_origin: str = ""
    document_language: str = "de"
    interpreter_needed: bool = False
    entry_date: date | None = None
    residence: str = Residence.UNKNOWN
    permanent_status_date: date | None = None
    course_obligation: bool = False
    phone: str = ""
    email: str = ""
    address: str = ""
    migration_history: str = ""
    protection_needs: list[str] = field(default_factory=list)


EARLIEST_BIRTH_YEAR = 1900
"""A date of birth before this year is a typing error (05.03.1889 for 05.03.1989)."""


def _next_file_number(team: Team) -> str:
    prefix = f"{team.service.kind.upper()}-{timezone.localdate().year}"
    return f"{prefix}-{next_value(f'file_number:{prefix}'):05d}"


def _rebuild_search_tokens(client: Client) -> None:
    client.search_tokens.all().delete()
    digests = name_token_digests(client.first_name, client.last_name, client.pseudonym)
    ClientSearchToken.objects.bulk_create(
        [ClientSearchToken(client=client, digest=d) for d in digests]
    )


def _name_indexes(first_name: str, last_name: str) -> tuple[str, str]:
    """The keyed name and phonetic-key columns of a client with these names."""
    full_name = f"{first_name} {last_name}".strip()
    if not full_name:
        return "", ""
    key = name_key(first_name, last_name)
    return (
        crypto.blind_index(full_name, purpose=NAME_PURPOSE),
        crypto.blind_index(key, purpose=PHONETIC_PURPOSE) if key else "",
    )


def search_keys_rebuild(
    *,
    batch_size: int = 500,
    client_model: type[Client] = Client,
    token_model: type[ClientSearchToken] = ClientSearchToken,
) -> int:
    """Derive every file's keyed name columns and search tokens again from its names.

    For rows written before a change of the derivation (the Latin and phonetic word tokens,
    the transliteration of further scripts). Merged-away files keep no tokens. One
    transaction per batch, so a large table does not hold one long lock. Returns the number
    of files rewritten. A migration passes its historical models.
    """
    done = 0
    last_pk = 0
    while True:
        batch = list(
            client_model._default_manager.filter(pk__gt=last_pk)
            .order_by("pk")
            .only(
                "pk",
                "first_name",
                "last_name",
                "pseudonym",
                "merged_into",
                "name_index",
                "phonetic_index",
            )[:batch_size]
        )
        if not batch:
            return done
        with transaction.atomic():
            token_model._default_manager.filter(client__in=batch).delete()
            tokens: list[ClientSearchToken] = []
            for client in batch:
                client.name_index, client.phonetic_index = _name_indexes(
                    client.first_name, client.last_name
                )
                if client.merged_into_id is None:
                    digests = name_token_digests(
                        client.first_name, client.last_name, client.pseudonym
                    )
                    tokens.extend(token_model(client=client, digest=d) for d in digests)
            # bulk_update(): no save(), so no version bump and no audit entry – nothing a
            # person changed.
            client_model._default_manager.bulk_update(batch, ["name_index", "phonetic_index"])
            token_model._default_manager.bulk_create(tokens, batch_size=5000)
        done += len(batch)
        last_pk = batch[-1].pk


def _check(data: ClientData, *, anonymous_service: bool) -> None:
    anonymous = data.is_anonymous or anonymous_service
    if anonymous and (
        data.first_name
        or data.last_name
        or data.birth_date
        or data.phone
        or data.email
        or data.address
    ):
        raise DomainError(
            _("Anonymous clients have no name, no date of birth and no contact details.")
        )
    if not anonymous and not (
        data.first_name.strip() or data.last_name.strip() or data.pseudonym.strip()
    ):
        raise DomainError(_("Please enter a name or a pseudonym."))
    today = timezone.localdate()
    if data.birth_date and data.birth_date > today:
        raise DomainError(_("The date of birth lies in the future."))
    if data.birth_date and data.birth_date.year < EARLIEST_BIRTH_YEAR:
        raise DomainError(
            _("The date of birth lies before 1900. Please check the year (DD.MM.YYYY).")
        )
    if data.birth_year is not None and not (EARLIEST_BIRTH_YEAR <= data.birth_year <= today.year):
        raise DomainError(
            _("The year of birth must lie between 1900 and %(year)d.") % {"year": today.year}
        )
    if data.entry_date and data.entry_date > today:
        raise DomainError(_("The date of entry lies in the future."))
    if data.birth_date and data.entry_date and data.entry_date < data.birth_date:
        raise DomainError(_("The date of entry lies before the date of birth."))
    if data.permanent_status_date and data.residence not in (Residence.PERMANENT,):
        raise DomainError(
            _("A date of permanent status only applies to a permanent residence situation.")
        )


def _apply(client: Client, data: ClientData, *, anonymous_service: bool) -> None:
    client.is_anonymous = data.is_anonymous or anonymous_service
    client.first_name = data.first_name.strip()
    client.last_name = data.last_name.strip()
    client.pseudonym = data.pseudonym.strip()
    client.birth_date = data.birth_date
    client.birth_year = data.birth_date.year if data.birth_date else data.birth_year
    client.gender = data.gender
    # django-countries' multiple field holds a list; its stubs type it as one code.
    cast(Any, client).nationalities = data.nationalities
    client.country_of_origin = data.country_of_origin
    client.document_language = data.document_language
    client.interpreter_needed = data.interpreter_needed
    client.entry_date = data.entry_date
    client.residence = data.residence
    client.permanent_status_date = data.permanent_status_date
    client.course_obligation = data.course_obligation
    client.phone = data.phone.strip()
    client.email = data.email.strip()
    client.address = data.address.strip()
    client.migration_history = data.migration_history.strip()
    client.protection_needs = ",".join(sorted(set(data.protection_needs)))
    client.name_index, client.phonetic_index = _name_indexes(client.first_name, client.last_name)


@transaction.atomic
def client_create(*, team: Team, data: ClientData) -> Client:
    anonymous_service = team.service.is_anonymous
    _check(data, anonymous_service=anonymous_service)
    client = Client(team=team, file_number=_next_file_number(team))
    _apply(client, data, anonymous_service=anonymous_service)
    client.save()
    _rebuild_search_tokens(client)
    return client


@transaction.atomic
def client_create_linked(*, team: Team, data: ClientData, link_to: list[Client], by: Any) -> Client:
    """A new file, linked at once with the person's files in other teams (intake).

    One transaction: if the link is refused, no file is created either.
    """
    client = client_create(team=team, data=data)
    if link_to:
        link_files(files=[client, *link_to], by=by, via="intake")
        client.refresh_from_db()
    return client


@transaction.atomic
def clients_create_bulk(*, team: Team, items: list[ClientData]) -> list[Client]:
    """``client_create`` for many files at once (the spreadsheet import).

    The same checks, numbering, derived and keyed columns, search tokens and one
    ``client.created`` audit entry per file with the details the signal would write; only the
    statements are shared: one block of file numbers, one insert of the files, one of their
    tokens, one of their audit entries.
    """
    anonymous_service = team.service.is_anonymous
    for data in items:
        _check(data, anonymous_service=anonymous_service)
    prefix = f"{team.service.kind.upper()}-{timezone.localdate().year}"
    numbers = next_values(f"file_number:{prefix}", len(items))
    clients = []
    for number, data in zip(numbers, items, strict=True):
        client = Client(team=team, file_number=f"{prefix}-{number:05d}")
        _apply(client, data, anonymous_service=anonymous_service)
        client.derive_plain_columns()
        clients.append(client)
    insert_many(clients)
    tokens = [
        ClientSearchToken(client=client, digest=digest)
        for client in clients
        for digest in name_token_digests(client.first_name, client.last_name, client.pseudonym)
    ]
    insert_many(tokens)
    log_actions([created_entry(client) for client in clients])
    return clients


@transaction.atomic
def client_update(*, client: Client, expected_version: int, data: ClientData) -> Client:
    """Save only if nobody else saved since ``expected_version`` was read."""
    anonymous_service = client.team.service.is_anonymous
    _check(data, anonymous_service=anonymous_service)
    client.version = claim_version(
        Client,
        client.pk,
        expected_version,
        message=_("Someone else changed this client file while you were editing it."),
    )
    _apply(client, data, anonymous_service=anonymous_service)
    client.save()
    _rebuild_search_tokens(client)
    return client


def _move_related(source: Client, target: Client) -> dict[str, int]:
    moved: dict[str, int] = {}
    for relation in Client._meta.related_objects:
        if relation.related_model in (ClientSearchToken, Client):
            continue
        if (relation.one_to_many or relation.one_to_one) and relation.field.name == "client":
            count = relation.related_model._base_manager.filter(client=source).update(client=target)
            moved[relation.related_model._meta.label_lower] = count
    return moved


@transaction.atomic
def client_merge(*, source: Client, target: Client) -> Client:
    """Fold a duplicate file into ``target``: every record moves; a row the target already holds
    under the same unique key is folded into the target's row (see ``merge_collisions``).

    The source file stays as an empty shell that points at the target, so its audit trail and
    file number remain traceable; it disappears from every list.
    """
    if source.pk == target.pk:
        raise DomainError(_("A file cannot be merged with itself."))
    if source.team_id != target.team_id:
        raise DomainError(_("Only files of the same team can be merged."))
    locked = list(Client.objects.select_for_update().filter(pk__in=[source.pk, target.pk]))
    if any(c.merged_into_id for c in locked):
        raise DomainError(_("One of these files has already been merged."))
    # Rows both files hold under one unique key are folded (or the merge refused) first, so
    # moving the rest can never hit a unique constraint.
    files_merging.send(sender=Client, source=source, target=target)
    folded = resolve_collisions(source, target)
    linked = person_link_on_merge(source=source, target=target)
    # The receiving lead judged the duplicate, not the survivor: its requests end.
    linked["transfers_withdrawn"] = transfers_withdraw_of(source)
    moved = _move_related(source, target)
    last_contact_refresh([source.pk, target.pk])  # the contacts moved by UPDATE
    Client.objects.filter(pk=source.pk).update(merged_into=target, version=F("version") + 1)
    source.search_tokens.all().delete()
    log_action(
        action="client.merged",
        obj=target,
        data={
            "source": source.pk,
            "source_file_number": source.file_number,
            "moved": moved,
            "folded": folded,
            "person_link": linked,
        },
    )
    log_action(
        action="client.merged_away",
        obj=source,
        data={"target": target.pk, "target_file_number": target.file_number},
    )
    return target


@transaction.atomic
def client_language_set(*, client: Client, language: str, level: str) -> None:
    ClientLanguage.objects.update_or_create(
        client=client, language=language, defaults={"level": level}
    )
