"""Forms for training sessions, attendance, group evenings, JMD group offers and figures."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lotse.clients.models import Client
from lotse.common.forms import GermanDateField
from lotse.organisation.models import Team

from ..models import MAX_GROUP_MINUTES, GroupKind, TrainingModule, Volunteer
from .volunteers import add_team_field


class VolunteerChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Volunteer) -> str:  # type: ignore[override]
        return f"{obj.display_name} ({obj.get_status_display()})"


class SessionForm(forms.Form):
    module = forms.ModelChoiceField(
        label=_("Module"), queryset=TrainingModule.objects.order_by("position")
    )
    date = GermanDateField(label=_("Date"))
    hours = forms.DecimalField(
        label=_("Hours"),
        max_digits=4,
        decimal_places=1,
        min_value=0.5,
        required=False,
        help_text=_("Left empty: the module's full hours."),
    )
    trainer = forms.CharField(label=_("Trainer"), max_length=200, required=False)
    location = forms.CharField(label=_("Location"), max_length=200, required=False)

    def __init__(self, *args: Any, teams: QuerySet[Team], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        add_team_field(self, teams)


class AttendanceForm(forms.Form):
    volunteers = VolunteerChoiceField(
        label=_("Present"),
        queryset=Volunteer.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args: Any, volunteers: QuerySet[Volunteer], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["volunteers"].queryset = volunteers  # type: ignore[attr-defined]


class EveningForm(forms.Form):
    date = GermanDateField(label=_("Date"))
    topic = forms.CharField(label=_("Topic"), max_length=200, required=False)
    location = forms.CharField(label=_("Location"), max_length=200, required=False)

    def __init__(self, *args: Any, teams: QuerySet[Team], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        add_team_field(self, teams)


class OfferForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=GroupKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    topics = forms.CharField(
        label=_("Topics"),
        max_length=300,
        required=False,
        help_text=_("Separated by commas, e.g. applications, school system, leisure"),
    )
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args: Any, teams: QuerySet[Team], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        add_team_field(self, teams)


class OfferDateForm(forms.Form):
    date = GermanDateField(label=_("Date"))
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=1, max_value=MAX_GROUP_MINUTES, required=False
    )
    participants = forms.IntegerField(
        label=_("Participants"), min_value=0, max_value=500, initial=0
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class ClientChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Client) -> str:  # type: ignore[override]
        return f"{obj.file_number} – {obj.display_name}"


class ParticipantForm(forms.Form):
    client = ClientChoiceField(label=_("Client"), queryset=Client.objects.none())

    def __init__(self, *args: Any, clients: QuerySet[Client], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["client"].queryset = clients  # type: ignore[attr-defined]


class PeriodForm(forms.Form):
    start = GermanDateField(label=_("From"))
    end = GermanDateField(label=_("To"))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            raise forms.ValidationError(_("The period ends before it begins."))
        return cleaned
