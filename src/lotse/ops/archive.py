"""The encrypted, checksummed backup archive (format 1).

Layout of a ``.lotse-backup`` file::

    8 bytes   magic  b"LOTSEBAK"
    2 bytes   format version, big-endian (1)
    4 bytes   length N of the header, big-endian
    N bytes   header: UTF-8 JSON (see ``ArchiveHeader``), readable without the key
    32 bytes  SHA-256 of everything above (detects a damaged header before any key is tried)
    chunks    4-byte big-endian length L, then L bytes of AES-256-GCM ciphertext + 16-byte tag

The dump is cut into chunks of ``chunk_size`` bytes. Chunk *i* is encrypted with the nonce
``nonce_prefix || i`` (4 + 8 bytes) and the associated data ``SHA-256(header) || i || final``:
changing the header, reordering, dropping or appending chunks and cutting the file at a chunk
boundary all fail authentication. The header carries the SHA-256 of the whole plaintext dump,
checked after decryption.

Keys: every archive has its own random salt, so the archive key is never reused.

* ``keyring`` (default): HKDF-SHA256 over the primary key of ``LOTSE_ENCRYPTION_KEYS``,
  info ``b"lotse-backup"``. The header names the key id; any configured key with that id can
  restore it (so backups stay readable after a rotation while the old key is configured).
* ``passphrase``: scrypt (N=2^17, r=8, p=1) over a passphrase from an environment variable —
  for backups that must be restorable without the key file (store the passphrase apart).

A key check value (HMAC of a fixed string under the archive key) tells a wrong key or
passphrase apart from a damaged file before the first chunk is decrypted.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import struct
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

MAGIC = b"LOTSEBAK"
FORMAT_VERSION = 1
HKDF_INFO = b"lotse-backup"
KEY_CHECK_LABEL = b"lotse-backup key check"
DEFAULT_CHUNK_SIZE = 1024 * 1024
MAX_HEADER_BYTES = 1024 * 1024
TAG_BYTES = 16
SALT_BYTES = 16
NONCE_PREFIX_BYTES = 4
SCRYPT_N = 2**17
SCRYPT_R = 8
SCRYPT_P = 1
MIN_PASSPHRASE_LENGTH = 12
PASSPHRASE_KID = "passphrase"  # noqa: S105  # nosec B105 - a key id, not a secret

_PREAMBLE = struct.Struct(">8sHI")
_LENGTH = struct.Struct(">I")


class ArchiveError(Exception):
    """The archive cannot be restored; the message says why, for the operator."""


class WrongKeyError(ArchiveError):
    """The archive is intact as far as can be told, but not for the key or passphrase given."""


class DamagedArchiveError(ArchiveError):
    """The file is not a complete, unchanged Lotse backup."""


@dataclass(frozen=True)
class Secret:
    """What the archive key is derived from: a key of the key ring or a passphrase."""

    kid: str
    material: bytes = field(repr=False)
    is_passphrase: bool = False

    @classmethod
    def from_passphrase(cls, passphrase: str) -> Secret:
        return cls(kid=PASSPHRASE_KID, material=passphrase.encode("utf-8"), is_passphrase=True)


@dataclass
class ArchiveHeader:
    vendor: str
    lotse_version: str
    created_at: str
    key_id: str
    kdf: dict[str, Any]
    key_check: str
    nonce_prefix: str
    chunk_size: int
    plaintext_sha256: str
    plaintext_bytes: int
    dump_format: str
    row_counts: dict[str, int]
    audit_head: dict[str, Any] | None
    database: str = ""
    format_version: int = FORMAT_VERSION
    magic: str = MAGIC.decode("ascii")
    extra: dict[str, Any] = field(default_factory=dict)

    def to_bytes(self) -> bytes:
        return json.dumps(asdict(self), sort_keys=True, indent=1).encode("utf-8")

    @classmethod
    def from_bytes(cls, raw: bytes) -> ArchiveHeader:
        try:
            data = json.loads(raw.decode("utf-8"))
            return cls(**data)
        except (UnicodeDecodeError, json.JSONDecodeError, TypeError) as error:
            raise DamagedArchiveError(f"The backup header cannot be read ({error}).") from None


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def derive_key(secret: Secret, kdf: dict[str, Any]) -> bytes:
    salt = _unb64(kdf["salt"])
    if kdf["name"] == "hkdf-sha256":
        return HKDF(
            algorithm=hashes.SHA256(), length=32, salt=salt, info=kdf["info"].encode("ascii")
        ).derive(secret.material)
    if kdf["name"] == "scrypt":
        return Scrypt(salt=salt, length=32, n=kdf["n"], r=kdf["r"], p=kdf["p"]).derive(
            secret.material
        )
    raise DamagedArchiveError(f"Unknown key derivation {kdf['name']!r} in the backup header.")


def new_kdf(secret: Secret) -> dict[str, Any]:
    salt = _b64(os.urandom(SALT_BYTES))
    if secret.is_passphrase:
        return {"name": "scrypt", "n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P, "salt": salt}
    return {"name": "hkdf-sha256", "info": HKDF_INFO.decode("ascii"), "salt": salt}


def key_check(key: bytes) -> str:
    return hmac.new(key, KEY_CHECK_LABEL, hashlib.sha256).hexdigest()[:32]


def _nonce(prefix: bytes, index: int) -> bytes:
    return prefix + index.to_bytes(8, "big")


def _aad(header_digest: bytes, index: int, final: bool) -> bytes:
    return header_digest + index.to_bytes(8, "big") + (b"\x01" if final else b"\x00")


def file_sha256(path: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        while block := handle.read(DEFAULT_CHUNK_SIZE):
            digest.update(block)
            size += len(block)
    return digest.hexdigest(), size


def _chunks(handle: IO[bytes], size: int) -> Iterator[tuple[bytes, bool]]:
    """The plaintext in chunks, each with a flag telling whether it is the last one."""
    current = handle.read(size)
    while True:
        following = handle.read(size) if len(current) == size else b""
        yield current, not following
        if not following:
            return
        current = following


def write_archive(
    *,
    plaintext: Path,
    out: IO[bytes],
    secret: Secret,
    header_fields: dict[str, Any],
    chunk_size: int = DEFAULT_CHUNK_SIZE,
) -> ArchiveHeader:
    """Encrypt the dump file ``plaintext`` into ``out``; returns the header written."""
    kdf = new_kdf(secret)
    key = derive_key(secret, kdf)
    sha, size = file_sha256(plaintext)
    nonce_prefix = os.urandom(NONCE_PREFIX_BYTES)
    header = ArchiveHeader(
        key_id=secret.kid,
        kdf=kdf,
        key_check=key_check(key),
        nonce_prefix=_b64(nonce_prefix),
        chunk_size=chunk_size,
        plaintext_sha256=sha,
        plaintext_bytes=size,
        **header_fields,
    )
    raw_header = header.to_bytes()
    preamble = _PREAMBLE.pack(MAGIC, FORMAT_VERSION, len(raw_header)) + raw_header
    header_digest = hashlib.sha256(preamble).digest()
    out.write(preamble)
    out.write(header_digest)
    cipher = AESGCM(key)
    with plaintext.open("rb") as handle:
        for index, (chunk, final) in enumerate(_chunks(handle, chunk_size)):
            sealed = cipher.encrypt(
                _nonce(nonce_prefix, index), chunk, _aad(header_digest, index, final)
            )
            out.write(_LENGTH.pack(len(sealed)))
            out.write(sealed)
    return header


def _read_exact(handle: IO[bytes], size: int, what: str) -> bytes:
    data = handle.read(size)
    if len(data) != size:
        raise DamagedArchiveError(f"The backup is truncated: it ends inside {what}.")
    return data


def read_header(handle: IO[bytes]) -> tuple[ArchiveHeader, bytes]:
    """Read and check the header; returns it with its digest (the chunks' associated data)."""
    start = handle.read(_PREAMBLE.size)
    if len(start) < len(MAGIC) or start[: len(MAGIC)] != MAGIC:
        raise DamagedArchiveError(
            "This is not a Lotse backup (the file does not start with the Lotse signature)."
        )
    if len(start) != _PREAMBLE.size:
        raise DamagedArchiveError("The backup is truncated: it ends inside the header.")
    _, version, length = _PREAMBLE.unpack(start)
    if version != FORMAT_VERSION:
        raise DamagedArchiveError(
            f"This backup has format version {version}; this Lotse reads version "
            f"{FORMAT_VERSION}. Restore it with the Lotse version that made it."
        )
    if length > MAX_HEADER_BYTES:
        raise DamagedArchiveError("The backup header is damaged (impossible length).")
    raw = _read_exact(handle, length, "the header")
    stored_digest = _read_exact(handle, 32, "the header checksum")
    digest = hashlib.sha256(start + raw).digest()
    if not hmac.compare_digest(digest, stored_digest):
        raise DamagedArchiveError("The backup is damaged: the header checksum does not match.")
    return ArchiveHeader.from_bytes(raw), digest


def resolve_secret(
    header: ArchiveHeader, *, keys: dict[str, bytes], passphrase: str | None
) -> Secret:
    """The secret this archive needs, or a clear refusal naming what is missing."""
    if header.key_id == PASSPHRASE_KID:
        if passphrase is None:
            raise WrongKeyError(
                "This backup was encrypted with a passphrase, not with a key of "
                "LOTSE_ENCRYPTION_KEYS. Put the passphrase into an environment variable and "
                "give its name with --passphrase-env."
            )
        return Secret.from_passphrase(passphrase)
    if passphrase is not None:
        raise WrongKeyError(
            f"This backup was made with key {header.key_id} of LOTSE_ENCRYPTION_KEYS, not with "
            f"a passphrase. Restore it without --passphrase-env on a machine that has key "
            f"{header.key_id}."
        )
    if header.key_id not in keys:
        raise WrongKeyError(
            f"This backup was made with key {header.key_id}, which is not in "
            f"LOTSE_ENCRYPTION_KEYS here (configured: {', '.join(keys)}). Add that key "
            "(it may be an older one, kept after a rotation) and try again."
        )
    return Secret(kid=header.key_id, material=keys[header.key_id])


def open_key(header: ArchiveHeader, secret: Secret) -> bytes:
    key = derive_key(secret, header.kdf)
    if not hmac.compare_digest(key_check(key), header.key_check):
        if secret.is_passphrase:
            raise WrongKeyError("Wrong passphrase: this backup was encrypted with another one.")
        raise WrongKeyError(
            f"This backup was made with key {header.key_id}, but the key configured here under "
            f"the id {header.key_id} is a different key. Use the LOTSE_ENCRYPTION_KEYS of the "
            "installation that made the backup."
        )
    return key


def decrypt_archive(
    handle: IO[bytes], header: ArchiveHeader, header_digest: bytes, key: bytes, out: IO[bytes]
) -> None:
    """Decrypt every chunk into ``out`` and check length and SHA-256 of the result."""
    cipher = AESGCM(key)
    prefix = _unb64(header.nonce_prefix)
    digest = hashlib.sha256()
    size = 0
    index = 0
    limit = header.chunk_size + TAG_BYTES
    while True:
        raw_length = handle.read(_LENGTH.size)
        if not raw_length:
            raise DamagedArchiveError(
                f"The backup is truncated: it ends after chunk {index} without the final chunk."
            )
        if len(raw_length) != _LENGTH.size:
            raise DamagedArchiveError(f"The backup is truncated inside chunk {index + 1}.")
        (length,) = _LENGTH.unpack(raw_length)
        if length < TAG_BYTES or length > limit:
            raise DamagedArchiveError(
                f"The backup is damaged: chunk {index + 1} has an impossible length."
            )
        sealed = _read_exact(handle, length, f"chunk {index + 1}")
        # The final flag is authenticated: try "more follow" first, then "last chunk".
        chunk = None
        final = False
        for final in (False, True):
            try:
                chunk = cipher.decrypt(
                    _nonce(prefix, index), sealed, _aad(header_digest, index, final)
                )
                break
            except InvalidTag:
                continue
        if chunk is None:
            raise DamagedArchiveError(
                f"The backup is damaged: chunk {index + 1} failed authentication (AES-GCM tag "
                "mismatch) — the file was changed or corrupted after it was written."
            )
        digest.update(chunk)
        size += len(chunk)
        out.write(chunk)
        index += 1
        if final:
            break
    if handle.read(1):
        raise DamagedArchiveError("The backup is damaged: there are extra bytes after its end.")
    if size != header.plaintext_bytes or not hmac.compare_digest(
        digest.hexdigest(), header.plaintext_sha256
    ):
        raise DamagedArchiveError(
            "The backup is damaged: the SHA-256 checksum of the decrypted dump does not match "
            "the one recorded at backup time."
        )
