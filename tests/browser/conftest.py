"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

The browser is never downloaded: ``/usr/bin/chromium`` is launched headless.
"""

from __future__ import annotations

import os
from typing import Any

import pytest
from django.test import override_settings

from lotse.demo.data import build_demo
from lotse_browser import reseed_migration_data

# Playwright's sync API runs an event loop in the main thread; the test code itself still
# touches the database synchronously (demo data), which Django would otherwise refuse.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """pytest-playwright's defaults plus the system Chromium, headless, without extras."""
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def base_url(pytestconfig: pytest.Config) -> str | None:
    """Same as pytest-playwright's fallback ``base_url``, as a plain function.

    pytest-playwright 0.10 defines that fallback as an instance method of a plugin class,
    which pytest 9 reports with a PytestRemovedIn10Warning, an error under our warning
    filters. The tests pass full URLs from ``live_server`` anyway.
    """
    return pytestconfig.getoption("--base-url") or pytestconfig.getini("base_url") or None


@pytest.fixture(scope="session")
def live_server(django_db_setup: None, live_server: Any) -> Any:
    """pytest-django's live server, started only after the test database exists.

    Otherwise pytest orders the session fixture ``live_server`` before ``django_db_setup``:
    the in-memory SQLite test database is then not recognised, its connection is not shared
    with the server's threads, and each request thread opens one that Django never closes
    (ResourceWarning, an error under our warning filters).
    """
    return live_server


@pytest.fixture
def demo_data(django_db_serialized_rollback: None, transactional_db: None) -> dict[str, int]:
    """The demo organisation, its eight users (all with TOTP) and synthetic clients.

    Serialized rollback restores what the data migrations wrote (topic and goal catalogues,
    the training curriculum) after each test flushes the database.
    """
    reseed_migration_data()
    with override_settings(DEMO_ALLOWED=True):
        return build_demo(clients=20, contacts=60)
