from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotse.common.forms import GermanDateField
from lotse.network.models import Partner

from ..choices import RiskReason, SignalKind, SignalSource
from ..models import CourseParticipation, IntegrationCourse


class CourseForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    start_on = GermanDateField(label=_("Start"))
    end_on = GermanDateField(label=_("End"), required=False)
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Never about clients."),
    )

    class Meta:
        model = IntegrationCourse
        fields = [
            "provider",
            "course_type",
            "title",
            "number",
            "start_on",
            "end_on",
            "modules",
            "schedule",
            "childcare_offered",
            "notes",
        ]

    def __init__(self, *args: Any, providers: QuerySet[Partner], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = providers  # type: ignore[attr-defined]
        self.fields["provider"].help_text = _(
            "Partners of the category integration-course provider."
        )


PARTICIPATION_FORM_FIELDS = [
    "obligation",
    "entitlement",
    "fee_financing",
    "childcare_needed",
    "childcare_arranged",
    "status",
]
RESULT_FORM_FIELDS = ["exam", "level_reached", "finished_on", "follow_up", "follow_up_note"]


class ParticipationForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    finished_on = GermanDateField(label=_("Finished on"), required=False)
    follow_up_note = forms.CharField(
        label=_("About the follow-up"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    class Meta:
        model = CourseParticipation
        fields = [*PARTICIPATION_FORM_FIELDS, *RESULT_FORM_FIELDS]


class ParticipationCreateForm(forms.ModelForm):
    course = forms.ModelChoiceField(label=_("Course"), queryset=IntegrationCourse.objects.none())

    class Meta:
        model = CourseParticipation
        fields = ["course", *PARTICIPATION_FORM_FIELDS]

    def __init__(self, *args: Any, courses: QuerySet[IntegrationCourse], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = courses  # type: ignore[attr-defined]
        self.fields["course"].label_from_instance = (  # type: ignore[attr-defined]
            lambda course: f"{course.title} – {course.provider.name} ({course.start_on:%d.%m.%Y})"
        )

    def validate_unique(self) -> None:
        """The service says so, in words, when the client is already registered."""


class RiskForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    at_risk = forms.BooleanField(label=_("At risk of dropping out"), required=False)
    risk_reason = forms.ChoiceField(
        label=_("Reason"), choices=[("", "–"), *RiskReason.choices], required=False
    )
    risk_flagged_on = GermanDateField(label=_("Noticed on"), required=False)
    risk_note = forms.CharField(
        label=_("About the risk"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    intervention = forms.CharField(
        label=_("Intervention"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What was done or agreed, and with whom (crisis talks go into the contacts)."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("at_risk"):
            if not data.get("risk_reason"):
                self.add_error("risk_reason", _("Please choose the reason for the risk."))
            if not data.get("risk_flagged_on"):
                data["risk_flagged_on"] = timezone.localdate()
        return data


class SignalForm(forms.Form):
    noted_on = GermanDateField(label=_("Date"))
    kind = forms.ChoiceField(label=_("Signal"), choices=SignalKind.choices)
    source = forms.ChoiceField(label=_("From"), choices=SignalSource.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"noted_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
