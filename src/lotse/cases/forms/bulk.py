"""The choices of a bulk close: one reason, the livelihood at closure and a note for all."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lotse.clients.models import Livelihood

from ..phases import CLOSURE_REASON_CHOICES


class BulkCloseForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason for closing"), choices=CLOSURE_REASON_CHOICES)
    livelihood = forms.ChoiceField(
        label=_("Livelihood at closure"),
        choices=Livelihood.choices,
        initial=Livelihood.UNKNOWN,
        help_text=_(
            "The same for every selected file: choose “unknown” unless it is the same for all."
        ),
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
