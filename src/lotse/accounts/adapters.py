from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import ratelimit
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.http import HttpRequest

from lotse.common import crypto, network

from .middleware import requires_two_factor
from .services import login_throttle


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # Accounts are created by an administrator, never by self-registration.
        return False

    def get_client_ip(self, request: HttpRequest) -> str:
        # allauth's rate limits ("…/ip") count per client, not per reverse proxy.
        return network.client_address(request)

    # Password attempts: exponential back-off per account and address, and per account over
    # all addresses (services.login_throttle), instead of allauth's per-account hard lock,
    # which a guesser uses to lock the owner out. allauth's "login_failed" limit is left to
    # the TOTP step; "login_failed_address" limits one address over all accounts.

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        if login_throttle.wait_seconds(_login(credentials), network.client_address(request)):
            raise self.validation_error("too_many_login_attempts")
        # Only failures count against the address (consumed in authentication_failed).
        if not ratelimit.consume(request, action="login_failed_address", dry_run=True):
            raise self.validation_error("too_many_login_attempts")

    def authenticate(self, request: HttpRequest, **credentials: Any) -> Any:
        user = super().authenticate(request, **credentials)
        if user is not None:
            login_throttle.record_success(_login(credentials), network.client_address(request))
        return user

    def authentication_failed(self, request: HttpRequest, **credentials: Any) -> None:
        login_throttle.record_failure(_login(credentials), network.client_address(request))
        ratelimit.consume(request, action="login_failed_address")
        super().authentication_failed(request, **credentials)


def _login(credentials: dict[str, Any]) -> str:
    return str(credentials.get("email") or credentials.get("username") or "")


class MFAAdapter(DefaultMFAAdapter):
    """TOTP secrets are encrypted at rest with the same keys as client data."""

    def encrypt(self, text: str) -> str:
        return crypto.encrypt(text, aad=crypto.MFA_AAD)

    def decrypt(self, encrypted_text: str) -> str:
        return crypto.decrypt(encrypted_text, aad=crypto.MFA_AAD)

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        # A role that must use a second factor may replace it, but never switch it off.
        if authenticator.type == Authenticator.Type.TOTP and requires_two_factor(
            authenticator.user
        ):
            return False
        return super().can_delete_authenticator(authenticator)
