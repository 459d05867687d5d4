"""Tabs of the client file. Domain apps add theirs (Fall, Kurse, Vermittlungen …) here.

A tab's view takes ``client_id`` and renders a template extending
``clients/file_base.html`` with ``client`` and ``active_tab`` in the context.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class ClientTab:
    key: str
    label: str | Promise
    url_name: str
    order: int


_tabs: dict[str, ClientTab] = {}


def client_tab(key: str, label: str | Promise, url_name: str, *, order: int) -> None:
    _tabs[key] = ClientTab(key, label, url_name, order)


def client_tabs() -> list[ClientTab]:
    return sorted(_tabs.values(), key=lambda tab: tab.order)
