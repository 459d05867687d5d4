"""Network tests: uploads go to a fresh directory; browser tests share tests/browser's set-up."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import override_settings

# Playwright with the system Chromium, and the live server after the test database.
from browser.conftest import base_url, browser_type_launch_args, live_server  # noqa: F401
from lotse.demo.data import build_demo
from lotse_browser import reseed_migration_data

BROWSER_DEMO_CLIENTS = 40


@pytest.fixture(autouse=True)
def upload_dir(tmp_path: Path):
    directory = tmp_path / "uploads"
    with override_settings(LOTSE_UPLOAD_DIR=directory):
        yield directory


@pytest.fixture
def small_demo(transactional_db: None) -> dict[str, int]:
    """The demo organisation with fewer synthetic clients (quicker than tests/browser's)."""
    reseed_migration_data()
    with override_settings(DEMO_ALLOWED=True):
        return build_demo(clients=BROWSER_DEMO_CLIENTS)
