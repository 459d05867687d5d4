"""The accounts for the crash and load scripts: refused where they do not belong."""

from __future__ import annotations

import io
import json

import pytest
from allauth.mfa.models import Authenticator
from django.core.management import CommandError, call_command
from django.test import override_settings

from lotse.accounts.models import User
from lotse.accounts.roles import Role
from lotse.demo.data import DEMO_PASSWORD, DEMO_TOTP_SECRET
from lotse.ops.testusers import load_test_counsellors
from lotse_testing import Org

pytestmark = pytest.mark.django_db


def test_crash_test_user_needs_the_scratch_flag() -> None:
    with pytest.raises(CommandError, match="scratch database"):
        call_command("crashtest_user")
    assert not User.objects.exists()


def test_crash_test_user_prints_a_working_login() -> None:
    out = io.StringIO()
    call_command("crashtest_user", "--i-know-this-is-a-scratch-database", stdout=out)
    login = json.loads(out.getvalue())
    user = User.objects.get(email=login["email"])
    assert user.check_password(login["password"])
    assert user.memberships.get().role == Role.COUNSELLOR
    assert user.memberships.get().team_id == login["team_id"]
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).count() == 1
    # Running it again gives a new password and secret, not a second account.
    again = io.StringIO()
    call_command("crashtest_user", "--i-know-this-is-a-scratch-database", stdout=again)
    assert json.loads(again.getvalue())["password"] != login["password"]
    assert User.objects.filter(email=login["email"]).count() == 1


def test_load_test_users_are_refused_without_debug() -> None:
    with pytest.raises(CommandError, match="LOTSE_DEBUG=1"):
        call_command("loadtest_users", count=3)
    assert not User.objects.exists()


def test_load_test_users_need_the_demo_team() -> None:
    with override_settings(DEBUG=True), pytest.raises(CommandError, match="lotse demo"):
        call_command("loadtest_users", count=3)


def test_load_test_counsellors_are_idempotent(org: Org) -> None:
    kwargs = {"team": org.team_a, "password": DEMO_PASSWORD, "totp_secret": DEMO_TOTP_SECRET}
    emails = load_test_counsellors(count=3, **kwargs)
    assert load_test_counsellors(count=3, **kwargs) == emails
    users = User.objects.filter(email__in=emails)
    assert users.count() == 3
    for user in users:
        assert user.check_password(DEMO_PASSWORD)
        assert user.memberships.get().team == org.team_a
        assert user.authenticator_set.filter(type=Authenticator.Type.TOTP).count() == 1
