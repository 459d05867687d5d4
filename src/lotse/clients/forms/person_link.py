"""Forms of the person link (DOMAIN §D16): asking for a link and deciding on one."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class PersonLinkRequestForm(forms.Form):
    file_number = forms.CharField(
        label=_("File number of the other file"),
        max_length=40,
        error_messages={"required": _("Please enter the file number of the other file.")},
    )
    confirmed = forms.BooleanField(
        label=_("The person has agreed / the assignment has been clarified"),
        error_messages={
            "required": _(
                "Please confirm that the person has agreed or that the assignment has been "
                "clarified."
            )
        },
    )


class PersonLinkDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", "accept"), ("decline", "decline")])
    version = forms.IntegerField(min_value=1, max_value=2**31 - 1)


class PersonLinkWithdrawForm(forms.Form):
    version = forms.IntegerField(min_value=1, max_value=2**31 - 1)
