from __future__ import annotations

import base64
import re
import stat
from io import StringIO

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.test import override_settings
from hypothesis import given
from hypothesis import strategies as st

from lotse.common import crypto
from lotse.common.crypto import DecryptionError

OLD = "old:" + crypto.generate_key()
NEW = "new:" + crypto.generate_key()
AAD = "clients.client.last_name"


def _replace_char(text: str, index: int) -> str:
    replacement = "A" if text[index] != "A" else "B"
    return text[:index] + replacement + text[index + 1 :]


# --- encryption ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "plaintext",
    [
        "",
        "Müller",
        "محمد الحسن",
        "Юлия Иванова",
        "👩‍👧 Familie 🇩🇪",
        "multi\nline\ttext " * 200,
    ],
)
def test_round_trip(plaintext: str) -> None:
    token = crypto.encrypt(plaintext, aad=AAD)
    assert crypto.decrypt(token, aad=AAD) == plaintext


def test_token_format_and_fresh_nonce() -> None:
    first = crypto.encrypt("same", aad=AAD)
    second = crypto.encrypt("same", aad=AAD)
    primary = crypto.get_keyring().primary_kid
    assert re.fullmatch(rf"lse1:{primary}:[A-Za-z0-9_-]+", first)
    assert first != second


def test_token_never_contains_plaintext() -> None:
    plaintext = "Geheimname-Hassan-1984"
    token = crypto.encrypt(plaintext, aad=AAD)
    assert plaintext not in token
    assert "Hassan" not in token
    assert base64.urlsafe_b64encode(plaintext.encode()).decode()[:12] not in token


def test_every_changed_character_is_detected() -> None:
    token = crypto.encrypt("Ahmad", aad=AAD)
    body_start = token.rindex(":") + 1
    for index in range(body_start, len(token)):
        with pytest.raises(DecryptionError):
            crypto.decrypt(_replace_char(token, index), aad=AAD)


def test_flipped_ciphertext_bit_is_detected() -> None:
    token = crypto.encrypt("Ahmad", aad=AAD)
    head, body = token.rsplit(":", 1)
    blob = bytearray(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    blob[14] ^= 0x01
    forged = head + ":" + base64.urlsafe_b64encode(bytes(blob)).rstrip(b"=").decode()
    with pytest.raises(DecryptionError, match="authentication failed"):
        crypto.decrypt(forged, aad=AAD)


def test_wrong_aad_is_rejected() -> None:
    token = crypto.encrypt("Ahmad", aad=AAD)
    with pytest.raises(DecryptionError):
        crypto.decrypt(token, aad="clients.client.first_name")


def test_unknown_kid_is_rejected() -> None:
    token = crypto.encrypt("Ahmad", aad=AAD)
    body = token.rsplit(":", 1)[1]
    with pytest.raises(DecryptionError, match="unknown key id"):
        crypto.decrypt(f"lse1:nokey:{body}", aad=AAD)


@pytest.mark.parametrize(
    "token",
    [
        "",
        "Hassan Ahmad",
        "lse1:t2",
        "lse2:t2:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "lse1:t2:not base64!",
        "lse1:t2:" + "A" * 20,
        "lse1:bad kid:AAAA",
        None,
        b"lse1:t2:AAAA",
    ],
)
def test_malformed_tokens_are_rejected_without_echo(token: object) -> None:
    with pytest.raises(DecryptionError) as excinfo:
        crypto.decrypt(token, aad=AAD)  # type: ignore[arg-type]
    assert "Hassan" not in str(excinfo.value)


def test_encrypt_refuses_non_strings() -> None:
    with pytest.raises(TypeError):
        crypto.encrypt(b"bytes", aad=AAD)  # type: ignore[arg-type]


def test_old_key_still_decrypts_after_new_primary() -> None:
    with override_settings(LOTSE_ENCRYPTION_KEYS=[OLD]):
        old_token = crypto.encrypt("Ahmad", aad=AAD)
        assert not crypto.needs_rotation(old_token)
    with override_settings(LOTSE_ENCRYPTION_KEYS=[NEW, OLD]):
        assert crypto.get_keyring().primary_kid == "new"
        assert crypto.decrypt(old_token, aad=AAD) == "Ahmad"
        assert crypto.needs_rotation(old_token)
        new_token = crypto.encrypt("Ahmad", aad=AAD)
        assert new_token.startswith("lse1:new:")
        assert not crypto.needs_rotation(new_token)
    with (
        override_settings(LOTSE_ENCRYPTION_KEYS=[NEW]),
        pytest.raises(DecryptionError, match="unknown key id"),
    ):
        crypto.decrypt(old_token, aad=AAD)


def test_standard_and_urlsafe_base64_give_the_same_key() -> None:
    key = bytes([0xFB, 0xFF]) * 16
    standard = base64.b64encode(key).decode()
    urlsafe = base64.urlsafe_b64encode(key).decode().rstrip("=")
    assert "+" in standard and "-" in urlsafe
    with override_settings(LOTSE_ENCRYPTION_KEYS=[f"k:{standard}"]):
        token = crypto.encrypt("Ahmad", aad=AAD)
    with override_settings(LOTSE_ENCRYPTION_KEYS=[f"k:{urlsafe}"]):
        assert crypto.decrypt(token, aad=AAD) == "Ahmad"


def test_env_style_string_setting_is_accepted() -> None:
    with override_settings(LOTSE_ENCRYPTION_KEYS=f"{NEW}, {OLD}"):
        assert crypto.get_keyring().kids == ("new", "old")


SHORT_KEY = base64.b64encode(b"x" * 16).decode()
GOOD_KEY = crypto.generate_key()


@pytest.mark.parametrize(
    ("keys", "message"),
    [
        ([], "empty"),
        ("", "empty"),
        (42, "must be a list"),
        (["no-colon-here"], "kid:base64key"),
        ([f"bad kid!:{GOOD_KEY}"], "invalid key id"),
        ([f"{'a' * 17}:{GOOD_KEY}"], "invalid key id"),
        (["k1:not*base64"], "not valid base64"),
        ([f"k1:{SHORT_KEY}"], "16 bytes"),
        ([f"k1:{GOOD_KEY}", f"k1:{crypto.generate_key()}"], "more than once"),
        (["k1:"], "kid:base64key"),
    ],
)
def test_bad_key_configuration(keys: object, message: str) -> None:
    with override_settings(LOTSE_ENCRYPTION_KEYS=keys):
        with pytest.raises(ImproperlyConfigured, match="LOTSE_ENCRYPTION_KEYS") as excinfo:
            crypto.get_keyring()
        assert message in str(excinfo.value)
        assert GOOD_KEY not in str(excinfo.value)
        assert [e.id for e in crypto.check_key_settings()] == ["common.E010"]


@pytest.mark.parametrize("value", ["", "not*base64", SHORT_KEY, None])
def test_bad_blind_index_key(value: object) -> None:
    with override_settings(LOTSE_BLIND_INDEX_KEY=value):
        with pytest.raises(ImproperlyConfigured, match="LOTSE_BLIND_INDEX_KEY"):
            crypto.blind_index("Ahmad", purpose="p")
        assert [e.id for e in crypto.check_key_settings()] == ["common.E011"]


def test_key_check_passes_with_test_settings() -> None:
    assert crypto.check_key_settings() == []


def test_keyring_repr_does_not_leak_keys() -> None:
    with override_settings(LOTSE_ENCRYPTION_KEYS=[NEW]):
        assert NEW.split(":", 1)[1] not in repr(crypto.get_keyring())


def test_generate_key() -> None:
    key = crypto.generate_key()
    assert len(base64.urlsafe_b64decode(key)) == 32
    assert re.fullmatch(r"[A-Za-z0-9_-]+=*", key)
    assert key != crypto.generate_key()


# --- blind index --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("  Müller ", "muller"),
        ("Al-Hassan", "al hassan"),
        ("O\u2019Brien", "o brien"),
        ("d'Alembert", "d alembert"),
        ("Jean--Pierre \t  Dupont", "jean pierre dupont"),
        ("Straße", "strasse"),
        ("Łukasz Søren Ærø", "lukasz soren aero"),
        ("\u0130lkay Y\u0131lmaz", "ilkay yilmaz"),
        ("Иван Ёлкин", "иван елкин"),
        ("\u0645\u064f\u062d\u064e\u0645\u0651\u064e\u062f", "\u0645\u062d\u0645\u062f"),
        ("\u200f\u0639\u0644\u06cc\u200f", "\u0639\u0644\u064a"),
        ("Ahm\u00adad", "ahmad"),
        ("---", ""),
    ],
)
def test_normalise_for_index(value: str, expected: str) -> None:
    assert crypto.normalise_for_index(value) == expected


@given(st.text())
def test_normalise_is_idempotent(value: str) -> None:
    once = crypto.normalise_for_index(value)
    assert crypto.normalise_for_index(once) == once


def test_blind_index_folds_spelling_variants() -> None:
    digest = crypto.blind_index("Müller", purpose="client.name")
    assert re.fullmatch(r"[0-9a-f]{32}", digest)
    for variant in ["MÜLLER", " müller ", "Muller", "MULLER"]:
        assert crypto.blind_index(variant, purpose="client.name") == digest
    assert crypto.blind_index("Miller", purpose="client.name") != digest


def test_blind_index_is_separated_by_purpose_and_key() -> None:
    digest = crypto.blind_index("Ahmad", purpose="client.last_name")
    assert crypto.blind_index("Ahmad", purpose="client.first_name") != digest
    with override_settings(LOTSE_BLIND_INDEX_KEY=crypto.generate_key()):
        assert crypto.blind_index("Ahmad", purpose="client.last_name") != digest


@pytest.mark.parametrize("value", ["", "   ", "\t\n", " - "])
def test_blind_index_of_nothing_is_empty(value: str) -> None:
    assert crypto.blind_index(value, purpose="p") == ""


@pytest.mark.parametrize("purpose", ["", "a\x00b"])
def test_blind_index_rejects_ambiguous_purpose(purpose: str) -> None:
    with pytest.raises(ValueError, match="purpose"):
        crypto.blind_index("Ahmad", purpose=purpose)


def test_prefix_digests() -> None:
    purpose = "client.name"
    digests = crypto.prefix_digests("Al-Hassan Ahmad", purpose=purpose)

    def prefix(text: str) -> str:
        return crypto.blind_index(text, purpose=purpose + ":prefix")

    for expected in ["al", "ha", "has", "hassan", "ah", "ahmad", "Hass"]:
        assert prefix(expected) in digests
    # al (1) + ha..hassan (5) + ah..ahmad (4)
    assert len(digests) == 10
    assert prefix("h") not in digests
    assert crypto.blind_index("hassan", purpose=purpose) not in digests
    assert crypto.prefix_digests("Al-Hassan Ahmad", purpose=purpose) == digests


def test_prefix_digests_deduplicate_and_cap_length() -> None:
    purpose = "client.name"
    assert crypto.prefix_digests("Anna ANNA anna", purpose=purpose) == crypto.prefix_digests(
        "Anna", purpose=purpose
    )
    long_word = "Abdulrahmanovich"
    digests = crypto.prefix_digests(long_word, purpose=purpose)
    assert len(digests) == 11
    assert crypto.blind_index(long_word[:12], purpose=purpose + ":prefix") in digests
    assert crypto.blind_index(long_word[:13], purpose=purpose + ":prefix") not in digests
    assert crypto.prefix_digests("", purpose=purpose) == []


def test_prefix_search_digests_match_stored_prefixes() -> None:
    purpose = "client.name"
    stored = set(crypto.prefix_digests("Al-Hassan Abdulrahmanovich", purpose=purpose))
    query = crypto.prefix_search_digests("hass ABDULRAHMANOVICH a", purpose=purpose)
    assert len(query) == 2
    assert set(query) <= stored
    assert not set(crypto.prefix_search_digests("hasx", purpose=purpose)) & stored


# --- generate_keys ------------------------------------------------------------------------


def _parse_env(text: str) -> dict[str, str]:
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    return dict(line.split("=", 1) for line in lines)


def test_generate_keys_prints_valid_env_lines() -> None:
    out = StringIO()
    call_command("generate_keys", stdout=out)
    env = _parse_env(out.getvalue())
    assert set(env) == {
        "LOTSE_SECRET_KEY",
        "LOTSE_ENCRYPTION_KEYS",
        "LOTSE_BLIND_INDEX_KEY",
        "LOTSE_AUDIT_KEYS",
    }
    assert len(env["LOTSE_SECRET_KEY"]) >= 50
    assert re.fullmatch(r"[A-Za-z0-9_-]+:[A-Za-z0-9+/_=-]+", env["LOTSE_AUDIT_KEYS"])
    assert re.fullmatch(r"k\d{8}:[A-Za-z0-9_-]+=*", env["LOTSE_ENCRYPTION_KEYS"])
    with override_settings(
        LOTSE_ENCRYPTION_KEYS=[env["LOTSE_ENCRYPTION_KEYS"]],
        LOTSE_BLIND_INDEX_KEY=env["LOTSE_BLIND_INDEX_KEY"],
    ):
        assert crypto.check_key_settings() == []


def test_generate_keys_writes_env_file_once(tmp_path) -> None:
    path = tmp_path / "lotse.env"
    call_command("generate_keys", env_file=str(path), stdout=StringIO())
    content = path.read_text()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert "LOTSE_ENCRYPTION_KEYS=k" in content

    out = StringIO()
    call_command("generate_keys", "--env-file", str(path), stdout=out)
    assert "already exists" in out.getvalue()
    assert path.read_text() == content
