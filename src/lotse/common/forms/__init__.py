from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

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
