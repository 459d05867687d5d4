"""Cross-cutting request handling: request ids for the audit trail and logs, no-store caching."""

from __future__ import annotations

import contextvars
import logging
import re
import uuid
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("lotse_request_id", default="-")
_VALID_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


# What the client or proxy sent as X-Request-ID, if it looked sane; logged, never trusted.
_forwarded_id: contextvars.ContextVar[str] = contextvars.ContextVar(
    "lotse_forwarded_request_id", default="-"
)


def current_request_id() -> str:
    return _request_id.get()


def forwarded_request_id() -> str:
    return _forwarded_id.get()


class RequestIdMiddleware:
    """Tag each request with an id that links log lines and audit entries.

    The id is always made here: a client can send any ``X-Request-ID``, and an id it chose
    could collide with another request's in the audit trail or smuggle text into it. An
    incoming header that looks sane (the reverse proxy's ``$request_id``) is kept beside it as
    ``forwarded_request_id``, for the log line only, so that nginx's log can still be joined.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        forwarded = incoming if _VALID_ID.match(incoming) else "-"
        request.forwarded_request_id = forwarded  # type: ignore[attr-defined]
        token = _request_id.set(request_id)
        forwarded_token = _forwarded_id.set(forwarded)
        try:
            response = self.get_response(request)
        finally:
            _forwarded_id.reset(forwarded_token)
            _request_id.reset(token)
        response["X-Request-ID"] = request_id
        return response


class RequestIdLogFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id()
        record.forwarded_request_id = forwarded_request_id()
        return True


def permissions_policy(features: dict[str, tuple[str, ...]]) -> str:
    """The Permissions-Policy header for ``features`` (feature -> allowed origins)."""
    return ", ".join(
        f"{feature}=({' '.join(origins)})" for feature, origins in sorted(features.items())
    )


class PermissionsPolicyMiddleware:
    """Camera, microphone, location, payment and the like: off on every page (issue #15)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.header = permissions_policy(getattr(settings, "LOTSE_PERMISSIONS_POLICY", {}))

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response


class NoStoreMiddleware:
    """Pages for signed-in users may show client data: never let a browser or proxy keep them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not request.path.startswith("/static/"):
            response["Cache-Control"] = "no-store"
            response["Pragma"] = "no-cache"
        return response


class LanguageMiddleware:
    """German unless the person chose otherwise; the browser's language is not guessed from.

    Counsellors often use English-language browsers on office machines; the product language
    is German (issue #2). The choice made with the language switch is kept in a cookie.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.conf import settings
        from django.utils import translation

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language  # type: ignore[attr-defined]
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response
