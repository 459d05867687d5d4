"""Signed bundles: Ed25519 over the bundle's canonical JSON (DOMAIN §D16).

The exporting installation holds a private key (``LOTSE_STATS_SIGNING_KEY``, base64 of the 32
raw bytes, or ``LOTSE_STATS_SIGNING_KEY_FILE`` naming a file that holds it; ``lotse stats
keygen`` makes one). The next level registers the public key (``TrustedKey``, ``lotse stats
trust``) and refuses unsigned bundles, bundles whose signature does not match, and bundles
signed by a key it does not know or has withdrawn. What is signed: every member of the bundle
except ``signature`` itself, as JSON with sorted keys, no whitespace, UTF-8
(``canonical``) — so a bundle may be re-indented or stored in a database that reorders keys
and still verify, but no number, code or period can change.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.utils.translation import gettext as _

from .bundle import BundleError

ALGORITHM = "ed25519"
KEY_FORMAT = "lotse-statistics-key"
SETTING = "LOTSE_STATS_SIGNING_KEY"
FILE_SETTING = "LOTSE_STATS_SIGNING_KEY_FILE"


def canonical(bundle: Mapping[str, Any]) -> bytes:
    """The bytes that are signed: the bundle without ``signature``, sorted, compact, UTF-8."""
    content = {name: value for name, value in bundle.items() if name != "signature"}
    text = json.dumps(
        content, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )
    return text.encode("utf-8")


def raw_public(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def key_id(key: Ed25519PublicKey) -> str:
    """A short fingerprint: the first 16 hex digits of SHA-256 over the raw public key."""
    return "ed25519:" + hashlib.sha256(raw_public(key)).hexdigest()[:16]


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def private_from_text(text: str) -> Ed25519PrivateKey:
    try:
        raw = base64.b64decode(text.strip(), validate=True)
        return Ed25519PrivateKey.from_private_bytes(raw)
    except (binascii.Error, ValueError):
        raise BundleError(
            _("The statistics signing key is not base64 of 32 bytes (see lotse stats keygen).")
        ) from None


def public_from_text(text: str) -> Ed25519PublicKey:
    try:
        raw = base64.b64decode(text.strip(), validate=True)
        return Ed25519PublicKey.from_public_bytes(raw)
    except (binascii.Error, ValueError):
        raise BundleError(_("The public key is not base64 of 32 bytes.")) from None


def generate() -> tuple[str, Ed25519PublicKey]:
    """A new key pair: the private key as base64 text, and the public key."""
    private = Ed25519PrivateKey.generate()
    return b64(private.private_bytes_raw()), private.public_key()


def signing_key() -> Ed25519PrivateKey:
    """This installation's signing key from the settings; BundleError when there is none."""
    from django.conf import settings

    text = getattr(settings, SETTING, "") or ""
    path = getattr(settings, FILE_SETTING, "") or ""
    if not text and path:
        try:
            text = Path(path).read_text(encoding="ascii")
        except (OSError, UnicodeDecodeError) as error:
            raise BundleError(
                _("The statistics signing key file %(path)s cannot be read (%(error)s).")
                % {"path": path, "error": error}
            ) from None
    if not text:
        raise BundleError(
            _(
                "No statistics signing key is configured: create one with “lotse stats keygen” "
                "and set LOTSE_STATS_SIGNING_KEY (docs/operations.md)."
            )
        )
    return private_from_text(text)


def own_public_key() -> Ed25519PublicKey | None:
    try:
        return signing_key().public_key()
    except BundleError:
        return None


def public_key_document(key: Ed25519PublicKey, *, label: str = "") -> dict[str, str]:
    """What a centre sends to the next level so that it can trust its bundles."""
    return {
        "format": KEY_FORMAT,
        "algorithm": ALGORITHM,
        "key_id": key_id(key),
        "public_key": b64(raw_public(key)),
        "label": label,
    }


def sign(bundle: Mapping[str, Any], key: Ed25519PrivateKey | None = None) -> dict[str, Any]:
    """A copy of ``bundle`` with a fresh signature (an old one is replaced)."""
    key = key or signing_key()
    signed = {name: value for name, value in bundle.items() if name != "signature"}
    signed["signature"] = {
        "algorithm": ALGORITHM,
        "key_id": key_id(key.public_key()),
        "value": b64(key.sign(canonical(signed))),
    }
    return signed


def verify(
    bundle: Mapping[str, Any], trusted: Mapping[str, Ed25519PublicKey], *, name: str = ""
) -> str:
    """The key id that signed ``bundle``; BundleError when it is unsigned, signed by a key not
    in ``trusted``, or changed since it was signed."""
    label = name or _("The bundle")
    signature = bundle.get("signature")
    if not isinstance(signature, Mapping) or not signature.get("value"):
        raise BundleError(
            _(
                "%(name)s is not signed. Only signed bundles are merged: the sending centre "
                "exports it again with a current Lotse (lotse stats keygen first)."
            )
            % {"name": label}
        )
    if signature.get("algorithm") != ALGORITHM:
        raise BundleError(
            _("%(name)s is signed with %(algorithm)s; Lotse accepts Ed25519 only.")
            % {"name": label, "algorithm": signature.get("algorithm")}
        )
    kid = str(signature.get("key_id", ""))
    public = trusted.get(kid)
    if public is None:
        raise BundleError(
            _(
                "%(name)s is signed with key %(key)s, which is not among the trusted keys. "
                "Register the sender's public key (lotse stats trust) after checking its key id "
                "with the sender."
            )
            % {"name": label, "key": kid[:40]}
        )
    try:
        value = base64.b64decode(str(signature["value"]), validate=True)
        public.verify(value, canonical(bundle))
    except (binascii.Error, InvalidSignature):
        raise BundleError(
            _(
                "%(name)s has been changed after it was signed (or the signature is damaged): "
                "it is refused. Ask the sender for the original file."
            )
            % {"name": label}
        ) from None
    return kid
