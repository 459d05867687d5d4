from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lotse.common.forms import GermanDateField


class AuditFilterForm(forms.Form):
    action = forms.CharField(
        label=_("Action"), required=False, help_text=_("e.g. client.viewed or client.")
    )
    actor = forms.CharField(label=_("Person (e-mail)"), required=False)
    client_id = forms.IntegerField(label=_("Client number (internal)"), required=False, min_value=1)
    date_from = GermanDateField(label=_("From"), required=False)
    date_to = GermanDateField(label=_("Until"), required=False)
