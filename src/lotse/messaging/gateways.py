"""Sending an SMS: a small interface with a file adapter (development) and a generic HTTP one.

No provider is built in and no credential is in the repository: ``HttpGateway`` POSTs
``{"to": ..., "text": ..., "id": ...}`` as JSON to ``LOTSE_SMS_URL`` with ``Authorization: Bearer
LOTSE_SMS_TOKEN``; a small proxy (or a provider that accepts this shape) does the rest.
``GatewayError.code`` is what the message stores as its reason: a code, never the number or a
provider's message text. ``id`` is the message's random delivery reference: the provider (or
the proxy) reports the delivery state back with it to the status callback
(``messaging_sms_status``, see docs/operations.md).
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.utils import timezone


class GatewayError(Exception):
    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class SmsGateway(Protocol):
    def send(self, *, to: str, text: str, reference: str) -> None: ...


class FileGateway:
    """One file per SMS in ``directory`` (``LOTSE_SMS_DIR``, default var/sms)."""

    def __init__(self, directory: str | Path) -> None:
        self.directory = Path(directory)

    def send(self, *, to: str, text: str, reference: str) -> None:
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            name = f"{timezone.now():%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:8]}.txt"
            (self.directory / name).write_text(
                f"To: {to}\nId: {reference}\n\n{text}\n", encoding="utf-8"
            )
        except OSError as error:
            raise GatewayError("sms_file_error") from error


def _web_address(url: str) -> bool:
    parts = urllib.parse.urlsplit(url)
    local = parts.hostname in {"localhost", "127.0.0.1", "::1"}
    return parts.scheme == "https" or (parts.scheme == "http" and local)


class HttpGateway:
    def __init__(self, url: str, token: str, timeout: float = 10) -> None:
        self.url = url
        self.token = token
        self.timeout = timeout

    def send(self, *, to: str, text: str, reference: str) -> None:
        if not self.url:
            raise GatewayError("sms_not_configured")
        if not _web_address(self.url):
            # urlopen would also read file:// or ftp:// (bandit B310): only the web is sent to.
            raise GatewayError("sms_url_not_http")
        request = urllib.request.Request(  # noqa: S310 - the URL is the operator's setting
            self.url,
            data=json.dumps({"to": to, "text": text, "id": reference}).encode(),
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {self.token}",
            },
            method="POST",
        )
        try:
            # The scheme is checked above: https, or http to this machine (a local relay).
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310  # nosec B310
                status = response.status
        except urllib.error.HTTPError as error:
            error.close()  # it holds the open response
            raise GatewayError(f"sms_http_{error.code}") from error
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            raise GatewayError("sms_unreachable") from error
        if not 200 <= status < 300:
            raise GatewayError(f"sms_http_{status}")


def sms_gateway() -> SmsGateway:
    """The gateway ``LOTSE_SMS_GATEWAY`` names ("file" or "http")."""
    if settings.LOTSE_SMS_GATEWAY == "file":
        return FileGateway(settings.LOTSE_SMS_DIR)
    return HttpGateway(settings.LOTSE_SMS_URL, settings.LOTSE_SMS_TOKEN)
