"""Forms for volunteers: registration and profile, status, documents, districts."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lotse.common.forms import GermanDateField
from lotse.organisation.models import Team

from ..choices import DocumentKind, LeaveReason
from ..models import Volunteer
from ..states import VOLUNTEER_TRANSITIONS, VolunteerStatus

VOLUNTEER_FORM_FIELDS = [
    "first_name",
    "last_name",
    "email",
    "phone",
    "address",
    "birth_year",
    "gender",
    "partner_gender",
    "bilingual_contact",
    "max_partnerships",
    "consent_on",
    "consent_withdrawn_on",
    "notes",
]


def add_team_field(form: forms.BaseForm, teams: QuerySet[Team] | None) -> None:
    """A team field first in the form; hidden when the user works in one team only."""
    if teams is None:
        return
    field = forms.ModelChoiceField(label=_("Team"), queryset=teams)
    if teams.count() == 1:
        field.widget = forms.HiddenInput()
        form.initial.setdefault("team", teams.first())
    form.fields = {"team": field, **form.fields}


class VolunteerForm(forms.ModelForm):  # type: ignore[type-arg]
    consent_on = GermanDateField(
        label=_("Consent to data processing signed on"),
        required=False,
        help_text=_("Needed before the volunteer can be active. Format: DD.MM.YYYY"),
    )
    consent_withdrawn_on = GermanDateField(label=_("Consent withdrawn on"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Volunteer
        fields = VOLUNTEER_FORM_FIELDS
        widgets = {
            "address": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, teams: QuerySet[Team] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["max_partnerships"].widget.attrs.update({"min": 1, "max": 3})
        if teams is not None:  # registering: nothing to withdraw yet
            del self.fields["consent_withdrawn_on"]
        add_team_field(self, teams)

    def values(self) -> dict[str, Any]:
        return {
            name: self.cleaned_data[name] for name in VOLUNTEER_FORM_FIELDS if name in self.fields
        }


class StatusForm(forms.Form):
    target = forms.ChoiceField(label=_("New status"), choices=())
    on = GermanDateField(label=_("Since"), required=False)
    reason = forms.ChoiceField(
        label=_("Reason for leaving"),
        choices=[("", "–"), *LeaveReason.choices],
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, current: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = VOLUNTEER_TRANSITIONS.get(current, frozenset())
        self.fields["target"].choices = [  # type: ignore[attr-defined]
            (value, label) for value, label in VolunteerStatus.choices if value in allowed
        ]
        if VolunteerStatus.LEFT not in allowed:
            del self.fields["reason"]


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Document"), choices=DocumentKind.choices)
    issued_on = GermanDateField(label=_("Issued on"))
    valid_until = GermanDateField(
        label=_("Valid until"),
        required=False,
        help_text=_(
            "Leave empty for the usual period (certificate of conduct: five years). "
            "Format: DD.MM.YYYY"
        ),
    )


class DistrictForm(forms.Form):
    name = forms.CharField(label=_("New district"), max_length=100)


class VolunteerFilterForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("all")), *VolunteerStatus.choices], required=False
    )
    language = forms.CharField(label=_("Language code"), required=False, max_length=8)
    young = forms.BooleanField(label=_("young volunteers only (up to 27)"), required=False)
