"""Shared fixtures; the helpers behind them live in lotse_testing.py."""

from __future__ import annotations

import pytest
from django.test import Client as HttpClient

from lotse_testing import Org, build_org, sign_in


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
