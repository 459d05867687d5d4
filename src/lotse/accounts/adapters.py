from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.http import HttpRequest

from lotse.common import crypto, network

from .middleware import requires_two_factor


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # Accounts are created by an administrator, never by self-registration.
        return False

    def get_client_ip(self, request: HttpRequest) -> str:
        # allauth's rate limits ("…/ip") count per client, not per reverse proxy.
        return network.client_address(request)


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
