"""Reading client data — always scoped to the user, always audited."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from lotse.audit.services import log_action
from lotse.common import crypto
from lotse.common.registry import without_encrypted

from ..models import Client, Consent
from ..models.client import birth_date_digest
from ..phonetics import is_probable_duplicate, name_key

NAME_PURPOSE = "client.name"
PHONETIC_PURPOSE = "client.phonetic"


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


def client_search(
    *, user: object, query: str = "", birth_date: date | None = None
) -> QuerySet[Client]:
    """Search by name prefix, file number or birth date without decrypting a single row."""
    qs = Client.objects.visible_to(user)
    query = query.strip()
    if query:
        if any(ch.isdigit() for ch in query) and "-" in query:
            qs = qs.filter(file_number__istartswith=query)
        else:
            for word in crypto.normalise_for_index(query).split():
                digest = crypto.blind_index(word[:12], purpose=NAME_PURPOSE + ":prefix")
                qs = qs.filter(search_tokens__digest=digest)
    if birth_date:
        qs = qs.filter(birth_date_index=birth_date_digest(birth_date))
    return qs.distinct() if query else qs


def duplicate_candidates(
    *,
    user: object,
    first_name: str,
    last_name: str,
    birth_date: date | None,
    exclude_pk: int | None = None,
    limit: int = 10,
) -> list[Client]:
    """Files the user may see with the same birth date and a similar name.

    Only the user's own teams are searched: telling a counsellor that a person is known to
    another team would already disclose something about that person.
    """
    if birth_date is None or not (first_name.strip() or last_name.strip()):
        return []
    same_birth = Client.objects.visible_to(user).filter(
        birth_date_index=birth_date_digest(birth_date)
    )
    if exclude_pk is not None:
        same_birth = same_birth.exclude(pk=exclude_pk)
    key_digest = crypto.blind_index(name_key(first_name, last_name), purpose=PHONETIC_PURPOSE)
    candidates = []
    # Few people share a birth date within one team, so decrypting these rows stays cheap.
    for other in same_birth.select_related("team")[:200]:
        if other.phonetic_index == key_digest or is_probable_duplicate(
            first_name, last_name, other.first_name, other.last_name
        ):
            candidates.append(other)
            if len(candidates) >= limit:
                break
    return candidates


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
    to return a handful. Without the encrypted columns: the dashboard shows file numbers.
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
