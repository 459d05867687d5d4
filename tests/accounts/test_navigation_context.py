"""The menu's context is worked out once per request (issue #20), per language and user."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import resolve
from django.utils import translation

from lotse.accounts import context_processors
from lotse.accounts.context_processors import navigation
from lotse.accounts.models import User

pytestmark = pytest.mark.django_db


def _request(user):  # type: ignore[no-untyped-def]
    request = RequestFactory().get("/dashboard/")
    request.user = user
    request.resolver_match = resolve("/dashboard/")
    return request


def test_the_menu_is_worked_out_once_per_request(org, monkeypatch) -> None:
    calls = []
    real = context_processors._navigation
    monkeypatch.setattr(
        context_processors, "_navigation", lambda request: calls.append(1) or real(request)
    )
    request = _request(User.objects.get(pk=org.users["counsellor"].pk))
    with translation.override("de"):
        first = navigation(request)
        assert navigation(request) is first
    assert len(calls) == 1
    assert first["nav"] and not first["LANGUAGE_IS_RTL"]


def test_another_language_or_user_in_the_same_request_gets_its_own_menu(org) -> None:
    request = _request(User.objects.get(pk=org.users["counsellor"].pk))
    with translation.override("de"):
        german = navigation(request)
    with translation.override("ar"):
        arabic = navigation(request)
    assert not german["LANGUAGE_IS_RTL"] and arabic["LANGUAGE_IS_RTL"]
    request.user = AnonymousUser()
    with translation.override("ar"):
        assert "nav" not in navigation(request)
