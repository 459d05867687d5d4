"""Forms of the public pages (labels and hints in msgctxt "public")."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from django import forms
from django.utils.translation import pgettext_lazy

from lotse.organisation.models import Centre, Provider

from ..languages import PUBLIC_LANGUAGES, display_name
from ..questions import Answers, PlainResidence
from ..texts import REQUEST_SERVICE_KINDS, RESIDENCE_CHOICES, SERVICE_NAMES

YES_NO = (
    ("yes", pgettext_lazy("public", "Yes")),
    ("no", pgettext_lazy("public", "No")),
)
YES_NO_DONT_KNOW = (*YES_NO, ("dont_know", pgettext_lazy("public", "I do not know")))


def _service_choices(kinds: Any = None) -> list[tuple[str, Any]]:
    kinds = kinds if kinds is not None else list(SERVICE_NAMES)
    return [(str(kind), SERVICE_NAMES[kind]) for kind in kinds]


class FinderForm(forms.Form):
    place = forms.CharField(
        label=pgettext_lazy("public", "Postal code or town"),
        required=False,
        max_length=80,
        help_text=pgettext_lazy("public", "For example 52249 or Eschweiler"),
    )
    service = forms.ChoiceField(label=pgettext_lazy("public", "Service"), required=False)
    language = forms.ChoiceField(label=pgettext_lazy("public", "Language"), required=False)

    def __init__(self, *args: Any, languages: list[str], page_language: str, **kwargs: Any):
        super().__init__(*args, **kwargs)
        any_choice = ("", pgettext_lazy("public", "all"))
        cast(forms.ChoiceField, self.fields["service"]).choices = [any_choice, *_service_choices()]
        cast(forms.ChoiceField, self.fields["language"]).choices = [
            any_choice,
            *sorted(
                ((code, display_name(code, page_language)) for code in languages),
                key=lambda pair: pair[1],
            ),
        ]
        self.fields["place"].widget.attrs["autocomplete"] = "postal-code"


class _YearField(forms.IntegerField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("min_value", 1900)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})


class ServiceCheckForm(forms.Form):
    """'Which service is for me?' — nothing of it is stored."""

    age = forms.IntegerField(
        label=pgettext_lazy("public", "How old are you?"),
        required=False,
        min_value=0,
        max_value=120,
        help_text=pgettext_lazy("public", "Your age in years, or your year of birth below."),
    )
    birth_year = _YearField(label=pgettext_lazy("public", "Year of birth"))
    residence = forms.ChoiceField(
        label=pgettext_lazy("public", "What are your papers for Germany?"),
        choices=RESIDENCE_CHOICES,
        widget=forms.RadioSelect,
    )
    arrival_year = _YearField(
        label=pgettext_lazy("public", "In which year did you come to Germany?"),
    )
    status_year = _YearField(
        label=pgettext_lazy("public", "Since which year may you stay permanently?"),
        help_text=pgettext_lazy(
            "public", "Only if you have a settlement permit or a longer residence permit."
        ),
    )
    crisis = forms.ChoiceField(
        label=pgettext_lazy(
            "public",
            "Are you in an acute difficult situation (for example: you may lose your flat, your "
            "work or your residence permit, or there is a crisis in your family)?",
        ),
        choices=YES_NO,
        widget=forms.RadioSelect,
    )
    course_obligation = forms.ChoiceField(
        label=pgettext_lazy(
            "public",
            "Did the immigration office or the job centre oblige you to attend an integration "
            "course?",
        ),
        choices=YES_NO_DONT_KNOW,
        widget=forms.RadioSelect,
    )
    place = forms.CharField(
        label=pgettext_lazy("public", "Postal code or town (to show centres near you)"),
        required=False,
        max_length=80,
    )

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        for name in ("age", "birth_year", "arrival_year", "status_year"):
            self.fields[name].widget.attrs.setdefault("inputmode", "numeric")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("age") is None and data.get("birth_year") is None and not self.errors:
            self.add_error(
                "age", pgettext_lazy("public", "Please give your age or your year of birth.")
            )
        for name in ("arrival_year", "status_year", "birth_year"):
            year = data.get(name)
            if year is not None and year > self.today.year:
                self.add_error(name, pgettext_lazy("public", "This year is still to come."))
        return data

    def answers(self) -> Answers:
        data = self.cleaned_data
        return Answers(
            on=self.today,
            residence=PlainResidence(data["residence"]),
            age=data.get("age"),
            birth_year=data.get("birth_year"),
            arrival_year=data.get("arrival_year"),
            status_year=data.get("status_year"),
            crisis=data["crisis"] == "yes",
            course_obligation=data["course_obligation"] == "yes",
        )


class RequestForm(forms.Form):
    """The appointment request. ``website`` is the honeypot, ``started`` the signed start time."""

    centre = forms.ModelChoiceField(
        label=pgettext_lazy("public", "Counselling centre"),
        queryset=Centre.objects.none(),
        empty_label=None,
    )
    service = forms.ChoiceField(
        label=pgettext_lazy("public", "Service"),
        required=False,
        help_text=pgettext_lazy("public", "If you are not sure, leave “I am not sure”."),
    )
    name = forms.CharField(
        label=pgettext_lazy("public", "Name or a pseudonym"),
        max_length=100,
        help_text=pgettext_lazy("public", "You may give a made-up name."),
    )
    phone = forms.CharField(
        label=pgettext_lazy("public", "Phone"),
        required=False,
        max_length=40,
        help_text=pgettext_lazy("public", "A phone number or an e-mail address, so we can reply."),
    )
    email = forms.EmailField(label=pgettext_lazy("public", "E-mail"), required=False)
    language = forms.ChoiceField(label=pgettext_lazy("public", "Language for the counselling"))
    concern = forms.CharField(
        label=pgettext_lazy("public", "What is it about? (short)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=pgettext_lazy("public", "At most 1000 characters. You can also tell us later."),
    )
    privacy = forms.BooleanField(
        label=pgettext_lazy(
            "public",
            "I agree that the counselling centre stores these details to contact me about an "
            "appointment.",
        ),
    )
    # Spam trap: hidden from people (CSS and aria-hidden), filled in by bots.
    website = forms.CharField(required=False, label="Website")
    started = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        centres: Any,
        languages: list[str],
        page_language: str,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["centre"]).queryset = centres
        cast(forms.ChoiceField, self.fields["service"]).choices = [
            ("", pgettext_lazy("public", "I am not sure")),
            *_service_choices(REQUEST_SERVICE_KINDS),
        ]
        codes = list(dict.fromkeys([*PUBLIC_LANGUAGES, *languages]))
        named = sorted(
            ((code, display_name(code, page_language)) for code in codes),
            key=lambda pair: pair[1],
        )
        cast(forms.ChoiceField, self.fields["language"]).choices = named
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        # Numbers and addresses are written left to right, on right-to-left pages too.
        self.fields["phone"].widget.attrs.update(
            {"autocomplete": "tel", "type": "tel", "dir": "ltr"}
        )
        self.fields["email"].widget.attrs.update({"autocomplete": "email", "dir": "ltr"})
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("phone", "").strip() or data.get("email", "").strip()) and not (
            self.has_error("phone") or self.has_error("email")
        ):
            self.add_error(
                "phone",
                pgettext_lazy("public", "Please give a phone number or an e-mail address."),
            )
        centre = data.get("centre")
        service = data.get("service")
        if centre is not None and service and not centre.services.filter(kind=service).exists():
            self.add_error(
                "service", pgettext_lazy("public", "This centre does not offer this service.")
            )
        return data


class LegalTextsForm(forms.ModelForm):  # type: ignore[type-arg]
    """The provider's imprint and privacy notice, as the public pages show them (staff UI)."""

    class Meta:
        model = Provider
        fields = ("imprint", "privacy_notice")
        widgets = {
            "imprint": forms.Textarea(attrs={"rows": 10}),
            "privacy_notice": forms.Textarea(attrs={"rows": 16}),
        }
