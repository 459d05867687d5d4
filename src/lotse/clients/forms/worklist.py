"""The name of a saved filter of the client list."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class SavedFilterForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the filter"),
        max_length=80,
        help_text=_('For example "My deadlines". Please do not name clients.'),
    )
