"""Who may see and change network data (partners, agreements, activities, courses).

Partner data is not client data: it belongs to a counselling centre, and the staff of the
centre's teams work with it. Counsellors, team leads and volunteer coordinators read it;
counsellors and team leads (not with a read-only membership) and administrators change it.
Statistics officers and data-protection officers have no business here. Referrals and course
participations are client data and follow the client file (``client_for_request``).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from django.http.response import HttpResponseBase

from lotse.accounts.models import Membership
from lotse.accounts.roles import Role
from lotse.organisation.models import Centre

V = TypeVar("V", bound=Callable[..., HttpResponseBase])

NETWORK_READ_ROLES: frozenset[str] = frozenset(
    {Role.COUNSELLOR, Role.TEAM_LEAD, Role.VOLUNTEER_COORDINATOR, Role.ADMINISTRATOR}
)
NETWORK_WRITE_ROLES: frozenset[str] = frozenset(
    {Role.COUNSELLOR, Role.TEAM_LEAD, Role.ADMINISTRATOR}
)


def network_centres(user: Any, *, write: bool = False) -> QuerySet[Centre]:
    """The centres whose network ``user`` may read (or, with ``write``, change)."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return Centre.objects.none()

    memberships = Membership.objects.filter(
        user=user, role__in=NETWORK_WRITE_ROLES if write else NETWORK_READ_ROLES
    )
    if write:
        memberships = memberships.filter(read_only=False)
    return Centre.objects.filter(services__teams__in=memberships.values("team_id")).distinct()


def can_read_network(user: Any) -> bool:
    return network_centres(user).exists()


def can_write_network(user: Any) -> bool:
    return network_centres(user, write=True).exists()


def network_required(*, write: bool = False) -> Callable[[V], V]:
    """Page guard: anonymous → login page; no network role (or read-only for writes) → 403."""

    def decorator(view: V) -> V:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not network_centres(request.user, write=write).exists():
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator
