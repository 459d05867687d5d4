"""Forms of projects, their goals and the district needs analysis."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lotse.common.forms import GermanDateField

from ..models import DistrictNeed, GoalStatus, Partner, Project
from . import CheckboxList


class PartnersField(forms.ModelMultipleChoiceField):
    def __init__(self, label: Any = None, **kwargs: Any) -> None:
        super().__init__(
            label=label or _("Partners"),
            queryset=Partner.objects.none(),
            required=False,
            widget=CheckboxList,
            **kwargs,
        )


class ProjectForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    starts_on = GermanDateField(label=_("Starts on"))
    ends_on = GermanDateField(label=_("Ends on"), required=False)
    description = forms.CharField(
        label=_("Description and goals in brief"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the project does. Never names of clients."),
    )
    partners = PartnersField()

    class Meta:
        model = Project
        fields = [
            "title",
            "district",
            "status",
            "starts_on",
            "ends_on",
            "description",
            "participants",
        ]

    def __init__(self, *args: Any, partners: QuerySet[Partner], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partners"].queryset = partners  # type: ignore[attr-defined]


class ProjectGoalForm(forms.Form):
    text = forms.CharField(label=_("Goal"), max_length=300)
    due_on = GermanDateField(label=_("By"), required=False)


class GoalStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=GoalStatus.choices)


class DistrictNeedForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    found_on = GermanDateField(label=_("Found on"))
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Never names of clients."),
    )
    partners = PartnersField(
        label=_("Covered by"),
        help_text=_("Partners who offer this in the district. None: a gap in the network."),
    )

    class Meta:
        model = DistrictNeed
        fields = ["district", "need", "source", "found_on", "note"]

    def __init__(self, *args: Any, partners: QuerySet[Partner], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partners"].queryset = partners  # type: ignore[attr-defined]
