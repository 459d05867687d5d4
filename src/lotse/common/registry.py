"""Extension points so that each domain app plugs into the shared shell without editing it.

Apps register, in their ``AppConfig.ready()`` (or at import of a module imported there):
- navigation entries (``nav_entry``) for the left navigation,
- dashboard panels (``dashboard_panel``) for the role dashboards,
- demo steps (``demo_step``) for ``lotse demo``.
Access policies are collected from each app's ``access_policy.py`` (see lotse/access_policy.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.functional import Promise

from lotse.common.fields import EncryptedTextField


@dataclass(frozen=True)
class NavEntry:
    key: str
    label: str | Promise
    url_name: str
    order: int
    visible: Callable[[Any], bool]
    # URL names that mark this entry as the current page.
    active_for: tuple[str, ...] = ()


@dataclass(frozen=True)
class DashboardPanel:
    key: str
    order: int
    template: str
    # Returns the panel's context for this user, or None when the panel does not apply.
    context: Callable[[HttpRequest], dict[str, Any] | None]


# A dashboard panel counts up to this many rows and then says "100+" (template filter
# ``capped`` of lotse_panels): an exact count of 4,834 open follow-ups cost more than the page.
PANEL_COUNT_CAP = 100


def head_and_total(queryset: QuerySet[Any], shown: int) -> tuple[list[Any], int]:
    """The first ``shown`` rows of a panel's list and how many there are, up to the cap + 1.

    Counted only when the list is full: a panel usually holds fewer rows than it shows, and
    every saved query counts on the page a counsellor opens most often. The rows come without
    their encrypted columns (``without_encrypted``) but a client's name: panels show names,
    file numbers and dates.
    """
    rows = list(without_encrypted(queryset)[:shown])
    if len(rows) < shown:
        return rows, len(rows)
    return rows, queryset.order_by().values("pk")[: PANEL_COUNT_CAP + 1].count()


# What a panel needs to show a person's name (Client.display_name).
CLIENT_NAME_FIELDS = ("first_name", "last_name", "pseudonym")


def without_encrypted(queryset: QuerySet[Any], *, keep: tuple[str, ...] = ()) -> QuerySet[Any]:
    """``queryset`` deferring the encrypted columns of its model and of every relation it
    selects but ``keep`` (paths such as ``client__first_name``): nothing is decrypted that the
    page does not show (a panel that then reads such a field runs one query per row, which the
    query budgets in tests/perf catch)."""
    names: list[str] = []

    def walk(model: Any, prefix: str, tree: object) -> None:
        # Lists name each client beside the file number (issue #19): a client's name fields
        # come along wherever a client does.
        named = CLIENT_NAME_FIELDS if model._meta.label == "clients.Client" else ()
        names.extend(
            prefix + field.name
            for field in model._meta.concrete_fields
            if isinstance(field, EncryptedTextField)
            and prefix + field.name not in keep
            and field.name not in named
        )
        if isinstance(tree, dict):
            for relation, below in tree.items():
                walk(model._meta.get_field(relation).related_model, f"{prefix}{relation}__", below)

    walk(queryset.model, "", queryset.query.select_related)
    return queryset.defer(*names) if names else queryset


@dataclass(frozen=True)
class DemoStep:
    key: str
    order: int
    run: Callable[..., dict[str, int] | None]


_nav: dict[str, NavEntry] = {}
_panels: dict[str, DashboardPanel] = {}
_demo_steps: dict[str, DemoStep] = {}


def nav_entry(
    key: str,
    label: str | Promise,
    url_name: str,
    *,
    order: int,
    visible: Callable[[Any], bool],
    active_for: tuple[str, ...] = (),
) -> None:
    _nav[key] = NavEntry(key, label, url_name, order, visible, active_for or (url_name,))


def dashboard_panel(
    key: str, *, order: int, template: str
) -> Callable[[Callable[[HttpRequest], dict[str, Any] | None]], Callable[..., Any]]:
    def decorate(
        func: Callable[[HttpRequest], dict[str, Any] | None],
    ) -> Callable[[HttpRequest], dict[str, Any] | None]:
        _panels[key] = DashboardPanel(key, order, template, func)
        return func

    return decorate


def demo_step(key: str, *, order: int) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        _demo_steps[key] = DemoStep(key, order, func)
        return func

    return decorate


def nav_entries_for(user: Any) -> list[NavEntry]:
    return sorted((e for e in _nav.values() if e.visible(user)), key=lambda e: e.order)


def dashboard_panels() -> list[DashboardPanel]:
    return sorted(_panels.values(), key=lambda p: p.order)


def demo_steps() -> list[DemoStep]:
    return sorted(_demo_steps.values(), key=lambda s: s.order)
