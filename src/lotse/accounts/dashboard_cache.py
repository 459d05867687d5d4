"""The dashboard's panels, kept for a minute per session (issue #20).

The dashboard is the page a counsellor returns to all day, and its panels (follow-ups, reviews,
referrals, waiting list …) cost most of its time. They are rendered once and kept for
``LOTSE_DASHBOARD_CACHE_SECONDS`` (60 s) in the process's memory — the ``derived`` cache, so a
GET that fills it writes nothing to the database.

What the kept panels may not outlive:
- the user's own writes: every successful POST/PUT/PATCH/DELETE counts up a number in the
  session (``DashboardFreshnessMiddleware``), which is part of the key, so the dashboard after
  "Erledigt" shows the change at once — on every app server, since the session is shared;
- a change of the user's teams or roles: the memberships in force are part of the key;
- a new day and another language.
Colleagues' writes show within the minute. The panels noted whom they show; a kept copy keeps
those ids, and every view of the page still writes its own audit entry with them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.safestring import SafeString

GENERATION_SESSION_KEY = "lotse_dashboard_generation"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


@dataclass(frozen=True)
class KeptPanels:
    html: SafeString  # as the template rendered it: every value escaped there
    shown: dict[str, list[int]]


def seconds() -> int:
    return int(getattr(settings, "LOTSE_DASHBOARD_CACHE_SECONDS", 60))


def key_for(request: HttpRequest, memberships: list[tuple[str, int, bool]]) -> str | None:
    """The key of this session's panels, or None when nothing may be kept."""
    session_key = request.session.session_key
    if not session_key or seconds() <= 0:
        return None
    facts = "|".join(f"{role}:{team}:{int(ro)}" for role, team, ro in sorted(memberships))
    raw = "\x1f".join(
        [
            session_key,
            str(request.session.get(GENERATION_SESSION_KEY, 0)),
            translation.get_language() or "",
            timezone.localdate().isoformat(),
            facts,
        ]
    )
    # The session key is a credential: never a cache key in the clear.
    return "dashboard:" + hashlib.sha256(raw.encode()).hexdigest()


def get(key: str | None) -> KeptPanels | None:
    if key is None:
        return None
    kept = caches["derived"].get(key)
    return kept if isinstance(kept, KeptPanels) else None


def put(key: str | None, kept: KeptPanels) -> None:
    if key is not None:
        caches["derived"].set(key, kept, seconds())


class DashboardFreshnessMiddleware:
    """Count the user's successful writes in the session (see the module's docstring).

    Sits inside SessionMiddleware, which saves the changed session (a write request writes
    anyway)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            request.method in UNSAFE_METHODS
            and response.status_code < 400
            and getattr(request, "user", None) is not None
            and request.user.is_authenticated
            and hasattr(request, "session")
        ):
            generation = int(request.session.get(GENERATION_SESSION_KEY, 0))
            request.session[GENERATION_SESSION_KEY] = generation + 1
        return response
