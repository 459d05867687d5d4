"""Encrypted blobs in the ``clientdocs`` storage (Django's storage API: a directory by default,
any other backend, e.g. an S3-compatible one, through ``STORAGES["clientdocs"]``).

A blob is ``LDOC1 | len(kid) | kid | nonce (12) | AES-256-GCM(content)`` under the primary key of
``LOTSE_ENCRYPTION_KEYS``, with a fresh random nonce per file. The associated data binds the
ciphertext to the client and to the blob's own name, so a blob copied into another client's
document, or swapped with another blob, fails to decrypt.
"""

from __future__ import annotations

import os
import secrets

from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages

from lotse.common import crypto

MAGIC = b"LDOC1"
STORAGE_ALIAS = "clientdocs"


def storage() -> Storage:
    return storages[STORAGE_ALIAS]


def _aad(client_id: int, name: str) -> bytes:
    return f"lotse.clientdocs:{client_id}:{name}".encode()


def seal(content: bytes, *, client_id: int, name: str) -> bytes:
    kid, cipher = crypto.get_keyring().primary
    nonce = os.urandom(crypto.NONCE_BYTES)
    kid_bytes = kid.encode("ascii")
    return (
        MAGIC
        + bytes([len(kid_bytes)])
        + kid_bytes
        + nonce
        + cipher.encrypt(nonce, content, _aad(client_id, name))
    )


def unseal(blob: bytes, *, client_id: int, name: str) -> bytes:
    if not blob.startswith(MAGIC) or len(blob) < len(MAGIC) + 1:
        raise crypto.DecryptionError("not a Lotse document blob")
    at = len(MAGIC)
    kid_length = blob[at]
    kid = blob[at + 1 : at + 1 + kid_length].decode("ascii", "replace")
    at += 1 + kid_length
    nonce, ciphertext = blob[at : at + crypto.NONCE_BYTES], blob[at + crypto.NONCE_BYTES :]
    cipher = crypto.get_keyring().cipher(kid)
    if cipher is None:
        raise crypto.DecryptionError(f"unknown key id {kid!r}")
    try:
        return cipher.decrypt(nonce, ciphertext, _aad(client_id, name))
    except Exception as error:  # InvalidTag, ValueError on a cut blob
        raise crypto.DecryptionError("document blob cannot be decrypted") from error


def put(content: bytes, *, client_id: int) -> str:
    """Store ``content`` encrypted under a fresh random name; return that name."""
    store = storage()
    while True:
        name = f"{secrets.token_hex(1)}/{secrets.token_hex(20)}.bin"
        if not store.exists(name):
            break
    saved = store.save(name, ContentFile(seal(content, client_id=client_id, name=name)))
    if saved != name:  # a backend that renamed it would break the associated data
        store.delete(saved)
        raise OSError("the document storage changed the blob's name")
    return name


def get(name: str, *, client_id: int) -> bytes:
    with storage().open(name, "rb") as handle:
        blob = handle.read()
    return unseal(blob, client_id=client_id, name=name)


def destroy(name: str) -> None:
    if name:
        storage().delete(name)


def exists(name: str) -> bool:
    return bool(name) and storage().exists(name)
