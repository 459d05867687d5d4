from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lotse.common.forms import GermanDateField
from lotse.common.languages import language_choices
from lotse.organisation.models import Team

from ..models import Client, ClientLanguage, HouseholdMember, ProtectionNeed
from ..services.clients import ClientData

CLIENT_FIELDS = [
    "is_anonymous",
    "first_name",
    "last_name",
    "pseudonym",
    "birth_date",
    "birth_year",
    "gender",
    "nationalities",
    "country_of_origin",
    "document_language",
    "interpreter_needed",
    "entry_date",
    "residence",
    "permanent_status_date",
    "course_obligation",
    "phone",
    "email",
    "address",
    "migration_history",
]


class ClientForm(forms.ModelForm):
    """Field definitions come from the model; saving goes through the services."""

    birth_date = GermanDateField(label=_("Date of birth"), required=False)
    entry_date = GermanDateField(label=_("Date of entry to Germany"), required=False)
    permanent_status_date = GermanDateField(label=_("Permanent status obtained on"), required=False)
    protection_needs = forms.MultipleChoiceField(
        label=_("Special protection needs"),
        choices=ProtectionNeed.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    email = forms.EmailField(label=_("E-mail"), required=False)
    address = forms.CharField(
        label=_("Address"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    migration_history = forms.CharField(
        label=_("Migration history"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Only what helps the counselling, in the person's own words where possible."),
    )

    class Meta:
        model = Client
        fields = CLIENT_FIELDS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("protection_needs", self.instance.protection_need_list)
        self.fields["birth_year"].help_text = _("Only if the exact date is not known.")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        birth_date, birth_year = cleaned.get("birth_date"), cleaned.get("birth_year")
        if birth_date and birth_year and birth_date.year != birth_year:
            self.add_error("birth_year", _("The year does not match the date of birth."))
        if birth_year and not 1900 <= birth_year <= 2100:
            self.add_error("birth_year", _("Please enter a year such as 1985."))
        return cleaned

    def client_data(self) -> ClientData:
        data = self.cleaned_data
        return ClientData(
            first_name=data.get("first_name") or "",
            last_name=data.get("last_name") or "",
            pseudonym=data.get("pseudonym") or "",
            is_anonymous=bool(data.get("is_anonymous")),
            birth_date=data.get("birth_date"),
            birth_year=data.get("birth_year"),
            gender=data.get("gender") or "not_stated",
            nationalities=list(data.get("nationalities") or []),
            country_of_origin=data.get("country_of_origin") or "",
            document_language=data.get("document_language") or "de",
            interpreter_needed=bool(data.get("interpreter_needed")),
            entry_date=data.get("entry_date"),
            residence=data.get("residence") or "unknown",
            permanent_status_date=data.get("permanent_status_date"),
            course_obligation=bool(data.get("course_obligation")),
            phone=data.get("phone") or "",
            email=data.get("email") or "",
            address=data.get("address") or "",
            migration_history=data.get("migration_history") or "",
            protection_needs=list(data.get("protection_needs") or []),
        )


class ClientCreateForm(ClientForm):
    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.none())
    no_duplicate = forms.BooleanField(
        label=_("I have checked the files shown: none of them is this person."),
        required=False,
    )

    class Meta(ClientForm.Meta):
        fields = ["team", *CLIENT_FIELDS]

    def __init__(self, *args: Any, teams: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams  # type: ignore[attr-defined]
        if len(teams) == 1:
            self.fields["team"].initial = teams[0]


class ClientEditForm(ClientForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ClientSearchForm(forms.Form):
    q = forms.CharField(label=_("Name or file number"), required=False, max_length=100)
    birth_date = GermanDateField(label=_("Date of birth"), required=False)


class ClientLanguageForm(forms.ModelForm):
    language = forms.ChoiceField(label=_("Language"), choices=language_choices)

    class Meta:
        model = ClientLanguage
        fields = ["language", "level"]


class HouseholdMemberForm(forms.ModelForm):
    class Meta:
        model = HouseholdMember
        fields = ["relation", "first_name", "birth_year", "counselled_along"]


class MergeForm(forms.Form):
    target_file_number = forms.CharField(label=_("File number of the file to keep"), max_length=40)
