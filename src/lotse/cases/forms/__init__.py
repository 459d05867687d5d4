"""Forms of case management; the rules themselves live in services and the pure modules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotse.accounts.models import User
from lotse.clients.models import HouseholdMember, Livelihood
from lotse.common.forms import GermanDateField

from ..indicators import goal_indicator_choices
from ..models import (
    CatalogueGoal,
    CefrLevel,
    DegreeLevel,
    DigitalSkills,
    DrivingLicence,
    Goal,
    Recognition,
    Schooling,
    SustainabilityOutcome,
    VocationalTraining,
)
from ..phases import (
    CLOSURE_REASON_CHOICES,
    PHASE_CHOICES,
    PHASE_LABELS,
    REOPEN_TARGETS,
    sorted_phases,
)
from ..planning import (
    GOAL_STATUS_CHOICES,
    MODULE_CHOICES,
    RESPONSIBLE_CHOICES,
)
from ..services.review import AFTER_REVIEW
from ..widgets import CheckboxList

TEXTAREA = forms.Textarea(attrs={"rows": 3})


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class CaseOpenForm(forms.Form):
    opened_on = GermanDateField(label=_("Case management starts on"))
    counsellor: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Responsible counsellor"), queryset=User.objects.none()
    )

    def __init__(self, *args: Any, counsellors: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["counsellor"].queryset = counsellors  # type: ignore[attr-defined]

    def clean_opened_on(self) -> Any:
        day = self.cleaned_data["opened_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date lies in the future."))
        return day


class TransitionForm(VersionedForm):
    target = forms.ChoiceField(label=_("Next phase"), choices=PHASE_CHOICES)


class CloseForm(VersionedForm):
    closed_on = GermanDateField(label=_("Closed on"))
    reason = forms.ChoiceField(label=_("Reason for closing"), choices=CLOSURE_REASON_CHOICES)
    livelihood = forms.ChoiceField(
        label=_("Livelihood at closure"),
        choices=Livelihood.choices,
        help_text=_("Compared with the livelihood at the first contact (effect indicator)."),
    )
    note = forms.CharField(label=_("Note"), required=False, widget=TEXTAREA)


class ReopenForm(VersionedForm):
    target = forms.ChoiceField(
        label=_("Start again with"),
        choices=[(p.value, PHASE_LABELS[p]) for p in sorted_phases(REOPEN_TARGETS)],
    )
    reason = forms.CharField(label=_("Reason for reopening"), widget=TEXTAREA)


class AssessmentForm(VersionedForm):
    assessed_on = GermanDateField(label=_("Assessed on"))
    schooling = forms.ChoiceField(label=_("Schooling"), choices=Schooling.choices)
    school_years = forms.IntegerField(
        label=_("Years of schooling"), required=False, min_value=0, max_value=30
    )
    vocational_training = forms.ChoiceField(
        label=_("Vocational training"), choices=VocationalTraining.choices
    )
    work_experience_years = forms.IntegerField(
        label=_("Years of work experience"), required=False, min_value=0, max_value=70
    )
    work_experience = forms.CharField(
        label=_("Work experience"),
        required=False,
        widget=TEXTAREA,
        help_text=_("Occupations and fields, briefly."),
    )
    driving_licence = forms.ChoiceField(label=_("Driving licence"), choices=DrivingLicence.choices)
    digital_skills = forms.ChoiceField(label=_("Digital skills"), choices=DigitalSkills.choices)
    individual_factors = forms.CharField(
        label=_("Individual factors"), required=False, widget=TEXTAREA
    )
    family_factors = forms.CharField(label=_("Family factors"), required=False, widget=TEXTAREA)
    environment_factors = forms.CharField(
        label=_("Environment factors"), required=False, widget=TEXTAREA
    )
    resources = forms.CharField(label=_("Resources and strengths"), required=False, widget=TEXTAREA)
    to_acquire = forms.CharField(
        label=_("What still has to be acquired"),
        required=False,
        widget=TEXTAREA,
        help_text=_("Knowledge and skills the client still needs in order to settle in."),
    )


class QualificationForm(forms.Form):
    level = forms.ChoiceField(
        label=_("Degree or certificate"),
        choices=[("", "—"), *DegreeLevel.choices],
        required=False,
    )
    title = forms.CharField(label=_("Title or field"), max_length=200, required=False)
    country = forms.CharField(
        label=_("Country (code)"), max_length=2, required=False, help_text=_("e.g. SY, TR, UA")
    )
    recognition = forms.ChoiceField(label=_("Recognition"), choices=Recognition.choices)


class LanguageForm(forms.Form):
    language = forms.CharField(
        label=_("Language"), max_length=8, required=False, help_text=_("e.g. de, ar, tr")
    )
    level = forms.ChoiceField(label=_("Level"), choices=CefrLevel.choices)


QualificationFormSet = forms.formset_factory(QualificationForm, extra=2, max_num=10)
LanguageFormSet = forms.formset_factory(LanguageForm, extra=2, max_num=12)


class PlanForm(VersionedForm):
    personal_history = forms.CharField(
        label=_("Personal data and history"),
        required=False,
        widget=TEXTAREA,
        help_text=_("What matters for the plan: background, path so far."),
    )
    language_module = forms.CharField(label=_("Module language"), required=False, widget=TEXTAREA)
    education_module = forms.CharField(
        label=_("Module education and profession"), required=False, widget=TEXTAREA
    )
    social_module = forms.CharField(
        label=_("Module social competences"),
        required=False,
        widget=TEXTAREA,
        help_text=_("Social environment, contacts, leisure."),
    )
    family_involved = forms.ModelMultipleChoiceField(
        label=_("Family members involved"),
        queryset=HouseholdMember.objects.none(),
        required=False,
        widget=CheckboxList,
    )
    others_involved = forms.CharField(
        label=_("Others involved"),
        required=False,
        widget=TEXTAREA,
        help_text=_("School, other actors …"),
    )

    def __init__(self, *args: Any, household: QuerySet[HouseholdMember], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["family_involved"]
        field.queryset = household  # type: ignore[attr-defined]
        field.label_from_instance = lambda m: f"{m.first_name} ({m.get_relation_display()})"  # type: ignore[attr-defined]


class GoalForm(VersionedForm):
    module = forms.ChoiceField(label=_("Module"), choices=MODULE_CHOICES)
    catalogue_goal = forms.ModelChoiceField(
        label=_("Goal from the catalogue"),
        queryset=CatalogueGoal.objects.none(),
        required=False,
        help_text=_("Or describe the goal in your own words below."),
    )
    title = forms.CharField(
        label=_("Goal in own words"),
        max_length=300,
        required=False,
        help_text=_("Concrete and agreed with the client."),
    )
    target_date = GermanDateField(label=_("To be reached by"))
    responsible = forms.ChoiceField(label=_("Responsible"), choices=RESPONSIBLE_CHOICES)
    partner_name = forms.CharField(
        label=_("Network partner"),
        max_length=200,
        required=False,
        help_text=_("Only when a network partner is responsible."),
    )
    indicators = forms.MultipleChoiceField(
        label=_("Indicators this goal feeds (§D12)"),
        required=False,
        widget=CheckboxList,
        help_text=_("Left empty for a catalogue goal, the catalogue's indicators are used."),
    )

    def __init__(self, *args: Any, catalogue: QuerySet[CatalogueGoal], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["catalogue_goal"].queryset = catalogue  # type: ignore[attr-defined]
        self.fields["indicators"].choices = goal_indicator_choices()  # type: ignore[attr-defined]

    @staticmethod
    def initial_for(goal: Goal) -> dict[str, Any]:
        return {
            "module": goal.module,
            "catalogue_goal": goal.catalogue_goal_id,
            "title": goal.title,
            "target_date": goal.target_date,
            "responsible": goal.responsible,
            "partner_name": goal.partner_name,
            "indicators": list(goal.indicators),
            "version": goal.version,
        }


class GoalStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=GOAL_STATUS_CHOICES)


class StepForm(forms.Form):
    description = forms.CharField(label=_("Step"), max_length=300)
    due_on = GermanDateField(label=_("Due on"), required=False)


class AgreementForm(VersionedForm):
    cooperation = forms.CharField(
        label=_("How we work together (additional arrangements)"),
        required=False,
        widget=TEXTAREA,
        help_text=_("Printed as typed, in German, beside the translated standard text."),
    )
    appointments = forms.CharField(
        label=_("Agreed appointments (additional)"),
        required=False,
        widget=TEXTAREA,
        help_text=_("Scheduled reviews are listed automatically."),
    )


class SignForm(VersionedForm):
    signed_on = GermanDateField(label=_("Signed by both on"))


class ReviewScheduleForm(forms.Form):
    scheduled_on = GermanDateField(label=_("Review on"))


class ReviewRecordForm(VersionedForm):
    held_on = GermanDateField(label=_("Held on"))
    assessment = forms.CharField(
        label=_("Short assessment"),
        widget=TEXTAREA,
        help_text=_("Progress, obstacles, what changes."),
    )
    next_phase = forms.ChoiceField(
        label=_("How the case continues"),
        choices=[(p.value, PHASE_LABELS[p]) for p in AFTER_REVIEW],
        help_text=_("Back to the support plan starts a new version of the plan."),
    )
    next_review_on = GermanDateField(label=_("Next review on"), required=False)

    def __init__(self, *args: Any, goals: list[Goal], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.goal_fields: list[tuple[Goal, str]] = []
        for goal in goals:
            name = f"goal_{goal.pk}"
            self.fields[name] = forms.ChoiceField(
                label=goal.label, choices=GOAL_STATUS_CHOICES, initial=goal.status
            )
            self.goal_fields.append((goal, name))
        names = [name for _goal, name in self.goal_fields]
        self.order_fields(["held_on", *names, "assessment", "next_phase", "next_review_on"])

    def goal_statuses(self) -> dict[int, str]:
        return {goal.pk: self.cleaned_data[name] for goal, name in self.goal_fields}


class EvaluationForm(forms.Form):
    evaluated_on = GermanDateField(label=_("Evaluated on"))
    reflection = forms.CharField(
        label=_("Evaluation and reflection"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What worked, what did not, and why — the steps of the work looked back on."),
    )
    client_view = forms.CharField(label=_("The client's view"), required=False, widget=TEXTAREA)
    sustainability_due_on = GermanDateField(
        label=_("Sustainability check on"),
        required=False,
        help_text=_("Left empty: six months after the evaluation."),
    )


class SustainabilityForm(VersionedForm):
    checked_on = GermanDateField(label=_("Checked on"))
    outcome = forms.ChoiceField(label=_("Outcome"), choices=SustainabilityOutcome.choices)
    notes = forms.CharField(label=_("Notes"), required=False, widget=TEXTAREA)
