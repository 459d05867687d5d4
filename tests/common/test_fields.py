from __future__ import annotations

from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
from django import forms
from django.core.exceptions import FieldError, ValidationError
from django.core.management import CommandError, call_command
from django.db import connection, models
from django.test import override_settings
from django.test.utils import isolate_apps

from lotse.common import crypto
from lotse.common.crypto import DecryptionError
from lotse.common.fields import (
    EncryptedCharField,
    EncryptedDateField,
    EncryptedJSONField,
    EncryptedTextField,
)
from lotse.common.management.commands import rotate_keys
from lotse.common.management.commands.rotate_keys import reencrypt_token, rotate_model

OLD = "old:" + crypto.generate_key()
NEW = "new:" + crypto.generate_key()

# Models in an isolated registry: the app itself has no models, and these must not leak
# into migrations or into other tests.
with isolate_apps("lotse.common"):

    class IsolatedModel(models.Model):
        class Meta:
            abstract = True
            app_label = "common"

        def __str__(self) -> str:
            return str(self.pk)

    class Secret(IsolatedModel):
        name = EncryptedCharField(max_length=20, null=True, blank=True)
        note = EncryptedTextField(null=True, blank=True)

    class OtherSecret(IsolatedModel):
        name = EncryptedCharField(max_length=20, null=True)

    class Misconfigured(IsolatedModel):
        code = EncryptedTextField(unique=True)
        indexed = EncryptedTextField(db_index=True)
        stored_default = EncryptedTextField(db_default="x")

    class Dated(IsolatedModel):
        born = EncryptedDateField(null=True, blank=True)
        facts = EncryptedJSONField(default=dict, blank=True)

    class Chosen(IsolatedModel):
        kind = EncryptedCharField(max_length=5, choices=[("a", "A"), ("b", "B")])


def name_field() -> EncryptedCharField:
    field = Secret._meta.get_field("name")
    assert isinstance(field, EncryptedCharField)
    return field


def raw_rows() -> dict[int, tuple[str | None, str | None]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, name, note FROM common_secret ORDER BY id")
        return {pk: (name, note) for pk, name, note in cursor.fetchall()}


# --- field methods, no database -----------------------------------------------------------


def test_aad_names_model_and_field() -> None:
    assert name_field().aad == "common.secret.name"


def test_prep_and_from_db_round_trip() -> None:
    field = name_field()
    for value in ["Hassan", "Юлия", "محمد", "🙂", ""]:
        token = field.get_prep_value(value)
        assert token is not None and token.startswith("lse1:")
        assert value == "" or value not in token
        assert field.from_db_value(token, None, connection) == value


def test_none_and_empty_string_stay_distinct() -> None:
    field = name_field()
    assert field.get_prep_value(None) is None
    assert field.from_db_value(None, None, connection) is None
    empty = field.get_prep_value("")
    assert empty
    assert field.from_db_value(empty, None, connection) == ""


def test_from_db_value_never_passes_values_through() -> None:
    field = name_field()
    with pytest.raises(DecryptionError):
        field.from_db_value("Hassan Ahmad", None, connection)


def test_token_of_another_column_does_not_decrypt() -> None:
    token = name_field().get_prep_value("Hassan")
    with pytest.raises(DecryptionError):
        Secret._meta.get_field("note").from_db_value(token, None, connection)
    with pytest.raises(DecryptionError):
        OtherSecret._meta.get_field("name").from_db_value(token, None, connection)


@pytest.mark.parametrize(
    "lookup",
    [
        {"name": "Hassan"},
        {"name": None},
        {"name__iexact": "hassan"},
        {"name__icontains": "ass"},
        {"name__startswith": "H"},
        {"name__in": ["Hassan"]},
        {"name__gt": "A"},
        {"note__regex": "."},
        {"name__lower__exact": "hassan"},
        {"name__anything": "x"},
    ],
)
def test_lookups_other_than_isnull_raise(lookup: dict[str, Any]) -> None:
    with pytest.raises(FieldError, match="blind index"):
        Secret.objects.filter(**lookup)
    with pytest.raises(FieldError, match="blind index"):
        Secret.objects.exclude(**lookup)


def test_isnull_lookup_works() -> None:
    sql = str(Secret.objects.filter(name__isnull=True, note__isnull=False).query)
    assert "IS NULL" in sql and "IS NOT NULL" in sql


def test_deconstruct_round_trip() -> None:
    name, path, args, kwargs = name_field().deconstruct()
    assert (name, path) == ("name", "lotse.common.fields.EncryptedCharField")
    assert kwargs == {"max_length": 20, "null": True, "blank": True}
    rebuilt = EncryptedCharField(*args, **kwargs)
    assert rebuilt.deconstruct()[1:] == (path, args, kwargs)
    assert name_field().db_type(connection) == models.TextField().db_type(connection)


def test_text_formfield_is_textarea() -> None:
    formfield = Secret._meta.get_field("note").formfield()
    assert isinstance(formfield, forms.CharField)
    assert isinstance(formfield.widget, forms.Textarea)


def test_char_formfield_is_single_line_with_max_length() -> None:
    formfield = name_field().formfield()
    assert isinstance(formfield, forms.CharField)
    assert isinstance(formfield.widget, forms.TextInput)
    assert formfield.max_length == 20
    assert formfield.clean("Hassan") == "Hassan"
    with pytest.raises(ValidationError):
        formfield.clean("x" * 21)


def test_char_field_validates_plaintext_length_on_the_model() -> None:
    name_field().clean("x" * 20, None)
    with pytest.raises(ValidationError):
        name_field().clean("x" * 21, None)


def test_char_field_with_choices_keeps_the_select() -> None:
    formfield = Chosen._meta.get_field("kind").formfield()
    assert isinstance(formfield, forms.TypedChoiceField)
    assert isinstance(formfield.widget, forms.Select)


def test_checks_refuse_meaningless_options() -> None:
    ids = {message.id for message in Misconfigured.check()}
    assert {"common.E001", "common.E002", "common.W001"} <= ids
    assert not {m.id for m in Secret.check()} & {"common.E001", "common.E002", "common.W001"}


def test_reencrypt_token() -> None:
    aad = "common.secret.name"
    with override_settings(LOTSE_ENCRYPTION_KEYS=[OLD]):
        old = crypto.encrypt("Hassan", aad=aad)
    with override_settings(LOTSE_ENCRYPTION_KEYS=[NEW, OLD]):
        new = reencrypt_token(old, aad)
        assert new is not None and new.startswith("lse1:new:")
        assert crypto.decrypt(new, aad=aad) == "Hassan"
        assert reencrypt_token(new, aad) is None
        with pytest.raises(DecryptionError):
            reencrypt_token(old, "common.secret.note")


# --- with a table -------------------------------------------------------------------------


@pytest.fixture
def secret_table(transactional_db: None) -> Iterator[type[Secret]]:
    # transactional_db: the SQLite schema editor cannot run inside the test transaction.
    with connection.schema_editor() as editor:
        editor.create_model(Secret)
    try:
        yield Secret
    finally:
        with connection.schema_editor() as editor:
            editor.delete_model(Secret)


def test_save_stores_tokens_and_loads_plaintext(secret_table: type[Secret]) -> None:
    secret = Secret.objects.create(name="Hassan", note="")
    blank = Secret.objects.create(name=None, note=None)
    raw = raw_rows()
    assert raw[secret.pk][0].startswith("lse1:")  # type: ignore[union-attr]
    assert raw[secret.pk][1].startswith("lse1:")  # type: ignore[union-attr]
    assert raw[blank.pk] == (None, None)
    loaded = Secret.objects.get(pk=secret.pk)
    assert (loaded.name, loaded.note) == ("Hassan", "")
    assert list(Secret.objects.filter(name__isnull=True).values_list("pk", flat=True)) == [blank.pk]
    assert list(Secret.objects.order_by("pk").values_list("name", flat=True)) == ["Hassan", None]


def test_queryset_update_encrypts(secret_table: type[Secret]) -> None:
    secret = Secret.objects.create(name="Hassan")
    Secret.objects.filter(pk=secret.pk).update(name="Ahmad")
    assert raw_rows()[secret.pk][0].startswith("lse1:")  # type: ignore[union-attr]
    secret.refresh_from_db()
    assert secret.name == "Ahmad"


def test_plaintext_written_around_the_field_raises_on_load(secret_table: type[Secret]) -> None:
    secret = Secret.objects.create(name="Hassan")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE common_secret SET name = %s WHERE id = %s", ["Hassan", secret.pk])
    with pytest.raises(DecryptionError):
        Secret.objects.get(pk=secret.pk)


def _make_old_rows() -> list[Secret]:
    with override_settings(LOTSE_ENCRYPTION_KEYS=[OLD]):
        return [
            Secret.objects.create(name="Hassan", note="Notiz"),
            Secret.objects.create(name="Юлия", note=None),
            Secret.objects.create(name=None, note=None),
        ]


def test_rotate_model_re_encrypts_and_is_idempotent(secret_table: type[Secret]) -> None:
    rows = _make_old_rows()
    with override_settings(LOTSE_ENCRYPTION_KEYS=[NEW, OLD]):
        dry = rotate_model(Secret, dry_run=True)
        assert (dry.rotated, dry.total) == (2, 3)
        assert all(
            token is None or token.startswith("lse1:old:")
            for row in raw_rows().values()
            for token in row
        )

        result = rotate_model(Secret, batch_size=2)
        assert (result.rotated, result.total, result.failures) == (2, 3, [])
        assert all(
            token is None or token.startswith("lse1:new:")
            for row in raw_rows().values()
            for token in row
        )
        assert rotate_model(Secret).rotated == 0

    with override_settings(LOTSE_ENCRYPTION_KEYS=[NEW]):
        loaded = {s.pk: (s.name, s.note) for s in Secret.objects.all()}
    assert loaded == {
        rows[0].pk: ("Hassan", "Notiz"),
        rows[1].pk: ("Юлия", None),
        rows[2].pk: (None, None),
    }


def test_rotate_leaves_rows_saved_meanwhile_alone(
    secret_table: type[Secret], monkeypatch: pytest.MonkeyPatch
) -> None:
    (secret, *_) = _make_old_rows()

    saved: list[bool] = []

    def save_first(token: str, aad: str) -> str | None:
        # A user saves the row between the rotation's read and its write.
        if aad.endswith(".name") and not saved:
            saved.append(Secret.objects.filter(pk=secret.pk).update(name="Neu") == 1)
        return reencrypt_token(token, aad)

    with override_settings(LOTSE_ENCRYPTION_KEYS=[NEW, OLD]):
        result = rotate_model(Secret, transform=save_first)
        assert saved == [True]
        assert (result.rotated, result.changed_meanwhile) == (1, 1)
        secret.refresh_from_db()
        assert secret.name == "Neu"


def test_rotate_keys_command(secret_table: type[Secret], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rotate_keys, "encrypted_models", lambda: [Secret])
    _make_old_rows()
    with override_settings(LOTSE_ENCRYPTION_KEYS=[NEW, OLD]):
        out = StringIO()
        call_command("rotate_keys", "--dry-run", stdout=out)
        assert "common.Secret: 2 of 3 rows would be re-encrypted" in out.getvalue()

        out = StringIO()
        call_command("rotate_keys", "--batch-size", "1", stdout=out)
        assert "common.Secret: 2 of 3 rows re-encrypted" in out.getvalue()

        out = StringIO()
        call_command("rotate_keys", stdout=out)
        assert "common.Secret: 0 of 3 rows re-encrypted" in out.getvalue()


def test_rotate_keys_reports_undecryptable_values(
    secret_table: type[Secret], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(rotate_keys, "encrypted_models", lambda: [Secret])
    broken, intact, _ = _make_old_rows()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE common_secret SET note = %s WHERE id = %s", ["Geheime Notiz", broken.pk]
        )
    with override_settings(LOTSE_ENCRYPTION_KEYS=[NEW, OLD]):
        err = StringIO()
        with pytest.raises(CommandError, match="1 values"):
            call_command("rotate_keys", stdout=StringIO(), stderr=err)
        assert f"pk={broken.pk} note" in err.getvalue()
        assert "Geheime" not in err.getvalue()
        assert raw_rows()[intact.pk][0].startswith("lse1:new:")  # type: ignore[union-attr]


@pytest.fixture
def dated_table(transactional_db: None) -> Iterator[type[Dated]]:
    with connection.schema_editor() as editor:
        editor.create_model(Dated)
    try:
        yield Dated
    finally:
        with connection.schema_editor() as editor:
            editor.delete_model(Dated)


def test_encrypted_dates_and_json_round_trip_and_store_no_plaintext(
    dated_table: type[Dated],
) -> None:
    from datetime import date

    row = Dated.objects.create(born=date(1990, 3, 4), facts={"residence": "asylum_seeker"})
    empty = Dated.objects.create()
    with connection.cursor() as cursor:
        cursor.execute("SELECT born, facts FROM common_dated WHERE id = %s", [row.pk])
        born, facts = cursor.fetchone()
    assert crypto.is_token(born) and crypto.is_token(facts)
    assert "1990" not in born and "asylum" not in facts
    loaded = Dated.objects.get(pk=row.pk)
    assert loaded.born == date(1990, 3, 4)
    assert loaded.facts == {"residence": "asylum_seeker"}
    assert Dated.objects.get(pk=empty.pk).born is None
    assert Dated.objects.get(pk=empty.pk).facts == {}
    with pytest.raises(ValidationError):
        Dated(born="4.3.1990").full_clean()
    with pytest.raises(FieldError):
        Dated.objects.filter(born__gte=date(1990, 1, 1)).count()


def test_encrypt_plaintext_command_counts_encrypts_in_batches_and_resumes(
    secret_table: type[Secret],
) -> None:
    from lotse.common.management.commands import encrypt_plaintext
    from lotse.common.services.encryption import encrypt_plaintext as encrypt_value

    with connection.cursor() as cursor:
        for name in ("Hassan", "Юлия", "Amir"):
            cursor.execute("INSERT INTO common_secret (name, note) VALUES (%s, NULL)", [name])
    done = Secret.objects.create(name="schon verschlüsselt")
    before = raw_rows()[done.pk][0]
    patch = pytest.MonkeyPatch()
    patch.setattr(encrypt_plaintext, "encrypted_models", lambda: [Secret])
    try:
        out = StringIO()
        call_command("encrypt_plaintext", "--dry-run", stdout=out)
        assert "common.Secret: 3 of 4 rows would be encrypted (dry run)" in out.getvalue()
        assert sum(1 for name, _ in raw_rows().values() if not crypto.is_token(name)) == 3

        # A run that crashes in its second batch keeps the first batch (one transaction each).
        calls: list[str] = []

        def crash_on_third(value: str, aad: str) -> str | None:
            calls.append(value)
            if len(calls) == 3:
                raise RuntimeError("power cut")
            return encrypt_value(value, aad)

        with pytest.raises(RuntimeError):
            rotate_model(Secret, batch_size=2, transform=crash_on_third)
        assert sum(1 for name, _ in raw_rows().values() if not crypto.is_token(name)) == 1
        out = StringIO()
        call_command("encrypt_plaintext", "--batch-size", "1", stdout=out)
        assert "common.Secret: 1 of 4 rows encrypted" in out.getvalue()
        out = StringIO()
        call_command("encrypt_plaintext", stdout=out)
        assert "Rows with plaintext values: 0 encrypted." in out.getvalue()
    finally:
        patch.undo()
    assert raw_rows()[done.pk][0] == before  # a token is never encrypted twice
    assert sorted(Secret.objects.values_list("name", flat=True)) == sorted(
        ["Hassan", "Юлия", "Amir", "schon verschlüsselt"]
    )
