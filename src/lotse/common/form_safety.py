"""Out-of-range ids in model choice fields are an invalid choice, not a server error.

Django's ModelChoiceField and ModelMultipleChoiceField turn ValueError/TypeError from the
lookup into a validation error, but an integer beyond 64 bits makes SQLite raise
OverflowError first (found by tests/security/test_form_fuzzing.py). Ids that no database
column can hold are refused before the query, for every form of the project.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

_MAX = 2**63 - 1


def _out_of_range(value: Any) -> bool:
    text = str(value).strip()
    # isdecimal, not isdigit: "²" is a digit that int() refuses.
    if text.lstrip("-").isdecimal():
        return abs(int(text)) > _MAX
    return False


def install() -> None:
    single = forms.ModelChoiceField.to_python
    multiple = forms.ModelMultipleChoiceField._check_values  # type: ignore[attr-defined]

    def to_python(self: forms.ModelChoiceField, value: Any) -> Any:
        if value not in self.empty_values and _out_of_range(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return single(self, value)

    def check_values(self: forms.ModelMultipleChoiceField, value: Any) -> Any:
        for item in value or ():
            if _out_of_range(item):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": item},
                )
        return multiple(self, value)

    forms.ModelChoiceField.to_python = to_python  # type: ignore[method-assign]
    forms.ModelMultipleChoiceField._check_values = check_values  # type: ignore[attr-defined]
