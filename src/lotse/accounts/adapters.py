from __future__ import annotations

import logging
import smtplib
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import ratelimit
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.http import HttpRequest
from django.shortcuts import render

from lotse.common import crypto, network

from .middleware import requires_two_factor
from .services import login_throttle

logger = logging.getLogger(__name__)


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

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """Send, or answer with a page saying that mail is unavailable (not a server error).

        Without a reachable mail server (a fresh installation, an outage) the password reset
        raised ConnectionRefusedError. The page is the same whether the address belongs to an
        account or not, so it reveals no accounts. Status 200: a 5xx would be logged as an
        error for a known operating condition.
        """
        try:
            super().send_mail(template_prefix, email, context)
        except (OSError, smtplib.SMTPException) as error:
            logger.warning("Mail %s could not be sent: %s", template_prefix, type(error).__name__)
            request = self.request
            if request is None:
                raise
            raise ImmediateHttpResponse(render(request, "accounts/mail_unavailable.html")) from None


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
