"""Forms for partners, partnerships and meetings."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lotse.common.forms import GermanDateField
from lotse.organisation.models import Team

from ..choices import Activity, EndReason, ReportedBy
from ..models import District, TandemPartner
from ..states import PARTNERSHIP_TRANSITIONS, PartnershipStatus
from .volunteers import add_team_field

PARTNER_FORM_FIELDS = [
    "first_name",
    "last_name",
    "phone",
    "email",
    "gender",
    "district",
    "volunteer_gender",
    "wants_bilingual_contact",
    "wishes",
    "consent_on",
]


class TandemPartnerForm(forms.ModelForm):  # type: ignore[type-arg]
    consent_on = GermanDateField(
        label=_("Consent signed on"),
        help_text=_(
            "Consent to store these details for matching and to pass name and contact to the "
            "volunteer. Format: DD.MM.YYYY"
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = TandemPartner
        fields = PARTNER_FORM_FIELDS
        widgets = {"wishes": forms.Textarea(attrs={"rows": 3})}

    def __init__(
        self,
        *args: Any,
        districts: QuerySet[District],
        teams: QuerySet[Team] | None = None,
        editing: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = districts  # type: ignore[attr-defined]
        if editing:
            self.fields["consent_withdrawn_on"] = GermanDateField(
                label=_("Consent withdrawn on"),
                required=False,
                help_text=_("Ends an open partnership at once. Format: DD.MM.YYYY"),
            )
        add_team_field(self, teams)

    def values(self) -> dict[str, Any]:
        names = [
            *PARTNER_FORM_FIELDS,
            *(["consent_withdrawn_on"] if "consent_withdrawn_on" in self.fields else []),
        ]
        return {name: self.cleaned_data.get(name) for name in names}


class ReferForm(TandemPartnerForm):
    consent_confirmed = forms.BooleanField(
        label=_(
            "The client has consented in writing that these details are passed to the "
            "volunteer coordination for finding a partner."
        ),
    )


class TransitionForm(forms.Form):
    target = forms.ChoiceField(label=_("New status"), choices=())
    on = GermanDateField(label=_("On"), required=False)
    reason = forms.ChoiceField(
        label=_("Reason for ending"), choices=[("", "–"), *EndReason.choices], required=False
    )
    note = forms.CharField(
        label=_("Note on the ending"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, current: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = PARTNERSHIP_TRANSITIONS.get(current, frozenset())
        self.fields["target"].choices = [  # type: ignore[attr-defined]
            (value, label) for value, label in PartnershipStatus.choices if value in allowed
        ]


class MeetingForm(forms.Form):
    date = GermanDateField(label=_("Date"))
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=1, max_value=720, initial=90
    )
    activities = forms.MultipleChoiceField(
        label=_("What they did"),
        choices=Activity.choices,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    reported_by = forms.ChoiceField(
        label=_("Reported by"), choices=ReportedBy.choices, initial=ReportedBy.VOLUNTEER
    )
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000
    )


class ConfirmForm(forms.Form):
    volunteer = forms.IntegerField(widget=forms.HiddenInput)
