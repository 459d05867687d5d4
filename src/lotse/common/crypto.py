"""Encryption at rest and keyed search hashes for personal data.

Values are encrypted with AES-256-GCM under the first (primary) key of ``LOTSE_ENCRYPTION_KEYS``.
Every token names its key, so older keys keep decrypting after a new primary key is added;
``lotse rotate_keys`` then moves the stored data to the primary key.

Encrypted columns cannot be searched. For search, store a *blind index* next to them: an HMAC
of the normalised value under ``LOTSE_BLIND_INDEX_KEY``. Equal names give equal digests, and
nobody without the key can test a guessed name against the database.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import re
import secrets
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

__all__ = [
    "DecryptionError",
    "KeyRing",
    "blind_index",
    "decrypt",
    "encrypt",
    "generate_key",
    "get_keyring",
    "needs_rotation",
    "normalise_for_index",
    "prefix_digests",
    "prefix_search_digests",
]

FORMAT_VERSION = "lse1"
KEY_BYTES = 32
NONCE_BYTES = 12
TAG_BYTES = 16
BLIND_INDEX_LENGTH = 32
KEYS_SETTING = "LOTSE_ENCRYPTION_KEYS"
BLIND_INDEX_SETTING = "LOTSE_BLIND_INDEX_KEY"
# Associated data of the TOTP secrets allauth stores, encrypted by accounts.adapters.
MFA_AAD = "allauth.mfa.authenticator.data"

_KID_RE = re.compile(r"[A-Za-z0-9_-]{1,16}")
_B64URL_RE = re.compile(r"[A-Za-z0-9_-]+")


class DecryptionError(Exception):
    """A token could not be decrypted: malformed, unknown key, wrong context or tampered."""


# --- keys ---------------------------------------------------------------------------------


def _decode_b64(value: str) -> bytes:
    """Strictly decode standard or URL-safe base64, padding optional."""
    value = value.strip().translate(str.maketrans("-_", "+/"))
    value += "=" * (-len(value) % 4)
    # validate=True: the lenient default silently skips stray characters, which would turn
    # a typo in a key into a different, wrong key instead of an error.
    return base64.b64decode(value, validate=True)


class KeyRing:
    """The encryption keys by key id; the first configured key encrypts, all keys decrypt."""

    __slots__ = ("_ciphers", "primary_kid")

    def __init__(self, keys: Sequence[tuple[str, bytes]]) -> None:
        if not keys:
            raise ValueError("a key ring needs at least one key")
        self._ciphers: dict[str, AESGCM] = {}
        for kid, key in keys:
            if not _KID_RE.fullmatch(kid):
                raise ValueError(f"invalid key id {kid!r}")
            if kid in self._ciphers:
                raise ValueError(f"duplicate key id {kid!r}")
            if len(key) != KEY_BYTES:
                raise ValueError(f"key {kid!r} must be {KEY_BYTES} bytes")
            self._ciphers[kid] = AESGCM(key)
        self.primary_kid: str = keys[0][0]

    @classmethod
    def from_setting(cls, entries: Iterable[str], *, setting: str = KEYS_SETTING) -> KeyRing:
        """Parse ``"kid:base64key"`` entries; raise ImproperlyConfigured naming ``setting``."""
        parsed: list[tuple[str, bytes]] = []
        seen: set[str] = set()
        hint = "Generate a key with `lotse generate_keys`."
        for position, raw in enumerate(entries, start=1):
            if not isinstance(raw, str):
                raise ImproperlyConfigured(f"{setting}: entry {position} is not a string.")
            kid, sep, encoded = raw.strip().partition(":")
            kid = kid.strip()
            # Messages name the entry and key id but never echo key material into logs.
            if not sep or not encoded.strip():
                raise ImproperlyConfigured(
                    f'{setting}: entry {position} is not of the form "kid:base64key". {hint}'
                )
            if not _KID_RE.fullmatch(kid):
                raise ImproperlyConfigured(
                    f"{setting}: entry {position} has an invalid key id; use 1 to 16 "
                    "characters from A-Z, a-z, 0-9, '_' and '-'."
                )
            if kid in seen:
                raise ImproperlyConfigured(f"{setting}: key id {kid!r} appears more than once.")
            try:
                key = _decode_b64(encoded)
            except (binascii.Error, ValueError):
                raise ImproperlyConfigured(
                    f"{setting}: the key for key id {kid!r} is not valid base64. {hint}"
                ) from None
            if len(key) != KEY_BYTES:
                raise ImproperlyConfigured(
                    f"{setting}: the key for key id {kid!r} is {len(key)} bytes long; "
                    f"AES-256 needs exactly {KEY_BYTES}. {hint}"
                )
            seen.add(kid)
            parsed.append((kid, key))
        if not parsed:
            raise ImproperlyConfigured(f"{setting} is empty; at least one key is required. {hint}")
        return cls(parsed)

    @property
    def kids(self) -> tuple[str, ...]:
        return tuple(self._ciphers)

    def cipher(self, kid: str) -> AESGCM | None:
        return self._ciphers.get(kid)

    @property
    def primary(self) -> tuple[str, AESGCM]:
        return self.primary_kid, self._ciphers[self.primary_kid]

    def __repr__(self) -> str:
        return f"<KeyRing primary={self.primary_kid!r} kids={list(self._ciphers)!r}>"


def _setting_entries() -> tuple[str, ...]:
    raw: Any = getattr(settings, KEYS_SETTING, None)
    if isinstance(raw, str):
        # Same shape as the environment variable, for convenience in local settings.
        raw = [part for part in raw.split(",") if part.strip()]
    if not isinstance(raw, list | tuple):
        raise ImproperlyConfigured(
            f'{KEYS_SETTING} must be a list of "kid:base64key" strings, primary key first.'
        )
    return tuple(raw)


@lru_cache(maxsize=8)
def _keyring_for(entries: tuple[str, ...]) -> KeyRing:
    return KeyRing.from_setting(entries)


def get_keyring() -> KeyRing:
    """The key ring of the current settings (cached per distinct ``LOTSE_ENCRYPTION_KEYS``)."""
    return _keyring_for(_setting_entries())


@lru_cache(maxsize=8)
def _blind_index_key_for(raw: str) -> bytes:
    try:
        key = _decode_b64(raw)
    except (binascii.Error, ValueError):
        raise ImproperlyConfigured(
            f"{BLIND_INDEX_SETTING} is not valid base64. Generate one with `lotse generate_keys`."
        ) from None
    if len(key) < KEY_BYTES:
        raise ImproperlyConfigured(
            f"{BLIND_INDEX_SETTING} is {len(key)} bytes long; at least {KEY_BYTES} are required. "
            "Generate one with `lotse generate_keys`."
        )
    return key


def _blind_index_key() -> bytes:
    raw: Any = getattr(settings, BLIND_INDEX_SETTING, None)
    if not isinstance(raw, str) or not raw.strip():
        raise ImproperlyConfigured(
            f"{BLIND_INDEX_SETTING} is not set. Generate one with `lotse generate_keys`."
        )
    return _blind_index_key_for(raw.strip())


def generate_key() -> str:
    """A fresh random 32-byte key, URL-safe base64 encoded."""
    return base64.urlsafe_b64encode(secrets.token_bytes(KEY_BYTES)).decode("ascii")


@checks.register(checks.Tags.security)
def check_key_settings(app_configs: object = None, **kwargs: object) -> list[checks.CheckMessage]:
    """Report broken key settings at startup instead of at the first save of a client."""
    errors: list[checks.CheckMessage] = []
    for check_id, loader in (("common.E010", get_keyring), ("common.E011", _blind_index_key)):
        try:
            loader()
        except ImproperlyConfigured as exc:
            errors.append(checks.Error(str(exc), id=check_id))
    return errors


# --- encryption ---------------------------------------------------------------------------


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _parse_token(token: object) -> tuple[str, bytes]:
    # Messages never include the token: a non-token value might be plaintext.
    if not isinstance(token, str):
        raise DecryptionError("encrypted value is not a string")
    parts = token.split(":")
    if len(parts) != 3 or parts[0] != FORMAT_VERSION:
        raise DecryptionError("value is not an encrypted token")
    _, kid, body = parts
    if not _KID_RE.fullmatch(kid) or not _B64URL_RE.fullmatch(body):
        raise DecryptionError("malformed encrypted token")
    try:
        blob = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    except (binascii.Error, ValueError):
        raise DecryptionError("malformed encrypted token") from None
    # Base64 can spell the same bytes in several ways; insisting on the canonical spelling
    # makes every change to a stored token detectable, not only changes to the bytes.
    if _b64url(blob) != body:
        raise DecryptionError("malformed encrypted token")
    if len(blob) < NONCE_BYTES + TAG_BYTES:
        raise DecryptionError("encrypted token is truncated")
    return kid, blob


def encrypt(plaintext: str, *, aad: str) -> str:
    """Encrypt ``plaintext`` under the primary key, bound to the context string ``aad``."""
    if not isinstance(plaintext, str):
        raise TypeError(f"encrypt() takes str, not {type(plaintext).__name__}")
    kid, cipher = get_keyring().primary
    nonce = os.urandom(NONCE_BYTES)
    ciphertext = cipher.encrypt(nonce, plaintext.encode("utf-8"), aad.encode("utf-8"))
    return f"{FORMAT_VERSION}:{kid}:{_b64url(nonce + ciphertext)}"


def decrypt(token: str, *, aad: str) -> str:
    """Decrypt a token from :func:`encrypt`; any failure raises :class:`DecryptionError`."""
    kid, blob = _parse_token(token)
    cipher = get_keyring().cipher(kid)
    if cipher is None:
        raise DecryptionError(f"unknown key id {kid!r}; is the old key still configured?")
    try:
        plaintext = cipher.decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], aad.encode("utf-8"))
    except InvalidTag:
        raise DecryptionError(
            f"authentication failed for key id {kid!r}: wrong key, wrong context or tampered data"
        ) from None
    try:
        return plaintext.decode("utf-8")
    except UnicodeDecodeError:
        raise DecryptionError("decrypted value is not UTF-8") from None


def is_token(value: object) -> bool:
    """Whether ``value`` has the form of a token from :func:`encrypt` (it is not decrypted)."""
    try:
        _parse_token(value)
    except DecryptionError:
        return False
    return True


def token_kid(token: str) -> str:
    """The key id a token was encrypted with (raises DecryptionError if malformed)."""
    return _parse_token(token)[0]


def needs_rotation(token: str) -> bool:
    """Whether ``token`` was encrypted with a key other than the current primary key."""
    return token_kid(token) != get_keyring().primary_kid


# --- blind index --------------------------------------------------------------------------

# Letters that NFKD does not decompose but that people routinely type without the mark.
# Beyond Latin: Persian and Arabic keyboards produce different code points for yeh and kaf,
# and tatweel is only typographic stretching.
_FOLD = str.maketrans(
    {
        "ß": "ss",
        "æ": "ae",
        "ø": "o",
        "ł": "l",
        "đ": "d",
        "œ": "oe",
        "\u0131": "i",  # Turkish dotless i
        "\u06cc": "\u064a",  # Farsi yeh -> Arabic yeh
        "\u0649": "\u064a",  # alef maksura -> yeh
        "\u06a9": "\u0643",  # keheh -> kaf
        "\u0640": None,  # tatweel
    }
)
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015'`\u00b4\u2018\u2019\u02bb\u02bc]+")
_DROPPED_CATEGORIES = frozenset({"Mn", "Me", "Cf"})


def normalise_for_index(value: str) -> str:
    """Fold a name so that spelling variants people consider equal compare equal.

    Accents and other combining marks are dropped ("Müller" -> "muller", not "mueller"),
    case is folded, and runs of whitespace, hyphens and apostrophes become one space.
    """
    # NFKD before and after casefold: casefold can produce combining marks (Turkish capital
    # dotted I -> i + U+0307) and NFKD can produce capitals (U+210C black-letter H -> H).
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", value).casefold())
    # Format characters (bidi marks, zero-width joiners, soft hyphens) come with copy-pasted
    # names and are invisible, so they must not change the digest.
    text = "".join(ch for ch in text if unicodedata.category(ch) not in _DROPPED_CATEGORIES)
    text = text.translate(_FOLD)
    return _SEPARATORS.sub(" ", text).strip()


def _check_purpose(purpose: str) -> None:
    # The NUL separates purpose from value; a NUL inside the purpose would make them ambiguous.
    if not purpose or "\x00" in purpose:
        raise ValueError("purpose must be a non-empty string without NUL characters")


def _digest(key: bytes, purpose: str, normalised: str) -> str:
    message = f"{purpose}\x00{normalised}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:BLIND_INDEX_LENGTH]


def blind_index(value: str, *, purpose: str) -> str:
    """Keyed digest of the normalised ``value``; "" for a value that normalises to nothing.

    ``purpose`` separates digests of different fields, so equal values in different columns
    cannot be linked.
    """
    _check_purpose(purpose)
    normalised = normalise_for_index(value)
    if not normalised:
        return ""
    return _digest(_blind_index_key(), purpose, normalised)


def _prefix_purpose(purpose: str) -> str:
    return f"{purpose}:prefix"


def _check_lengths(min_len: int, max_len: int) -> None:
    if min_len < 1 or max_len < min_len:
        raise ValueError("need 1 <= min_len <= max_len")


def prefix_digests(value: str, *, purpose: str, min_len: int = 2, max_len: int = 12) -> list[str]:
    """Digests of every word prefix of ``min_len``..``max_len`` characters, for a token table.

    Each digest equals ``blind_index(prefix, purpose=purpose + ":prefix")``. A search for a
    prefix longer than ``max_len`` must be cut to ``max_len`` (see prefix_search_digests).
    """
    _check_purpose(purpose)
    _check_lengths(min_len, max_len)
    key = _blind_index_key()
    prefix_purpose = _prefix_purpose(purpose)
    digests: dict[str, None] = {}
    for word in normalise_for_index(value).split():
        for length in range(min_len, min(len(word), max_len) + 1):
            digests.setdefault(_digest(key, prefix_purpose, word[:length]))
    return list(digests)


def prefix_search_digests(
    query: str, *, purpose: str, min_len: int = 2, max_len: int = 12
) -> list[str]:
    """The digests a row must all have in its token table to match every word of ``query``.

    Words shorter than ``min_len`` are ignored (nothing was stored for them).
    """
    _check_purpose(purpose)
    _check_lengths(min_len, max_len)
    key = _blind_index_key()
    prefix_purpose = _prefix_purpose(purpose)
    digests: dict[str, None] = {}
    for word in normalise_for_index(query).split():
        if len(word) >= min_len:
            digests.setdefault(_digest(key, prefix_purpose, word[:max_len]))
    return list(digests)
