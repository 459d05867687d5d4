"""Browser fixtures for tests/volunteers/test_browser_flow.py (as in tests/browser/conftest.py).

Playwright drives Debian's Chromium (never downloaded) against pytest-django's live server.
"""

from __future__ import annotations

import os
from typing import Any

import pytest

# Playwright's sync API runs an event loop in the main thread; the test code itself still
# touches the database synchronously, which Django would otherwise refuse.
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
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def base_url(pytestconfig: pytest.Config) -> str | None:
    """A plain function instead of pytest-playwright's method (see tests/browser/conftest.py)."""
    return pytestconfig.getoption("--base-url") or pytestconfig.getini("base_url") or None


@pytest.fixture(scope="session")
def live_server(django_db_setup: None, live_server: Any) -> Any:
    """The live server, started only after the test database exists."""
    return live_server


@pytest.fixture(autouse=True)
def _english_messages(request: pytest.FixtureRequest, settings):
    """Rule messages are matched in their English source; browser tests pick their language."""
    if request.node.get_closest_marker("browser"):
        yield
        return
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"  # pages, through LanguageMiddleware
    with translation.override("en"):  # messages raised outside a request
        yield
