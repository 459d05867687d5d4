"""What other apps add to the client file and the client list, without the clients app
knowing them (as ``tabs`` does for the file's tabs).

- ``file_section``: a block rendered on the file, ``place="header"`` under the name on every
  tab, ``place="overview"`` on the overview tab. Its context function gets the request and the
  client already resolved through ``client_for_request`` (scoped and audited).
- ``list_badges``: short badges beside each row of the client list and the search results;
  the provider gets the page's client ids and answers with one query for the whole page.
- ``list_filter``: a ``?key=value`` filter of the client list (e.g. ``flag=crisis``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.functional import Promise


@dataclass(frozen=True)
class FileSection:
    key: str
    place: str
    template: str
    order: int
    context: Callable[[HttpRequest, Any], dict[str, Any] | None]


@dataclass(frozen=True)
class Badge:
    label: str | Promise
    title: str  # the longer text: tooltip and screen readers
    css: str = "text-bg-secondary"


@dataclass(frozen=True)
class ListFilter:
    key: str
    label: str | Promise
    choices: Callable[[], list[tuple[str, str | Promise]]]
    apply: Callable[[QuerySet[Any], str], QuerySet[Any]]


_sections: dict[str, FileSection] = {}
_badges: dict[str, Callable[[list[int]], dict[int, list[Badge]]]] = {}
_filters: dict[str, ListFilter] = {}


def file_section(
    key: str, *, place: str, template: str, order: int
) -> Callable[[Callable[[HttpRequest, Any], dict[str, Any] | None]], Any]:
    def decorate(func: Callable[[HttpRequest, Any], dict[str, Any] | None]) -> Any:
        _sections[key] = FileSection(key, place, template, order, func)
        return func

    return decorate


def file_sections(place: str) -> list[FileSection]:
    return sorted((s for s in _sections.values() if s.place == place), key=lambda s: s.order)


def list_badges(key: str) -> Callable[[Callable[[list[int]], dict[int, list[Badge]]]], Any]:
    def decorate(func: Callable[[list[int]], dict[int, list[Badge]]]) -> Any:
        _badges[key] = func
        return func

    return decorate


def badges_for(clients: Iterable[Any]) -> None:
    """Set ``list_badges`` on each client of the page (one query per registered provider)."""
    rows = list(clients)
    found: dict[int, list[Badge]] = {}
    ids = [c.pk for c in rows]
    for key in sorted(_badges):
        for client_id, badges in _badges[key](ids).items():
            found.setdefault(client_id, []).extend(badges)
    for client in rows:
        client.list_badges = found.get(client.pk, [])


def list_filter(filter_: ListFilter) -> ListFilter:
    _filters[filter_.key] = filter_
    return filter_


def list_filters() -> list[ListFilter]:
    return [_filters[key] for key in sorted(_filters)]


def apply_list_filters(clients: QuerySet[Any], params: Any) -> tuple[QuerySet[Any], dict[str, str]]:
    """``clients`` narrowed by every known filter in ``params``; unknown values are ignored."""
    chosen: dict[str, str] = {}
    for filter_ in list_filters():
        value = str(params.get(filter_.key, "") or "")
        if value and value in {code for code, _label in filter_.choices()}:
            clients = filter_.apply(clients, value)
            chosen[filter_.key] = value
    return clients, chosen
