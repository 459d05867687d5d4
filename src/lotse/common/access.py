"""View guards. Object access goes through scoped querysets; these guard whole pages by role."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

V = TypeVar("V", bound=Callable[..., HttpResponse])


def role_required(*roles: str) -> Callable[[V], V]:
    """Signed-in users without one of ``roles`` get 403; anonymous users go to the login page."""

    def decorator(view: V) -> V:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.has_role(*roles):  # type: ignore[union-attr]
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator


def reauthentication_redirect(request: HttpRequest) -> HttpResponse | None:
    """A redirect to the password prompt unless the user re-authenticated a moment ago.

    For views that must first check access to an object (404/403 stay 404/403 for everyone
    who may not see it) and only then ask the permitted user to confirm their password.
    """
    from urllib.parse import urlencode

    from allauth.account.internal.flows.reauthentication import did_recently_reauthenticate
    from django.shortcuts import redirect
    from django.urls import reverse

    if did_recently_reauthenticate(request):
        return None
    query = urlencode({"next": request.get_full_path()})
    return redirect(f"{reverse('account_reauthenticate')}?{query}")
