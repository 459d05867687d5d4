from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lotse.common.forms import GermanDateField
from lotse.organisation.models import Team


class ClientForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=100, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=100, required=False)
    birth_date = GermanDateField(label=_("Date of birth"), required=False)

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        if (
            not (cleaned.get("first_name") or "").strip()
            and not (cleaned.get("last_name") or "").strip()
        ):
            raise forms.ValidationError(_("Please enter at least a first or a last name."))
        return cleaned


class ClientCreateForm(ClientForm):
    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.none())

    def __init__(self, *args: object, teams: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["team"].queryset = teams  # type: ignore[attr-defined]
        if len(teams) == 1:  # type: ignore[arg-type]
            self.fields["team"].initial = teams[0]  # type: ignore[index]


class ClientEditForm(ClientForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ClientSearchForm(forms.Form):
    q = forms.CharField(label=_("Name or file number"), required=False, max_length=100)
    birth_date = GermanDateField(label=_("Date of birth"), required=False)
