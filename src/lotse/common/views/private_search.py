"""Searching for people without putting their names into URLs (issue #15).

A name or a birth date in a query string ends up in the reverse proxy's access log, the
browser history and Referer headers. A search is therefore POSTed (with CSRF); its terms are
kept in the server-side session under a random token and the results are shown at
``?search=<token>``, so that paging, reload and the back button work while the terms never
travel in a URL. Tokens die with the session (idle timeout, sign-out).
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping

from django.http import HttpRequest

SEARCH_PARAM = "search"
_SESSION_KEY = "lotse_searches"
# A user's recent searches, per session; older tokens fall out (the page then asks again).
_KEEP = 20


def stash_search(request: HttpRequest, scope: str, terms: Mapping[str, str]) -> str:
    """Keep ``terms`` for the list ``scope`` and return the token that names them."""
    token = secrets.token_urlsafe(12)
    searches = dict(request.session.get(_SESSION_KEY, {}))
    searches[token] = {"scope": scope, "terms": {k: str(v) for k, v in terms.items()}}
    for stale in list(searches)[:-_KEEP]:
        del searches[stale]
    request.session[_SESSION_KEY] = searches
    return token


def recalled_search(request: HttpRequest, scope: str) -> tuple[str, dict[str, str] | None]:
    """The token in the URL and its terms; terms are None without a token or when it expired."""
    token = request.GET.get(SEARCH_PARAM, "")
    if not token:
        return "", None
    found = request.session.get(_SESSION_KEY, {}).get(token)
    if not isinstance(found, dict) or found.get("scope") != scope:
        return token, None
    return token, dict(found["terms"])


def search_terms(data: Mapping[str, object], fields: tuple[str, ...]) -> dict[str, str]:
    """The submitted values of ``fields`` that are not empty, as strings."""
    terms = {}
    for name in fields:
        value = data.get(name)
        if value not in (None, "", False):
            terms[name] = str(value)
    return terms


def with_search(url: str, token: str) -> str:
    return f"{url}?{SEARCH_PARAM}={token}" if token else url
