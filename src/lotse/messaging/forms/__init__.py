"""The contact-preference form of the client file; the service checks the rules again.

One group of fields per channel (e-mail, SMS, letter): ticked or not, the scope, the date of
consent. Unticking a channel withdraws consent to it.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from lotse.common.forms import GermanDateField

from ..models import CONSENT_CHANNELS, SENDING_CHANNELS, Scope
from ..services import ChannelConsent, PreferenceData
from ..texts import LANGUAGES


def _language_choices() -> list[tuple[str, Any]]:
    return [(code, name) for code, name in settings.DOCUMENT_LANGUAGES if code in LANGUAGES]


class PreferenceForm(forms.Form):
    preferred = forms.ChoiceField(
        label=_("Preferred when both e-mail and SMS are agreed to"),
        choices=[("", _("no preference (e-mail first)"))]
        + [(c.value, c.label) for c in SENDING_CHANNELS],
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    language = forms.ChoiceField(
        label=_("Language of the messages"),
        choices=_language_choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for channel in CONSENT_CHANNELS:
            self.fields[f"{channel}_agreed"] = forms.BooleanField(
                label=_("Agreed to %(channel)s") % {"channel": channel.label},
                required=False,
                widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
            )
            self.fields[f"{channel}_scope"] = forms.ChoiceField(
                label=_("Scope of consent"),
                choices=Scope.choices,
                initial=Scope.APPOINTMENTS,
                required=False,
                widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
            )
            date_field = GermanDateField(label=_("Consent given on"), required=False)
            date_field.widget.attrs["class"] = "form-control form-control-sm"
            self.fields[f"{channel}_consent_on"] = date_field

    def channel_groups(self) -> list[dict[str, Any]]:
        """The three fields of each channel, for the template."""
        return [
            {
                "channel": channel,
                "label": channel.label,
                "agreed": self[f"{channel}_agreed"],
                "scope": self[f"{channel}_scope"],
                "consent_on": self[f"{channel}_consent_on"],
            }
            for channel in CONSENT_CHANNELS
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for channel in SENDING_CHANNELS:
            if data.get(f"{channel}_agreed") and not data.get(f"{channel}_consent_on"):
                self.add_error(
                    f"{channel}_consent_on",
                    _("E-mail and SMS need the date on which the person agreed."),
                )
        return data

    def preference_data(self) -> PreferenceData:
        data = self.cleaned_data
        return PreferenceData(
            language=data["language"],
            channels={
                str(channel): ChannelConsent(
                    data.get(f"{channel}_scope") or Scope.APPOINTMENTS,
                    data.get(f"{channel}_consent_on"),
                )
                for channel in CONSENT_CHANNELS
                if data.get(f"{channel}_agreed")
            },
            preferred=data.get("preferred") or "",
        )
