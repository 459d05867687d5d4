"""Writing client data: transactions, numbering, search tokens, conflict detection."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotse.common import crypto
from lotse.common.errors import ConflictError
from lotse.organisation.models import Team

from ..models import Client, ClientSearchToken
from ..selectors import NAME_PURPOSE


def _next_file_number(team: Team) -> str:
    prefix = f"{team.service.kind.upper()}-{timezone.localdate().year}-"
    # Serialised by the surrounding transaction (row lock on PostgreSQL, write lock on SQLite).
    last = (
        Client.objects.select_for_update()
        .filter(file_number__startswith=prefix)
        .order_by("-file_number")
        .values_list("file_number", flat=True)
        .first()
    )
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{number:05d}"


def _rebuild_search_tokens(client: Client) -> None:
    full_name = f"{client.first_name} {client.last_name}"
    client.search_tokens.all().delete()
    digests = crypto.prefix_digests(full_name, purpose=NAME_PURPOSE)
    ClientSearchToken.objects.bulk_create(
        [ClientSearchToken(client=client, digest=d) for d in digests]
    )


@transaction.atomic
def client_create(
    *, team: Team, first_name: str, last_name: str, birth_date: date | None
) -> Client:
    client = Client(
        team=team,
        file_number=_next_file_number(team),
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        birth_date=birth_date,
    )
    client.name_index = crypto.blind_index(
        f"{client.first_name} {client.last_name}", purpose=NAME_PURPOSE
    )
    client.save()
    _rebuild_search_tokens(client)
    return client


@transaction.atomic
def client_update(
    *,
    client: Client,
    expected_version: int,
    first_name: str,
    last_name: str,
    birth_date: date | None,
) -> Client:
    """Save only if nobody else saved since ``expected_version`` was read."""
    bumped = Client.objects.filter(pk=client.pk, version=expected_version).update(
        version=F("version") + 1
    )
    if not bumped:
        raise ConflictError(_("Someone else changed this client file while you were editing it."))
    client.refresh_from_db(fields=["version"])
    client.first_name = first_name.strip()
    client.last_name = last_name.strip()
    client.birth_date = birth_date
    client.name_index = crypto.blind_index(
        f"{client.first_name} {client.last_name}", purpose=NAME_PURPOSE
    )
    client.save()
    _rebuild_search_tokens(client)
    return client
