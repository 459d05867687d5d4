"""Forms for counselling contacts: the inline "new contact" form and the full edit form."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotse.common.forms import GermanDateField

from ..models import (
    ContactForm,
    ContactKind,
    CounsellingContact,
    Interpreter,
    Topic,
    TopicCatalogue,
)
from ..selectors.contacts import language_name
from ..services.contacts import CONTACT_LANGUAGES, MAX_DURATION, MIN_DURATION


def language_choices(extra: str | None = None) -> list[tuple[str, str]]:
    codes = list(CONTACT_LANGUAGES)
    if extra and extra not in codes:
        codes.append(extra)  # a language stored earlier stays selectable when editing
    return [(code, language_name(code)) for code in codes]


class TopicChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.label)


class ContactEntryForm(forms.Form):
    """Everything a counsellor notes about one contact. Topics follow the contact's date."""

    date = GermanDateField(label=_("Date"))
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"),
        min_value=MIN_DURATION,
        max_value=MAX_DURATION,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    form = forms.ChoiceField(label=_("Form"), choices=ContactForm.choices)
    kind = forms.ChoiceField(label=_("With whom"), choices=ContactKind.choices)
    language = forms.ChoiceField(label=_("Language used"))
    interpreter = forms.ChoiceField(label=_("Interpreter"), choices=Interpreter.choices)
    topics = TopicChoiceField(
        label=_("Topics"),
        queryset=Topic.objects.none(),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        help_text=_("Choose every topic that was discussed; at least one."),
        error_messages={
            "required": _("Please choose at least one topic."),
            "invalid_choice": _(
                "Please choose the topics again: the catalogue in force on this date "
                "has different topics."
            ),
            "invalid_pk_value": _("Please choose the topics again."),
        },
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Stored encrypted. Only what the counselling needs."),
    )
    next_steps = forms.CharField(
        label=_("Agreed next steps"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    follow_up_on = GermanDateField(
        label=_("Follow up on"),
        required=False,
        help_text=_("Optional. Format: DD.MM.YYYY; not before the date of the contact."),
    )

    def __init__(self, *args: Any, stored_language: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = language_choices(stored_language)  # type: ignore[attr-defined]
        self.catalogue = TopicCatalogue.objects.in_force(self._contact_date())
        topics = self.fields["topics"]
        assert isinstance(topics, TopicChoiceField)
        topics.queryset = (
            self.catalogue.topics.order_by("position")
            if self.catalogue is not None
            else Topic.objects.none()
        )

    def _contact_date(self) -> dt.date:
        """The date whose catalogue applies: as typed if it parses, else the initial one."""
        if self.is_bound:
            raw = self.data.get(self.add_prefix("date"), "")
            try:
                typed = self.fields["date"].clean(raw)
            except forms.ValidationError:
                typed = None
            if typed:
                return typed  # type: ignore[no-any-return]
        initial = self.initial.get("date") or self.fields["date"].initial
        if callable(initial):
            initial = initial()
        return initial if isinstance(initial, dt.date) else timezone.localdate()

    def clean_date(self) -> dt.date:
        value: dt.date = self.cleaned_data["date"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The date of a contact cannot lie in the future."))
        if self.catalogue is None:
            raise forms.ValidationError(_("No topic catalogue is in force on this date."))
        return value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        on, follow_up = cleaned.get("date"), cleaned.get("follow_up_on")
        if on and follow_up and follow_up < on:
            self.add_error(
                "follow_up_on", _("The follow-up cannot be earlier than the date of the contact.")
            )
        return cleaned

    def topic_rows(self) -> list[Any]:
        """The topic checkboxes, for templates that lay them out in columns."""
        return list(self["topics"])


class ContactCreateForm(ContactEntryForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("date", timezone.localdate())
        kwargs["initial"].setdefault("form", ContactForm.IN_PERSON)
        kwargs["initial"].setdefault("kind", ContactKind.CLIENT)
        kwargs["initial"].setdefault("language", "de")
        kwargs["initial"].setdefault("interpreter", Interpreter.NONE)
        super().__init__(*args, **kwargs)


class ContactEditForm(ContactEntryForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    follow_up_done = forms.BooleanField(label=_("Follow-up done"), required=False)

    @classmethod
    def initial_for(cls, contact: CounsellingContact) -> dict[str, Any]:
        return {
            "date": contact.date,
            "duration_minutes": contact.duration_minutes,
            "form": contact.form,
            "kind": contact.kind,
            "language": contact.language,
            "interpreter": contact.interpreter,
            "topics": list(contact.topics.all()),
            "notes": contact.notes,
            "next_steps": contact.next_steps,
            "follow_up_on": contact.follow_up_on,
            "follow_up_done": contact.follow_up_done,
            "version": contact.version,
        }
