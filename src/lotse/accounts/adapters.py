from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.http import HttpRequest

from lotse.common import crypto

_MFA_AAD = "allauth.mfa.authenticator.data"


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # Accounts are created by an administrator, never by self-registration.
        return False


class MFAAdapter(DefaultMFAAdapter):
    """TOTP secrets are encrypted at rest with the same keys as client data."""

    def encrypt(self, text: str) -> str:
        return crypto.encrypt(text, aad=_MFA_AAD)

    def decrypt(self, encrypted_text: str) -> str:
        return crypto.decrypt(encrypted_text, aad=_MFA_AAD)
