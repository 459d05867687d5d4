"""A mail backend that fails like an unreachable server (for the staff-mail tests)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.mail.backends.base import BaseEmailBackend


class RefusingBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Sequence[Any]) -> int:
        raise ConnectionRefusedError(111, "Connection refused")


FAILING_MAILERS = {"default": {"BACKEND": "accounts.failing_mail.RefusingBackend"}}
