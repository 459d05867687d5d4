"""The HMAC keys of the audit chain: signing, rotation, unknown keys, configuration errors."""

from __future__ import annotations

import base64
import hashlib
import hmac

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from lotse.audit.context import Actor
from lotse.audit.keys import check_audit_keys, parse_audit_keys
from lotse.audit.models import AuditEntry, canonical_json
from lotse.audit.services import log_action, redact_entries, verify_chain

pytestmark = pytest.mark.django_db

NEW_KEY = "ta2:" + base64.b64encode(b"n" * 32).decode()


def _log(n: int, client_id: int | None = None) -> list[AuditEntry]:
    return [
        log_action(action="test.step", actor=Actor(1, "a@test.invalid"), client_id=client_id)
        for _ in range(n)
    ]


def test_the_entry_hash_is_an_hmac_under_the_signing_key() -> None:
    entry = _log(1)[0]
    kid, encoded = settings.LOTSE_AUDIT_KEYS[0].split(":", 1)
    assert entry.key_id == kid
    message = canonical_json(entry.header()).encode()
    expected = hmac.new(base64.b64decode(encoded), message, hashlib.sha256).hexdigest()
    assert entry.entry_hash == expected
    assert AuditEntry.objects.get(pk=entry.pk).compute_entry_hash() == expected


def test_entries_under_the_old_key_verify_after_rotation() -> None:
    old = _log(2, client_id=4)
    with override_settings(LOTSE_AUDIT_KEYS=[NEW_KEY, *settings.LOTSE_AUDIT_KEYS]):
        new = _log(2)
        assert {e.key_id for e in old} == {"ta1"} and {e.key_id for e in new} == {"ta2"}
        assert new[0].prev_hash == old[-1].entry_hash
        redact_entries(client_id=4, reason="erasure")  # redaction needs no key
        report = verify_chain()
        assert report.ok and report.checked == 4


def test_an_entry_whose_key_is_gone_is_reported() -> None:
    _log(1)
    with override_settings(LOTSE_AUDIT_KEYS=[NEW_KEY, *settings.LOTSE_AUDIT_KEYS]):
        _log(1)
    with override_settings(LOTSE_AUDIT_KEYS=[NEW_KEY]):
        report = verify_chain()
    assert not report.ok
    assert (report.first_bad_seq, report.problem) == (1, "unknown key id 'ta1'")


def test_same_key_id_with_another_key_does_not_verify() -> None:
    _log(1)
    with override_settings(LOTSE_AUDIT_KEYS=["ta1:" + base64.b64encode(b"x" * 32).decode()]):
        report = verify_chain()
    assert (report.first_bad_seq, report.problem) == (1, "entry changed")


@pytest.mark.parametrize(
    "entries, message",
    [
        ([], "is empty"),
        (["nokey"], 'not of the form "kid:base64key"'),
        (["bad id!:" + base64.b64encode(b"k" * 32).decode()], "invalid key id"),
        (["a:" + base64.b64encode(b"short").decode()], "at least 32"),
        (["a:***"], "not valid base64"),
        (["a:" + base64.b64encode(b"k" * 32).decode()] * 2, "more than once"),
    ],
)
def test_broken_key_settings_are_refused_without_echoing_keys(entries, message) -> None:
    with pytest.raises(ImproperlyConfigured, match=message) as info:
        parse_audit_keys(entries)
    for entry in entries:
        secret = entry.partition(":")[2]
        assert not secret or secret not in str(info.value)


def test_a_broken_key_ring_fails_the_system_check() -> None:
    with override_settings(LOTSE_AUDIT_KEYS=["a:c2hvcnQ="]):
        errors = check_audit_keys()
    assert [e.id for e in errors] == ["audit.E001"]
    assert check_audit_keys() == []
