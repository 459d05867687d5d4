"""Counsellor accounts for the crash and load scripts (bench/), never for real use."""

from __future__ import annotations

import secrets

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.hashers import make_password
from django.db import transaction

from lotse.accounts.models import Membership, User
from lotse.accounts.roles import Role
from lotse.accounts.services import ADMINISTRATOR_MAY_NOT_HOLD, holds_administrator_role
from lotse.audit.context import Actor, acting_as
from lotse.common.errors import DomainError
from lotse.organisation.models import Centre, Provider, Service, ServiceKind, Team

CRASH_EMAIL = "crash-test@crash.lotse.invalid"
LOAD_DOMAIN = "demo.lotse.invalid"


def _refuse_administrator(user: User) -> None:
    """Even a scratch command gives no client role to an administrator account (issue #15)."""
    if holds_administrator_role(user):
        raise DomainError(ADMINISTRATOR_MAY_NOT_HOLD)


def _set_totp(user: User, secret: str) -> None:
    Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).delete()
    TOTP.activate(user, secret)


@transaction.atomic
def crash_test_counsellor() -> dict[str, object]:
    """A counsellor in a team of its own, with a fresh password and TOTP secret."""
    with acting_as(Actor(None, "system:crash-test")):
        provider, _ = Provider.objects.get_or_create(name="Crash test provider")
        centre, _ = Centre.objects.get_or_create(
            provider=provider, name="Crash test centre", defaults={"statistics_id": "crash-test"}
        )
        service, _ = Service.objects.get_or_create(centre=centre, kind=ServiceKind.MBE)
        team, _ = Team.objects.get_or_create(service=service, name="Crash test team")
        password = secrets.token_urlsafe(18)
        user = User.objects.filter(email=CRASH_EMAIL).first()
        if user is None:
            user = User.objects.create_user(
                email=CRASH_EMAIL, password=password, full_name="Crash Test"
            )
        else:
            user.set_password(password)
            user.save()
        _refuse_administrator(user)
        Membership.objects.get_or_create(user=user, team=team, role=Role.COUNSELLOR)
        totp_secret = generate_totp_secret()
        _set_totp(user, totp_secret)
    return {
        "email": CRASH_EMAIL,
        "password": password,
        "totp_secret": totp_secret,
        "team_id": team.pk,
    }


def load_test_email(number: int) -> str:
    return f"last-{number:03d}@{LOAD_DOMAIN}"


@transaction.atomic
def load_test_counsellors(*, count: int, team: Team, password: str, totp_secret: str) -> list[str]:
    """``count`` counsellors in ``team`` sharing a password and a TOTP secret.

    allauth refuses a TOTP code that the same account used before, so every simulated
    counsellor needs an account of its own; the shared secret lets a script compute codes.
    """
    hashed = make_password(password)  # hashed once: PBKDF2 per account would take minutes
    emails = []
    with acting_as(Actor(None, "system:load-test")):
        for number in range(1, count + 1):
            email = load_test_email(number)
            user = User.objects.filter(email=email).first()
            if user is None:
                user = User.objects.create_user(
                    email=email, password=None, full_name=f"Lasttest {number:03d}"
                )
            _refuse_administrator(user)
            user.password = hashed
            user.save(update_fields=["password"])
            Membership.objects.get_or_create(user=user, team=team, role=Role.COUNSELLOR)
            if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
                TOTP.activate(user, totp_secret)
            emails.append(email)
    return emails
