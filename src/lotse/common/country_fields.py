"""Countries encrypted at rest, with django-countries' behaviour on the instance and in forms.

``client.country_of_origin.name`` and ``for c in client.nationalities`` keep working (the
descriptor hands out django-countries' ``Country`` objects), forms keep the country select;
only the column holds a token (ISO codes, comma-separated for ``multiple=True``).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core import exceptions
from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django_countries import countries
from django_countries.fields import (  # type: ignore[attr-defined]
    CountryDescriptor,
    CountryField,
    LazyTypedChoiceField,
    LazyTypedMultipleChoiceField,
)

from . import crypto
from .fields import EncryptedCharField


class EncryptedCountryField(EncryptedCharField):
    """One ISO 3166 alpha-2 code, or with ``multiple=True`` a sorted list of distinct codes."""

    descriptor_class = CountryDescriptor

    def __init__(self, *args: Any, multiple: bool = False, **kwargs: Any) -> None:
        # The attributes django-countries' descriptor and cleaning read from its field.
        self.countries = countries
        self.countries_flag_url = None
        self.countries_str_attr = "code"
        self.multiple = multiple
        self.multiple_unique = True
        self.multiple_sort = True
        self.blank_label = None
        # Callable: the country names follow the active language.
        kwargs["choices"] = lambda: self.countries
        if not multiple:
            kwargs.setdefault("max_length", 2)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("choices", None)
        if self.multiple:
            kwargs["multiple"] = True
        return name, path, args, kwargs

    def contribute_to_class(
        self, cls: type[models.Model], name: str, private_only: bool = False
    ) -> None:
        super().contribute_to_class(cls, name, private_only=private_only)
        setattr(cls, self.name, self.descriptor_class(self))  # type: ignore[arg-type]

    # django-countries' own normalisation: Country objects or codes in, codes out.
    country_to_text = CountryField.country_to_text  # type: ignore[attr-defined]
    get_clean_value = CountryField.get_clean_value  # type: ignore[attr-defined]

    def to_python(self, value: Any) -> Any:
        if not self.multiple:
            return super().to_python(value)
        if not value:
            return []
        if isinstance(value, str):
            value = value.split(",")
        return [str(v) for v in value if v]

    def get_prep_value(self, value: Any) -> str | None:
        value = self.get_clean_value(value)
        if value is None:
            return None
        # Straight to the cipher: TextField's preparation would run the list-making
        # to_python over the joined codes again.
        return crypto.encrypt(",".join(value) if self.multiple else value, aad=self.aad)

    def from_db_value(
        self, value: str | None, expression: object, connection: BaseDatabaseWrapper
    ) -> Any:
        text = super().from_db_value(value, expression, connection)
        if text is None or not self.multiple:
            return text
        return [code for code in text.split(",") if code]

    def value_to_string(self, obj: models.Model) -> str:
        value = self.get_clean_value(self.value_from_object(obj))
        if self.multiple:
            return ",".join(value or [])
        return value or ""

    def validate(self, value: Any, model_instance: models.Model | None) -> None:
        if not self.multiple:
            super().validate(value, model_instance)
            return
        known = set(countries.countries)
        for code in value or []:
            if code not in known:
                raise exceptions.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": code},
                )
        if not self.blank and not value:
            raise exceptions.ValidationError(self.error_messages["blank"], code="blank")

    def get_choices(self, include_blank: bool = True, **kwargs: Any) -> Any:  # type: ignore[override]
        # A multiple select has no "nothing chosen" option.
        return super().get_choices(include_blank=include_blank and not self.multiple, **kwargs)

    def formfield(self, **kwargs: Any) -> forms.Field | None:  # type: ignore[override]
        choices_form_class = LazyTypedMultipleChoiceField if self.multiple else LazyTypedChoiceField
        return models.Field.formfield(
            self, **{"choices_form_class": choices_form_class, "coerce": str, **kwargs}
        )
