"""Rewriting stored encrypted values in place: key rotation and encrypting former plaintext.

Both work on the stored values with plain SQL rather than through ``Model.save()``: no
signals fire (no audit entries, no search token rebuilds), ``auto_now`` timestamps and version
counters stay as they are, and a row that somebody saves meanwhile is left alone, because the
UPDATE only matches while the old value is still in place. Data migrations call
``rotate_model`` with their historical models, so the column names and encryption contexts are
those of the migration's state.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction

from lotse.common import crypto
from lotse.common.fields import EncryptedTextField


class EncryptionWalkError(Exception):
    """A column to rewrite does not exist."""


def reencrypt_token(token: str, aad: str) -> str | None:
    """The token encrypted under the primary key, or None if it already is.

    Raises DecryptionError if the token cannot be decrypted with any configured key.
    """
    if not crypto.needs_rotation(token):
        return None
    return crypto.encrypt(crypto.decrypt(token, aad=aad), aad=aad)


def encrypt_plaintext(value: str, aad: str) -> str | None:
    """A token for a value still stored as plaintext, or None if it is a token already.

    For columns that became encrypted after rows were written (see the data migrations that
    call ``rotate_model(..., transform=encrypt_plaintext)``).
    """
    if crypto.is_token(value):
        return None
    return crypto.encrypt(value, aad=aad)


def encrypted_fields(model: type[models.Model]) -> list[EncryptedTextField]:
    # Local fields only: inherited columns live in the parent's table and are rotated there.
    return [f for f in model._meta.local_concrete_fields if isinstance(f, EncryptedTextField)]


def encrypted_models() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy and encrypted_fields(model)
    ]


def rotate_mfa_secrets(*, using: str = DEFAULT_DB_ALIAS, dry_run: bool = False) -> tuple[int, int]:
    """TOTP secrets live in allauth's JSON column, encrypted by our MFA adapter."""
    from allauth.mfa.models import Authenticator

    rotated = total = 0
    with transaction.atomic(using=using):
        for authenticator in (
            Authenticator.objects.using(using)
            .select_for_update()
            .filter(type=Authenticator.Type.TOTP)
        ):
            total += 1
            token = authenticator.data.get("secret", "")
            fresh = reencrypt_token(token, crypto.MFA_AAD) if token.startswith("lse1:") else None
            if fresh is None:
                continue
            rotated += 1
            if not dry_run:
                data = {**authenticator.data, "secret": fresh}
                Authenticator.objects.using(using).filter(pk=authenticator.pk).update(data=data)
    return rotated, total


@dataclass
class RotationResult:
    label: str
    total: int = 0
    rotated: int = 0
    changed_meanwhile: int = 0
    failures: list[str] = field(default_factory=list)


def _column(fld: models.Field[Any, Any] | None) -> str:
    if fld is None or not fld.column:
        raise EncryptionWalkError(f"Field {fld!r} has no database column.")
    return fld.column


def rotate_model(
    model: type[models.Model],
    *,
    using: str = DEFAULT_DB_ALIAS,
    batch_size: int = 500,
    dry_run: bool = False,
    fields: Sequence[EncryptedTextField] | None = None,
    transform: Callable[[str, str], str | None] | None = None,
) -> RotationResult:
    """Rewrite every stored value of ``model``'s encrypted ``fields`` that ``transform`` changes.

    ``transform(stored, aad)`` returns the new stored value or None to leave it; by default it
    re-encrypts tokens that are not under the primary key. Batches of ``batch_size`` rows, one
    transaction each, in primary-key order: an interrupted run is simply started again.
    """
    connection = connections[using]
    qn = connection.ops.quote_name
    fields = list(encrypted_fields(model) if fields is None else fields)
    rewrite = transform or reencrypt_token
    result = RotationResult(label=model._meta.label)
    if not fields:
        return result
    table = qn(model._meta.db_table)
    pk = qn(_column(model._meta.pk))
    columns = ", ".join(qn(_column(f)) for f in fields)
    last_pk: Any = None
    while True:
        # Identifiers come from model metadata and are quoted; all values are parameters.
        where, params = ("", []) if last_pk is None else (f" WHERE {pk} > %s", [last_pk])
        select = f"SELECT {pk}, {columns} FROM {table}{where} ORDER BY {pk} LIMIT %s"  # noqa: S608  # nosec B608 - quoted identifiers from the model, values as parameters
        # One transaction per batch: short write locks, and a crash loses at most one batch.
        with (
            nullcontext() if dry_run else transaction.atomic(using=using),
            connection.cursor() as cursor,
        ):
            cursor.execute(select, [*params, batch_size])
            rows = cursor.fetchall()
            for row_pk, *tokens in rows:
                result.total += 1
                updates: list[tuple[str, str, str]] = []
                for fld, token in zip(fields, tokens, strict=True):
                    if token is None:
                        continue
                    try:
                        new_token = rewrite(token, fld.aad)
                    except crypto.DecryptionError as exc:
                        result.failures.append(f"{result.label} pk={row_pk} {fld.name}: {exc}")
                        continue
                    if new_token is not None:
                        updates.append((_column(fld), token, new_token))
                if not updates:
                    continue
                if dry_run:
                    result.rotated += 1
                    continue
                assignments = ", ".join(f"{qn(col)} = %s" for col, _, _ in updates)
                unchanged = " AND ".join(f"{qn(col)} = %s" for col, _, _ in updates)
                cursor.execute(
                    f"UPDATE {table} SET {assignments} WHERE {pk} = %s AND {unchanged}",  # noqa: S608  # nosec B608 - quoted identifiers, values as parameters
                    [*(new for _, _, new in updates), row_pk, *(old for _, old, _ in updates)],
                )
                if cursor.rowcount == 1:
                    result.rotated += 1
                else:
                    # Saved meanwhile, and every save encrypts with the primary key.
                    result.changed_meanwhile += 1
        if len(rows) < batch_size:
            return result
        last_pk = rows[-1][0]


def decrypt_token(value: str, aad: str) -> str | None:
    """Plaintext for a token (the inverse of ``encrypt_plaintext``), None for other values.

    For data migrations run backwards: the reversed AlterField finds the old column content.
    """
    return crypto.decrypt(value, aad=aad) if crypto.is_token(value) else None


def rewrite_columns(
    apps: Any,
    schema_editor: Any,
    app_label: str,
    columns: Mapping[str, Sequence[str]],
    transform: Callable[[str, str], str | None],
    *,
    batch_size: int = 500,
) -> None:
    """A data migration's walk: ``transform`` over ``columns`` ({model name: field names})
    of the migration's historical models; any value that cannot be read stops the migration,
    since left as it is it could never be read through the field."""
    for model_name, names in columns.items():
        model = apps.get_model(app_label, model_name)
        result = rotate_model(
            model,
            using=schema_editor.connection.alias,
            batch_size=batch_size,
            fields=[model._meta.get_field(name) for name in names],
            transform=transform,
        )
        if result.failures:
            raise RuntimeError("; ".join(result.failures[:5]))
