"""The contact-preference form of the client file; the service checks the rules again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from lotse.common.forms import GermanDateField

from ..models import Channel, Scope
from ..texts import LANGUAGES


def _language_choices() -> list[tuple[str, Any]]:
    return [(code, name) for code, name in settings.DOCUMENT_LANGUAGES if code in LANGUAGES]


class PreferenceForm(forms.Form):
    channel = forms.ChoiceField(
        label=_("Channel"),
        choices=Channel.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    scope = forms.ChoiceField(
        label=_("Scope of consent"),
        choices=Scope.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    consent_on = GermanDateField(label=_("Consent given on"), required=False)
    language = forms.ChoiceField(
        label=_("Language of the messages"),
        choices=_language_choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["consent_on"].widget.attrs["class"] = "form-control"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("channel") in (Channel.EMAIL, Channel.SMS) and not data.get("consent_on"):
            self.add_error(
                "consent_on", _("E-mail and SMS need the date on which the person agreed.")
            )
        return data
