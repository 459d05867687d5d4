"""Model fields that keep their value encrypted in the database (see ``lotse.common.crypto``).

The column holds a token, bound to ``<app_label>.<model>.<field>``: a token copied into
another column or model does not decrypt. Renaming the model, the field or the app label
therefore needs a data migration that decrypts with the old and encrypts with the new name.

Nothing can be looked up in an encrypted column, except whether it is NULL. Search through
a blind index column instead (``crypto.blind_index`` / ``crypto.prefix_digests``).
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django import forms
from django.core import checks, exceptions, validators
from django.core.exceptions import FieldError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import NOT_PROVIDED
from django.db.models.lookups import IsNull, Lookup, Transform
from django.utils.translation import gettext_lazy as _

from . import crypto

__all__ = [
    "EncryptedCharField",
    "EncryptedDateField",
    "EncryptedJSONField",
    "EncryptedTextField",
]


class EncryptedTextField(models.TextField):  # type: ignore[type-arg]
    """Text encrypted at rest; the Python value is the plaintext ``str`` (or None)."""

    description = _("Encrypted text")

    @property
    def aad(self) -> str:
        model = getattr(self, "model", None)
        if model is None:
            raise TypeError(
                f"{type(self).__name__} {self.name!r} is not attached to a model; "
                "its encryption context is taken from the model."
            )
        return f"{model._meta.label_lower}.{self.name}"

    def get_prep_value(self, value: Any) -> str | None:
        value = super().get_prep_value(value)
        if value is None:
            return None
        # "" is encrypted too, so that "" and NULL stay distinct and empty fields do not
        # stand out in the table.
        return crypto.encrypt(value, aad=self.aad)

    def from_db_value(
        self, value: str | None, expression: object, connection: BaseDatabaseWrapper
    ) -> str | None:
        if value is None:
            return None
        # Raises instead of returning the stored value: showing ciphertext, or plaintext that
        # was written around the field, as if it were the real value would hide the fault.
        return crypto.decrypt(value, aad=self.aad)

    def _refuse(self, lookup_name: str) -> FieldError:
        model = getattr(self, "model", None)
        where = f"{model._meta.label}.{self.name}" if model is not None else self.name
        return FieldError(
            f"{where} is encrypted; the database cannot compare or transform it "
            f"(lookup {lookup_name!r}). Filter on a blind index column instead "
            "(lotse.common.crypto.blind_index / prefix_digests). Only __isnull is supported."
        )

    def get_lookup(self, lookup_name: str) -> type[Lookup[Any]] | None:
        if lookup_name == IsNull.lookup_name:
            return super().get_lookup(lookup_name)
        raise self._refuse(lookup_name)

    def get_transform(self, lookup_name: str) -> type[Transform] | None:
        raise self._refuse(lookup_name)

    def check(self, **kwargs: Any) -> list[checks.CheckMessage]:
        return [*super().check(**kwargs), *self._check_encrypted_options()]

    def _check_encrypted_options(self) -> list[checks.CheckMessage]:
        errors: list[checks.CheckMessage] = []
        # Every encryption uses a fresh nonce, so equal values never have equal tokens.
        if self.unique or self.primary_key:
            errors.append(
                checks.Error(
                    "Encrypted fields cannot be unique or a primary key.",
                    hint="Put a unique constraint on a blind index column instead.",
                    obj=self,
                    id="common.E001",
                )
            )
        if self.db_default is not NOT_PROVIDED:
            errors.append(
                checks.Error(
                    "Encrypted fields cannot have a db_default: the database would store "
                    "plaintext that cannot be decrypted.",
                    hint="Use default= instead.",
                    obj=self,
                    id="common.E002",
                )
            )
        # getattr: django-stubs does not declare Field.db_index.
        if getattr(self, "db_index", False):
            errors.append(
                checks.Warning(
                    "An index on an encrypted column is useless.",
                    hint="Index a blind index column instead.",
                    obj=self,
                    id="common.W001",
                )
            )
        return errors


class EncryptedCharField(EncryptedTextField):
    """Single-line encrypted text. ``max_length`` limits the plaintext, not the column."""

    description = _("Encrypted string")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.max_length is not None:
            self.validators.append(validators.MaxLengthValidator(self.max_length))

    def formfield(self, **kwargs: Any) -> forms.Field | None:  # type: ignore[override]
        if self.choices is None:
            kwargs = {"widget": forms.TextInput, **kwargs}
        return super().formfield(**kwargs)


class EncryptedDateField(EncryptedTextField):
    """A date encrypted at rest (ISO ``YYYY-MM-DD`` inside the token); the Python value is a date.

    The database cannot compare or sort it: keep a coarse column (year, month) or a blind index
    beside it for what statistics and search need.
    """

    description = _("Encrypted date")
    # For django-stubs' mypy plugin: instances hold dates, not the column's text.
    _pyi_private_set_type: date | str | None  # type: ignore[assignment]
    _pyi_private_get_type: date | None  # type: ignore[assignment]

    def to_python(self, value: Any) -> date | None:  # type: ignore[override]
        if value is None or value == "":
            return None
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            raise exceptions.ValidationError(
                _("Enter a valid date."), code="invalid", params={"value": value}
            ) from None

    def get_prep_value(self, value: Any) -> str | None:
        parsed = self.to_python(value)
        if parsed is None:
            return None
        return crypto.encrypt(parsed.isoformat(), aad=self.aad)

    def from_db_value(  # type: ignore[override]
        self, value: str | None, expression: object, connection: BaseDatabaseWrapper
    ) -> date | None:
        text = super().from_db_value(value, expression, connection)
        return None if text is None else date.fromisoformat(text)

    def value_to_string(self, obj: models.Model) -> str:
        value = self.to_python(self.value_from_object(obj))
        return "" if value is None else value.isoformat()

    def formfield(self, **kwargs: Any) -> forms.Field | None:  # type: ignore[override]
        return models.Field.formfield(self, **{"form_class": forms.DateField, **kwargs})


class EncryptedJSONField(EncryptedTextField):
    """JSON (dicts, lists, numbers, strings) encrypted at rest; nothing inside can be queried."""

    description = _("Encrypted JSON")
    # For django-stubs: any JSON value, like models.JSONField.
    _pyi_private_set_type: Any
    _pyi_private_get_type: Any

    def to_python(self, value: Any) -> Any:
        return value

    def get_prep_value(self, value: Any) -> str | None:
        if value is None:
            return None
        text = json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False, sort_keys=True)
        return crypto.encrypt(text, aad=self.aad)

    def from_db_value(  # type: ignore[override]
        self, value: str | None, expression: object, connection: BaseDatabaseWrapper
    ) -> Any:
        text = super().from_db_value(value, expression, connection)
        return None if text is None else json.loads(text)

    def value_to_string(self, obj: models.Model) -> str:
        return json.dumps(self.value_from_object(obj), cls=DjangoJSONEncoder, ensure_ascii=False)

    def formfield(self, **kwargs: Any) -> forms.Field | None:  # type: ignore[override]
        return models.Field.formfield(self, **{"form_class": forms.JSONField, **kwargs})
