"""Reading letter templates: scoped to the centres in whose teams the user works.

Templates hold no client data, so every client role of a centre sees its templates; only a
team lead of the centre (not read-only) uploads. Clients for letters come through the
clients app's scoping (``Client.objects.writable_by``).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from lotse.accounts.models import Membership
from lotse.accounts.roles import Role
from lotse.clients.models import Client
from lotse.network.models import Partner

from ..models import LetterTemplate, LetterTemplateVersion, MassLetterRun

# The mass-letter selection page lists at most this many of the user's clients.
SELECTION_LIMIT = 200


def centre_ids(user: Any, *, writable: bool = False) -> set[int]:
    memberships = Membership.objects.with_client_role(user, writable=writable)
    return set(memberships.values_list("team__service__centre_id", flat=True))


def lead_centre_ids(user: Any) -> set[int]:
    memberships = Membership.objects.filter(user=user, role=Role.TEAM_LEAD, read_only=False)
    return set(memberships.values_list("team__service__centre_id", flat=True))


def templates_for(user: Any) -> QuerySet[LetterTemplate]:
    return (
        LetterTemplate.objects.filter(centre_id__in=centre_ids(user))
        .select_related("centre")
        .prefetch_related("versions")
        .order_by("centre__name", "name")
    )


def templates_of_centre(centre_id: int) -> QuerySet[LetterTemplate]:
    return LetterTemplate.objects.filter(centre_id=centre_id).order_by("name")


def template_for_request(user: Any, template_id: int, *, manage: bool = False) -> LetterTemplate:
    """404 outside the user's centres; 403 when ``manage`` and not the centre's team lead."""
    template = (
        LetterTemplate.objects.filter(pk=template_id, centre_id__in=centre_ids(user))
        .select_related("centre")
        .first()
    )
    if template is None:
        raise Http404
    if manage and template.centre_id not in lead_centre_ids(user):
        raise PermissionDenied
    return template


def version_for_request(user: Any, version_id: int) -> LetterTemplateVersion:
    version = (
        LetterTemplateVersion.objects.filter(
            pk=version_id, template__centre_id__in=centre_ids(user)
        )
        .select_related("template")
        .first()
    )
    if version is None:
        raise Http404
    return version


def partners_of_centre(centre_id: int) -> QuerySet[Partner]:
    return Partner.objects.filter(centre_id=centre_id, active=True).order_by("name")


def selectable_clients(user: Any, query: str = "") -> QuerySet[Client]:
    """The user's writable clients for a mass letter, newest change first, capped."""
    clients = Client.objects.writable_by(user).filter(anonymised_at__isnull=True)
    if query.strip():
        clients = clients.filter(file_number__icontains=query.strip())
    return clients.select_related("team").order_by("-updated_at", "-id")[:SELECTION_LIMIT]


def chosen_clients(user: Any, ids: list[int]) -> list[Client]:
    """The posted clients the user may write to; any other id is ignored (never revealed)."""
    return list(
        Client.objects.writable_by(user)
        .filter(pk__in=ids)
        .select_related("team__service__centre")
        .order_by("file_number")
    )


def runs_for(user: Any, *, limit: int = 5) -> list[MassLetterRun]:
    """The user's own latest mass letters (a run is only ever its creator's)."""
    return list(MassLetterRun.objects.filter(created_by=user).select_related("template")[:limit])


def run_for(user: Any, run_id: int) -> MassLetterRun:
    """A run the user started; any other run is 404 (its existence is not revealed)."""
    run = (
        MassLetterRun.objects.filter(pk=run_id, created_by=user)
        .select_related("template", "partner")
        .first()
    )
    if run is None:
        raise Http404
    return run


def run_clients(user: Any, run: MassLetterRun) -> dict[int, Client]:
    """The run's clients the user can still open, for names on the result page."""
    return {c.pk: c for c in Client.objects.visible_to(user).filter(pk__in=run.client_ids)}
