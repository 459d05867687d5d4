"""Sign-in rules of issue #2: second factor, throttling, timeouts, re-authentication."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.core.cache import cache
from django.test import Client as HttpClient
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from lotse.accounts.middleware import SAVED_AT_SESSION_KEY
from lotse.accounts.models import Membership, User
from lotse.accounts.roles import Role
from lotse.accounts.services import user_deactivate
from lotse.accounts.signals import LOGIN_AT_SESSION_KEY
from lotse.audit.models import AuditEntry
from lotse_testing import PASSWORD, make_user, raw_column, sign_in, totp_now


@pytest.fixture(autouse=True)
def _fresh_cache(db: None) -> None:
    cache.clear()  # rate-limit counters must not leak between tests


def _password_step(http: HttpClient, email: str, password: str = PASSWORD):
    return http.post(reverse("account_login"), {"login": email, "password": password})


def test_full_sign_in_needs_password_and_code(org) -> None:
    http = HttpClient()
    response = _password_step(http, org.users["counsellor"].email)
    assert response.status_code == 302 and response["Location"] == reverse("mfa_authenticate")
    # Half-way: the dashboard is not reachable with the password alone.
    assert http.get(reverse("dashboard")).status_code == 302
    response = http.post(reverse("mfa_authenticate"), {"code": totp_now()})
    assert response.status_code == 302
    assert http.get(reverse("dashboard")).status_code == 200


def test_wrong_code_keeps_the_door_shut(org) -> None:
    http = HttpClient()
    _password_step(http, org.users["counsellor"].email)
    response = http.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert response.status_code == 200  # the form again, with an error
    assert http.get(reverse("client_list")).status_code == 302


def test_password_only_session_of_a_client_role_is_ended(org) -> None:
    http = sign_in(HttpClient(), org.users["counsellor"], second_factor=False)
    response = http.get(reverse("client_list"))
    assert response.status_code == 302 and response["Location"] == reverse("account_login")
    assert http.get(reverse("dashboard")).status_code == 302  # signed out


def test_role_needing_2fa_without_authenticator_must_set_it_up(org) -> None:
    user = make_user("new@test.invalid", with_totp=False)
    Membership.objects.create(user=user, team=org.team_a, role=Role.COUNSELLOR)
    http = sign_in(HttpClient(), user, second_factor=False)
    response = http.get(reverse("dashboard"))
    assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp")
    http.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert http.get(reverse("mfa_activate_totp")).status_code == 200
    # Everything else stays closed until the second factor is set up.
    assert http.get(reverse("client_list")).status_code == 302


def test_statistics_officer_needs_the_second_factor_too(org) -> None:
    user = make_user("stats2@test.invalid", with_totp=False)
    Membership.objects.create(user=user, team=org.team_a, role=Role.STATISTICS_OFFICER)
    http = sign_in(HttpClient(), user, second_factor=False)
    response = http.get(reverse("stats_dashboard"))
    assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp")
    with_code = sign_in(HttpClient(), org.users["statistics"])
    assert with_code.get(reverse("stats_dashboard")).status_code == 200


def test_second_factor_cannot_be_switched_off_by_a_client_role(org) -> None:
    from allauth.mfa.adapter import get_adapter

    authenticator = Authenticator.objects.get(user=org.users["counsellor"])
    assert get_adapter().can_delete_authenticator(authenticator) is False


def test_totp_secret_is_encrypted_at_rest(org) -> None:

    stored = raw_column(
        "mfa_authenticator", "data", org.users["counsellor"].authenticator_set.get().pk
    )
    assert "lse1:" in stored and "JBSWY3DP" not in stored


@override_settings(LOTSE_LOGIN_FREE_FAILURES=3, ACCOUNT_RATE_LIMITS={"login": "100/m/ip"})
def test_repeated_failures_back_off_the_guessing_address_not_the_owner(org) -> None:
    email = org.users["counsellor"].email
    guesser = {"REMOTE_ADDR": "203.0.113.66"}
    for _ in range(3):
        response = HttpClient(**guesser).post(
            reverse("account_login"), {"login": email, "password": "wrong password!"}
        )
        assert response.status_code == 200 and response.context["form"].errors
    # From the guessing address even the right password waits ...
    response = HttpClient(**guesser).post(
        reverse("account_login"), {"login": email, "password": PASSWORD}
    )
    assert response.status_code == 200
    assert "zu viele gescheiterte anmeldeversuche" in str(response.context["form"].errors).lower()
    assert "_auth_user_id" not in response.client.session
    # ... while the owner at another address is not locked out.
    owner = HttpClient(REMOTE_ADDR="198.51.100.23")
    response = _password_step(owner, email)
    assert response.status_code == 302 and response["Location"] == reverse("mfa_authenticate")


@override_settings(ACCOUNT_RATE_LIMITS={"login": "5/m/ip"})
def test_floods_from_one_address_get_429(db) -> None:
    statuses = [
        _password_step(HttpClient(), f"x{i}@test.invalid", "wrong password!").status_code
        for i in range(8)
    ]
    assert statuses[:5] == [200] * 5
    assert statuses[5:] == [429] * 3


def test_session_expires_after_idle_time(org) -> None:
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is False  # SessionRefreshMiddleware instead
    http = sign_in(HttpClient(), org.users["counsellor"])
    http.get(reverse("dashboard"))
    from django.contrib.sessions.models import Session

    session = Session.objects.get()
    remaining = (session.expire_date.timestamp() - time.time()) / 60
    assert 29 < remaining <= 30


def _backdate_session(http: HttpClient, minutes: float) -> None:
    """As if the session had last been saved ``minutes`` ago."""
    from django.contrib.sessions.models import Session

    session = http.session
    session[SAVED_AT_SESSION_KEY] = time.time() - minutes * 60
    session.save()
    Session.objects.filter(session_key=session.session_key).update(
        expire_date=timezone.now() + timedelta(minutes=30 - minutes)
    )


def test_a_read_in_the_first_half_of_the_idle_window_saves_no_session(org) -> None:
    from django.contrib.sessions.models import Session

    http = sign_in(HttpClient(), org.users["counsellor"])
    _backdate_session(http, 10)
    before = Session.objects.get().expire_date
    assert http.get(reverse("dashboard")).status_code == 200
    assert Session.objects.get().expire_date == before


def test_a_read_in_the_second_half_of_the_idle_window_extends_the_session(org) -> None:
    from django.contrib.sessions.models import Session

    http = sign_in(HttpClient(), org.users["counsellor"])
    _backdate_session(http, 20)
    assert http.get(reverse("dashboard")).status_code == 200
    remaining = (Session.objects.get().expire_date.timestamp() - time.time()) / 60
    assert 29 < remaining <= 30
    # The next read does not save again.
    before = Session.objects.get().expire_date
    assert http.get(reverse("dashboard")).status_code == 200
    assert Session.objects.get().expire_date == before


def test_an_idle_session_past_its_window_is_signed_out(org) -> None:
    from django.contrib.sessions.models import Session

    http = sign_in(HttpClient(), org.users["counsellor"])
    _backdate_session(http, 10)
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = http.get(reverse("dashboard"))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


def test_anonymous_reads_create_no_session(db) -> None:
    from django.contrib.sessions.models import Session

    http = HttpClient()
    http.get(reverse("account_login"))
    http.cookies["lotse-session"] = "expired-or-unknown-key"
    http.get(reverse("account_login"))
    assert not Session.objects.exists()


def test_absolute_session_limit_signs_out(org) -> None:
    http = sign_in(HttpClient(), org.users["counsellor"])
    session = http.session
    session[LOGIN_AT_SESSION_KEY] = time.time() - (settings.LOTSE_ABSOLUTE_SESSION_HOURS * 3600 + 5)
    session.save()
    response = http.get(reverse("dashboard"))
    assert response.status_code == 302 and response["Location"] == reverse("account_login")
    assert http.get(reverse("dashboard")).status_code == 302


def test_deactivated_user_loses_every_session_at_once(org) -> None:
    user = org.users["counsellor"]
    first = sign_in(HttpClient(), user)
    second = sign_in(HttpClient(), user)
    assert first.get(reverse("dashboard")).status_code == 200
    user_deactivate(user=user)
    assert first.get(reverse("dashboard")).status_code == 302
    assert second.get(reverse("client_detail", args=[org.client_a.pk])).status_code == 302


def test_role_changes_need_reauthentication(org) -> None:
    http = sign_in(HttpClient(), org.users["admin"])
    url = reverse("user_roles", args=[org.users["reader"].pk])
    response = http.get(url)
    assert response.status_code == 302 and reverse("account_reauthenticate") in response["Location"]
    response = http.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302
    assert http.get(url).status_code == 200
    response = http.post(url, {"team": org.team_b.pk, "role": Role.STATISTICS_OFFICER})
    assert response.status_code == 302
    assert Membership.objects.filter(user=org.users["reader"], team=org.team_b).exists()
    assert AuditEntry.objects.filter(action="role.granted").exists()
    # A role with client data is only proposed (tests/accounts/test_role_grants.py).
    response = http.post(url, {"team": org.team_b.pk, "role": Role.COUNSELLOR})
    assert response.status_code == 302
    assert not Membership.objects.filter(
        user=org.users["reader"], team=org.team_b, role=Role.COUNSELLOR
    ).exists()
    assert AuditEntry.objects.filter(action="role_grant.proposed").exists()


def test_admin_creates_user_with_password_rules(org) -> None:
    http = sign_in(HttpClient(), org.users["admin"])
    http.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    response = http.post(
        reverse("user_create"),
        {"full_name": "Neu", "email": "neu@test.invalid", "fte": "0.5", "password": "12345678"},
    )
    assert response.status_code == 200
    assert not User.objects.filter(email="neu@test.invalid").exists()
    assert "password" in response.context["form"].errors
    response = http.post(
        reverse("user_create"),
        {"full_name": "Neu", "email": "neu@test.invalid", "fte": "0.5", "password": PASSWORD},
    )
    assert response.status_code == 302
    assert User.objects.get(email="neu@test.invalid").check_password(PASSWORD)


def test_signup_is_closed(db) -> None:
    response = HttpClient().post(
        reverse("account_signup"), {"email": "x@test.invalid", "password1": PASSWORD}
    )
    assert response.status_code == 200
    assert not User.objects.filter(email="x@test.invalid").exists()


def test_key_rotation_covers_totp_secrets(org, settings) -> None:
    from allauth.mfa.totp.internal.auth import TOTP
    from django.core.management import call_command

    from lotse.common import crypto

    authenticator = Authenticator.objects.get(user=org.users["counsellor"])
    old_kid = crypto.token_kid(authenticator.data["secret"])
    new_key = f"n1:{crypto.generate_key()}"
    settings.LOTSE_ENCRYPTION_KEYS = [new_key, *settings.LOTSE_ENCRYPTION_KEYS]
    call_command("rotate_keys")
    authenticator.refresh_from_db()
    assert crypto.token_kid(authenticator.data["secret"]) == "n1" != old_kid
    # The second factor still works with the re-encrypted secret.
    assert TOTP(authenticator).validate_code(totp_now())


@pytest.mark.parametrize(
    "password", ["Passwort123", "Sommer2026!", "beratung2026", "Lotse2026", "password123"]
)
def test_common_and_breached_passwords_are_refused(password) -> None:
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_password(password)


def test_strong_password_passes() -> None:
    from django.contrib.auth.password_validation import validate_password

    validate_password("Kaffeetasse-Regenbogen-Kompass-17")


def test_session_key_changes_at_sign_in(org) -> None:
    http = HttpClient()
    http.get(reverse("account_login"))
    http.cookies["lotse-session"] = "fixated-by-an-attacker"
    _password_step(http, org.users["counsellor"].email)
    http.post(reverse("mfa_authenticate"), {"code": totp_now()})
    assert http.cookies["lotse-session"].value != "fixated-by-an-attacker"
    assert http.get(reverse("dashboard")).status_code == 200
