"""Who is acting: set per request by middleware, per command by ``acting_as``."""

from __future__ import annotations

import contextvars
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse


@dataclass(frozen=True)
class Actor:
    id: int | None
    label: str


SYSTEM = Actor(id=None, label="system")
_actor: contextvars.ContextVar[Actor] = contextvars.ContextVar("lotse_actor", default=SYSTEM)


def current_actor() -> Actor:
    return _actor.get()


@contextmanager
def acting_as(actor: Actor) -> Iterator[None]:
    token = _actor.set(actor)
    try:
        yield
    finally:
        _actor.reset(token)


def actor_for_user(user: object) -> Actor:
    if getattr(user, "is_authenticated", False):
        return Actor(id=user.pk, label=user.email)  # type: ignore[attr-defined]
    return Actor(id=None, label="anonymous")


class AuditContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Resolved lazily: the user may log in or out during this very request.
        token = _actor.set(_LazyRequestActor(request))  # type: ignore[arg-type]
        try:
            return self.get_response(request)
        finally:
            _actor.reset(token)


class _LazyRequestActor:
    def __init__(self, request: HttpRequest) -> None:
        self._request = request

    @property
    def id(self) -> int | None:
        return actor_for_user(getattr(self._request, "user", None)).id

    @property
    def label(self) -> str:
        return actor_for_user(getattr(self._request, "user", None)).label
