"""The matching profile shared by volunteers and partners: languages, times, interests."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lotse.clients.models import LanguageLevel

from ..choices import LANGUAGES, SLOT_CHOICES, Day, DayPart, Interest
from ..models import District

LEVEL_CHOICES = [("", "–"), *[(v, label) for v, label in LanguageLevel.choices if v != "none"]]


class ProfileForm(forms.Form):
    slots = forms.MultipleChoiceField(
        label=_("Weekly availability"),
        choices=SLOT_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    interests = forms.MultipleChoiceField(
        label=_("Interests"),
        choices=Interest.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    other_language = forms.CharField(
        label=_("Other language"),
        max_length=8,
        required=False,
        help_text=_("ISO 639 code, e.g. 'hy' for Armenian"),
    )
    other_level = forms.ChoiceField(label=_("Level"), choices=LEVEL_CHOICES, required=False)

    def __init__(
        self,
        *args: Any,
        districts: QuerySet[District] | None = None,
        languages: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        known = {code for code, _label in LANGUAGES}
        for code, name in LANGUAGES:
            self.fields[f"lang_{code}"] = forms.ChoiceField(
                label=name, choices=LEVEL_CHOICES, required=False
            )
        for code, level in (languages or {}).items():
            if code in known:
                self.initial.setdefault(f"lang_{code}", level)
            else:
                self.initial.setdefault("other_language", code)
                self.initial.setdefault("other_level", level)
        if districts is not None:
            self.fields["districts"] = forms.ModelMultipleChoiceField(
                label=_("Districts the volunteer can reach"),
                queryset=districts,
                required=False,
                widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        code = (cleaned.get("other_language") or "").strip().lower()
        if code and not cleaned.get("other_level"):
            self.add_error("other_level", _("Please choose the level for this language."))
        if not self.languages_from(cleaned):
            raise forms.ValidationError(_("Please give at least one language with its level."))
        return cleaned

    @staticmethod
    def languages_from(cleaned: dict[str, Any]) -> dict[str, str]:
        result = {
            code: cleaned[f"lang_{code}"]
            for code, _label in LANGUAGES
            if cleaned.get(f"lang_{code}")
        }
        other = (cleaned.get("other_language") or "").strip().lower()
        if other and cleaned.get("other_level"):
            result[other] = cleaned["other_level"]
        return result

    def languages(self) -> dict[str, str]:
        return self.languages_from(self.cleaned_data)

    def language_fields(self) -> list[forms.BoundField]:
        return [self[f"lang_{code}"] for code, _label in LANGUAGES]

    def slot_rows(self) -> list[dict[str, Any]]:
        """Days × parts of the day, for a grid of check boxes."""
        chosen = set(self._selected("slots"))
        return [
            {
                "day": day.label,
                "cells": [
                    {
                        "code": f"{day.value}_{part.value}",
                        "label": part.label,
                        "checked": f"{day.value}_{part.value}" in chosen,
                    }
                    for part in DayPart
                ],
            }
            for day in Day
        ]

    def day_parts(self) -> list[str]:
        return [str(part.label) for part in DayPart]

    def _selected(self, name: str) -> Iterable[str]:
        value = self[name].value()
        return [str(v) for v in value] if value else []

    def profile_values(self) -> dict[str, Any]:
        return {"slots": self.cleaned_data["slots"], "interests": self.cleaned_data["interests"]}
