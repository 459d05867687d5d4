"""The archive format on its own: round trip, and every way a file can be wrong."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from lotse.ops import archive
from lotse.ops.archive import DamagedArchiveError, Secret, WrongKeyError

KEY = Secret(kid="k1", material=b"k" * 32)
FIELDS = {
    "vendor": "sqlite",
    "dump_format": "sqlite3-database",
    "database": "test",
    "lotse_version": "0",
    "created_at": "2026-01-01T00:00:00+00:00",
    "row_counts": {"t": 1},
    "audit_head": {"seq": 1, "hash": "0" * 64},
}


@pytest.fixture(autouse=True)
def _fast_scrypt(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(archive, "SCRYPT_N", 2**10)


def _seal(tmp_path: Path, data: bytes, secret: Secret = KEY, chunk_size: int = 64) -> bytes:
    plain = tmp_path / "plain"
    plain.write_bytes(data)
    out = io.BytesIO()
    archive.write_archive(
        plaintext=plain, out=out, secret=secret, header_fields=FIELDS, chunk_size=chunk_size
    )
    return out.getvalue()


def _open(sealed: bytes, keys: dict[str, bytes] | None = None, passphrase: str | None = None):
    handle = io.BytesIO(sealed)
    header, digest = archive.read_header(handle)
    secret = archive.resolve_secret(
        header, keys=keys if keys is not None else {"k1": KEY.material}, passphrase=passphrase
    )
    key = archive.open_key(header, secret)
    out = io.BytesIO()
    archive.decrypt_archive(handle, header, digest, key, out)
    return header, out.getvalue()


@pytest.mark.parametrize("size", [0, 1, 63, 64, 65, 640, 1000])
def test_round_trip_in_chunks(tmp_path: Path, size: int) -> None:
    data = os.urandom(size)
    header, plain = _open(_seal(tmp_path, data))
    assert plain == data
    assert header.plaintext_bytes == size
    assert header.key_id == "k1"
    assert header.kdf["name"] == "hkdf-sha256" and header.kdf["info"] == "lotse-backup"
    assert header.row_counts == {"t": 1}


def test_the_plaintext_does_not_appear_in_the_archive(tmp_path: Path) -> None:
    data = b"Amira Haddad, geboren 17.05.1980 " * 20
    assert b"Haddad" not in _seal(tmp_path, data)


def test_passphrase_round_trip_and_wrong_passphrase(tmp_path: Path) -> None:
    sealed = _seal(tmp_path, b"x" * 200, secret=Secret.from_passphrase("a long passphrase"))
    header, plain = _open(sealed, passphrase="a long passphrase")
    assert plain == b"x" * 200 and header.kdf["name"] == "scrypt"
    with pytest.raises(WrongKeyError, match="Wrong passphrase"):
        _open(sealed, passphrase="another passphrase")
    with pytest.raises(WrongKeyError, match="encrypted with a passphrase"):
        _open(sealed)


def test_unknown_key_id_is_named(tmp_path: Path) -> None:
    with pytest.raises(WrongKeyError, match="made with key k1, which is not in"):
        _open(_seal(tmp_path, b"data"), keys={"k2": b"k" * 32})


def test_other_key_under_the_same_id(tmp_path: Path) -> None:
    with pytest.raises(WrongKeyError, match="is a different key"):
        _open(_seal(tmp_path, b"data"), keys={"k1": b"j" * 32})


def test_keyring_backup_with_a_passphrase_given(tmp_path: Path) -> None:
    with pytest.raises(WrongKeyError, match="not with a passphrase"):
        _open(_seal(tmp_path, b"data"), passphrase="a long passphrase")


def test_every_flipped_byte_is_detected(tmp_path: Path) -> None:
    sealed = _seal(tmp_path, os.urandom(300), chunk_size=100)
    for position in range(len(sealed)):
        damaged = bytearray(sealed)
        damaged[position] ^= 0x01
        with pytest.raises(archive.ArchiveError):
            _open(bytes(damaged))


@pytest.mark.parametrize(
    ("where", "message"),
    [
        ("header", "header checksum does not match"),
        ("chunk", "failed authentication"),
        ("magic", "not a Lotse backup"),
    ],
)
def test_damage_is_named(tmp_path: Path, where: str, message: str) -> None:
    sealed = bytearray(_seal(tmp_path, os.urandom(300), chunk_size=100))
    position = {"header": 40, "chunk": len(sealed) - 50, "magic": 0}[where]
    sealed[position] ^= 0x01
    with pytest.raises(DamagedArchiveError, match=message):
        _open(bytes(sealed))


def test_truncation_anywhere_is_detected(tmp_path: Path) -> None:
    sealed = _seal(tmp_path, os.urandom(300), chunk_size=100)
    for length in range(len(sealed)):
        with pytest.raises(DamagedArchiveError):
            _open(sealed[:length])


def test_truncation_at_a_chunk_boundary_is_named(tmp_path: Path) -> None:
    sealed = _seal(tmp_path, os.urandom(300), chunk_size=100)
    # Every chunk is 4 + 100 + 16 bytes; drop the last one completely.
    with pytest.raises(DamagedArchiveError, match="without the final chunk"):
        _open(sealed[: -(4 + 100 + 16)])


def test_swapped_chunks_and_extra_bytes_are_detected(tmp_path: Path) -> None:
    sealed = _seal(tmp_path, os.urandom(300), chunk_size=100)
    record = 4 + 100 + 16
    body_start = len(sealed) - 3 * record
    chunks = [sealed[body_start + i * record : body_start + (i + 1) * record] for i in range(3)]
    swapped = sealed[:body_start] + chunks[1] + chunks[0] + chunks[2]
    with pytest.raises(DamagedArchiveError, match="failed authentication"):
        _open(swapped)
    with pytest.raises(DamagedArchiveError, match="extra bytes"):
        _open(sealed + b"\x00")


def test_newer_format_version_is_refused(tmp_path: Path) -> None:
    sealed = bytearray(_seal(tmp_path, b"data"))
    sealed[9] = 2  # the low byte of the format version
    with pytest.raises(DamagedArchiveError, match="format version 2"):
        _open(bytes(sealed))
