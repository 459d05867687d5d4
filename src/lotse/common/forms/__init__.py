from __future__ import annotations

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from lotse.common.query import EARLIEST, LATEST

DATE_INPUT_FORMATS = ["%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y"]


class GermanDateField(forms.DateField):
    """Accepts 25.11.2026 as typed, and the ISO value a date picker sends."""

    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("input_formats", DATE_INPUT_FORMATS)
        kwargs.setdefault(
            "widget",
            forms.DateInput(format="%d.%m.%Y", attrs={"placeholder": "TT.MM.JJJJ"}),
        )
        kwargs.setdefault("help_text", _("Format: DD.MM.YYYY"))
        super().__init__(**kwargs)  # type: ignore[arg-type]

    def validate(self, value: object) -> None:
        # Dates far from today overflow date arithmetic further on (a period ending
        # 31.12.9999 has no next month): found by tests/security/test_query_fuzzing.py.
        super().validate(value)
        if isinstance(value, date) and not EARLIEST <= value <= LATEST:
            raise forms.ValidationError(
                _("Please enter a date between %(first)s and %(last)s.")
                % {"first": EARLIEST.year, "last": LATEST.year},
                code="out_of_range",
            )
