"""Shared fixtures; the helpers behind them live in lotse_testing.py."""

from __future__ import annotations

import os

import pytest
from django.test import Client as HttpClient
from hypothesis import settings as hypothesis_settings

from lotse_testing import Org, build_org, reseed_migration_data, sign_in

# On CI every run tries the same generated examples, so a red build is reproducible; locally
# each run explores new ones.
hypothesis_settings.register_profile("ci", derandomize=True, deadline=None)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")


@pytest.fixture
def org(db: None) -> Org:
    return build_org()


@pytest.fixture
def as_persona(org: Org):
    def _as(persona: str) -> HttpClient:
        http = HttpClient()
        if persona == "anonymous":
            return http
        return sign_in(http, org.users[persona])

    return _as


@pytest.fixture(autouse=True)
def _migration_data_after_flush(request: pytest.FixtureRequest) -> None:
    """Transactional tests flush the database, data migrations included: put that data back."""
    marker = request.node.get_closest_marker("django_db")
    if marker is not None and marker.kwargs.get("transaction"):
        request.getfixturevalue("transactional_db")
        reseed_migration_data()
