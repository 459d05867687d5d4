from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class FileNumberForm(forms.Form):
    file_number = forms.CharField(label=_("File number"), max_length=40)


class LegalHoldForm(forms.Form):
    reason = forms.CharField(label=_("Reason for the legal hold"), max_length=300)


class ConfirmForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I have checked the legal-hold exceptions; erase this file now."), required=True
    )
