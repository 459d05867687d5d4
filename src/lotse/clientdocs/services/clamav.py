"""Virus scan through a ClamAV daemon (clamd), when ``LOTSE_CLAMD`` names one.

Speaks clamd's INSTREAM command directly (a few lines; no client library): the file is sent in
chunks, clamd answers ``stream: OK`` or ``stream: <signature> FOUND``. Without the setting
nothing is scanned (docs/security.md says so); with it, a daemon that cannot be reached or
answers anything else refuses the upload (fail closed).
"""

from __future__ import annotations

import socket
import struct
from urllib.parse import urlparse

from django.conf import settings
from django.utils.translation import gettext as _

from lotse.common.errors import DomainError

CHUNK = 64 * 1024
TIMEOUT_SECONDS = 30


class ScannerUnavailable(DomainError):
    pass


def _connect(address: str) -> socket.socket:
    parsed = urlparse(address)
    if parsed.scheme == "unix":
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            sock.settimeout(TIMEOUT_SECONDS)
            sock.connect(parsed.path)
        except OSError:
            sock.close()
            raise
        return sock
    if parsed.scheme == "tcp" and parsed.hostname:
        return socket.create_connection(
            (parsed.hostname, parsed.port or 3310), timeout=TIMEOUT_SECONDS
        )
    raise ScannerUnavailable(_("The virus scanner address is not of the form unix:// or tcp://."))


def scan(data: bytes) -> str | None:
    """The signature clamd found, or None when clean or when no daemon is configured."""
    address: str = getattr(settings, "LOTSE_CLAMD", "")
    if not address:
        return None
    unavailable = _("The virus scanner cannot be reached; nothing was stored. Please try later.")
    try:
        with _connect(address) as sock:
            sock.sendall(b"zINSTREAM\0")
            for start in range(0, len(data), CHUNK):
                chunk = data[start : start + CHUNK]
                sock.sendall(struct.pack("!L", len(chunk)) + chunk)
            sock.sendall(struct.pack("!L", 0))
            answer = b""
            while not answer.endswith(b"\0"):
                part = sock.recv(4096)
                if not part:
                    break
                answer += part
    except OSError:
        raise ScannerUnavailable(unavailable) from None
    text = answer.rstrip(b"\0").decode("utf-8", "replace").strip()
    if text.endswith(" OK"):
        return None
    if text.endswith(" FOUND"):
        return text.removeprefix("stream:").removesuffix(" FOUND").strip() or "malware"
    raise ScannerUnavailable(unavailable)
