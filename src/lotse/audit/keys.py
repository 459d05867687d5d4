"""The HMAC keys of the audit chain, from ``LOTSE_AUDIT_KEYS``; never stored in the database.

``LOTSE_AUDIT_KEYS`` is ``"kid:base64key,kid2:base64key2"``: the first key signs new entries,
the others only verify entries written under them (rotation: put a new key first). Each entry
records the id of its key. Without a key nobody, including a database administrator, can
compute an entry hash that ``verify`` accepts.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

AUDIT_KEYS_SETTING = "LOTSE_AUDIT_KEYS"
MIN_KEY_BYTES = 32
_KID_RE = re.compile(r"[A-Za-z0-9_-]{1,16}")
_HINT = "Generate a key with `lotse generate_keys`."


class UnknownAuditKey(KeyError):
    """An entry names a key id that is not in ``LOTSE_AUDIT_KEYS``."""


class AuditKeyRing:
    __slots__ = ("_keys", "primary_kid")

    def __init__(self, keys: Sequence[tuple[str, bytes]]) -> None:
        if not keys:
            raise ValueError("an audit key ring needs at least one key")
        self._keys = dict(keys)
        self.primary_kid: str = keys[0][0]

    @property
    def kids(self) -> tuple[str, ...]:
        return tuple(self._keys)

    def sign(self, kid: str, message: bytes) -> str:
        key = self._keys.get(kid)
        if key is None:
            raise UnknownAuditKey(kid)
        return hmac.new(key, message, hashlib.sha256).hexdigest()

    def __repr__(self) -> str:
        # Never the key material.
        return f"<AuditKeyRing primary={self.primary_kid!r} kids={list(self._keys)!r}>"


def _decode(value: str) -> bytes:
    value = value.strip().translate(str.maketrans("-_", "+/"))
    value += "=" * (-len(value) % 4)
    return base64.b64decode(value, validate=True)


def parse_audit_keys(entries: Iterable[str]) -> AuditKeyRing:
    """Parse ``"kid:base64key"`` entries; errors name the entry, never the key material."""
    parsed: list[tuple[str, bytes]] = []
    for position, raw in enumerate(entries, start=1):
        kid, sep, encoded = str(raw).strip().partition(":")
        kid = kid.strip()
        if not sep or not encoded.strip():
            raise ImproperlyConfigured(
                f'{AUDIT_KEYS_SETTING}: entry {position} is not of the form "kid:base64key". '
                + _HINT
            )
        if not _KID_RE.fullmatch(kid):
            raise ImproperlyConfigured(
                f"{AUDIT_KEYS_SETTING}: entry {position} has an invalid key id; use 1 to 16 "
                "characters from A-Z, a-z, 0-9, '_' and '-'."
            )
        if any(kid == known for known, _ in parsed):
            raise ImproperlyConfigured(
                f"{AUDIT_KEYS_SETTING}: key id {kid!r} appears more than once."
            )
        try:
            key = _decode(encoded)
        except (binascii.Error, ValueError):
            raise ImproperlyConfigured(
                f"{AUDIT_KEYS_SETTING}: the key for key id {kid!r} is not valid base64. " + _HINT
            ) from None
        if len(key) < MIN_KEY_BYTES:
            raise ImproperlyConfigured(
                f"{AUDIT_KEYS_SETTING}: the key for key id {kid!r} is {len(key)} bytes long; "
                f"at least {MIN_KEY_BYTES} are required. " + _HINT
            )
        parsed.append((kid, key))
    if not parsed:
        raise ImproperlyConfigured(
            f"{AUDIT_KEYS_SETTING} is empty; at least one key is required. " + _HINT
        )
    return AuditKeyRing(parsed)


@lru_cache(maxsize=8)
def _ring_for(entries: tuple[str, ...]) -> AuditKeyRing:
    return parse_audit_keys(entries)


def get_audit_keyring() -> AuditKeyRing:
    """The key ring of the current settings (cached per distinct ``LOTSE_AUDIT_KEYS``)."""
    raw: Any = getattr(settings, AUDIT_KEYS_SETTING, None)
    if isinstance(raw, str):
        raw = [part for part in raw.split(",") if part.strip()]
    if not isinstance(raw, list | tuple):
        raise ImproperlyConfigured(
            f'{AUDIT_KEYS_SETTING} must be a list of "kid:base64key" strings, signing key first.'
        )
    return _ring_for(tuple(raw))


@checks.register(checks.Tags.security)
def check_audit_keys(app_configs: object = None, **kwargs: object) -> list[checks.CheckMessage]:
    """A broken key ring shows at startup, not at the first audit entry."""
    try:
        get_audit_keyring()
    except ImproperlyConfigured as exc:
        return [checks.Error(str(exc), id="audit.E001")]
    return []
