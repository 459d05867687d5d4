"""Session rules that hold on every request: absolute timeout and the second factor."""

from __future__ import annotations

import time
from collections.abc import Callable

from allauth.account.authentication import get_authentication_records
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from .roles import TWO_FACTOR_ROLES
from .signals import LOGIN_AT_SESSION_KEY

# Pages a signed-in user without a second factor may still reach: to set it up or to leave.
_OPEN_PREFIXES = ("/accounts/", "/i18n/", "/static/")


def requires_two_factor(user: object) -> bool:
    return bool(settings.LOTSE_REQUIRE_2FA) and bool(
        user.roles() & TWO_FACTOR_ROLES  # type: ignore[attr-defined]
    )


def session_passed_two_factor(request: HttpRequest) -> bool:
    records = get_authentication_records(request, request.user)  # type: ignore[arg-type]
    return any(record.get("method") == "mfa" for record in records)


def has_totp(user: object) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


SAVED_AT_SESSION_KEY = "lotse_session_saved_at"


class SessionRefreshMiddleware:
    """Keep the idle timeout without a database write on every read.

    The session row's expiry is ``SESSION_COOKIE_AGE`` after its last save. Instead of saving
    the session on every request (``SESSION_SAVE_EVERY_REQUEST``, which turned every GET into a
    write transaction), it is saved when something changed it or when less than half of the
    idle window is left; so a session ends between half the window and the full window after
    the last request, never later. Sits right inside Django's SessionMiddleware, which saves.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # No session, one this request never read (no extra query, no Vary: Cookie), a flushed
        # one (sign-out) or one that held nothing: do not create a row.
        if session is None or not session.accessed or session.is_empty() or not session.keys():
            return response
        now = time.time()
        saved_at = session.get(SAVED_AT_SESSION_KEY, session.get(LOGIN_AT_SESSION_KEY))
        if (
            session.modified
            or saved_at is None
            or now - float(saved_at) > settings.SESSION_COOKIE_AGE / 2
        ):
            session[SAVED_AT_SESSION_KEY] = now
        return response


class SessionTimeoutMiddleware:
    """Idle timeout is the session cookie's age; this adds an absolute limit per sign-in."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            login_at = request.session.get(LOGIN_AT_SESSION_KEY)
            limit = settings.LOTSE_ABSOLUTE_SESSION_HOURS * 3600
            if login_at is None or time.time() - float(login_at) > limit:
                logout(request)
                messages.info(request, _("Your session has ended. Please sign in again."))
                return redirect(settings.LOGIN_URL)
        return self.get_response(request)


class RequireTwoFactorMiddleware:
    """A password alone never opens a session for a role that sees personal data."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(_OPEN_PREFIXES)
            and requires_two_factor(user)
            and not session_passed_two_factor(request)
        ):
            if has_totp(user):
                # Signed in some other way than allauth's two-step login: start again.
                logout(request)
                return redirect(settings.LOGIN_URL)
            messages.info(
                request,
                _("Your role requires a second factor. Please set up an authenticator app."),
            )
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)
