"""The form to record a residence permit on the client's overview."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lotse.common.forms import GermanDateField

from ..models import PermitKind
from ..services.permits import PermitData


class PermitForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of residence title"),
        choices=[("", "—"), *PermitKind.choices],
    )
    legal_basis = forms.CharField(
        label=_("Legal basis"),
        max_length=60,
        required=False,
        help_text=_("For a residence permit the paragraph, e.g. § 25 Abs. 2 AufenthG."),
    )
    valid_from = GermanDateField(label=_("Valid from"))
    valid_until = GermanDateField(
        label=_("Valid until"),
        required=False,
        help_text=_("Empty for a title without end (settlement permit, EU long-term residence)."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    # The current permit the form was shown with: a newer one recorded meanwhile is a conflict.
    current = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=0)

    def permit_data(self) -> PermitData:
        data: dict[str, Any] = self.cleaned_data
        return PermitData(
            kind=data["kind"],
            valid_from=data["valid_from"],
            valid_until=data["valid_until"],
            legal_basis=data["legal_basis"],
            note=data["note"],
        )
