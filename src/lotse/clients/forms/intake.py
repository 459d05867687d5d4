from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotse.common.forms import GermanDateField
from lotse.organisation.models import ServiceKind

from ..models import AccessChannel, IntakeOutcome, Livelihood, Topic, TopicCatalogue


class IntakeForm(forms.Form):
    service = forms.ChoiceField(label=_("Service"), choices=ServiceKind.choices)
    date = GermanDateField(label=_("Date of the first contact"))
    access_channel = forms.ChoiceField(
        label=_("How did the person come to us?"), choices=AccessChannel.choices
    )
    referring_institution = forms.CharField(
        label=_("Referring institution"), required=False, max_length=200
    )
    concern = forms.CharField(
        label=_("Concern"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What brings the person to us, in their words."),
    )
    problem_areas = forms.ModelMultipleChoiceField(
        label=_("Problem areas"),
        queryset=Topic.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    support_needs = forms.CharField(
        label=_("Support needs"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    expectations = forms.CharField(
        label=_("Expectations"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    livelihood = forms.ChoiceField(label=_("Livelihood at present"), choices=Livelihood.choices)
    crisis = forms.BooleanField(
        label=_("The person is in a concrete crisis situation"), required=False
    )
    outcome = forms.ChoiceField(label=_("Outcome"), choices=IntakeOutcome.choices)
    referral_target = forms.CharField(
        label=_("Referred to"),
        required=False,
        max_length=200,
        help_text=_("Only for referral counselling: the responsible service."),
    )
    # Shown only when a first contact of the same day exists (see ``flag_same_day``).
    same_day_confirmed = forms.BooleanField(
        label=_("Yes, record a second first contact on this day"),
        required=False,
        widget=forms.HiddenInput,
    )

    def flag_same_day(self) -> None:
        """Ask before a second first contact on one day is saved (often a double entry)."""
        self.fields["same_day_confirmed"].widget = forms.CheckboxInput()
        self.add_error(
            "same_day_confirmed",
            _(
                "A first contact of this person is already recorded for this day. Please check "
                "the file: if it is the same conversation, do not save it twice."
            ),
        )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        catalogue = TopicCatalogue.objects.in_force(timezone.localdate())
        self.fields["problem_areas"].queryset = (  # type: ignore[attr-defined]
            catalogue.topics.all() if catalogue else Topic.objects.none()
        )


class EligibilityCheckForm(forms.Form):
    on = GermanDateField(label=_("Assessment date"))
    crisis = forms.BooleanField(label=_("Concrete crisis situation"), required=False)


class CheckboxList(forms.CheckboxSelectMultiple):
    """Check boxes inside ``includes/form_fields.html``, which gives every widget the text-field
    class "form-control": here the wrapper gets no class and each box Bootstrap's."""

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        attrs = {k: v for k, v in (attrs or {}).items() if k != "class"}
        return super().get_context(name, value, attrs)

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(*args, **kwargs)
        option["attrs"]["class"] = "form-check-input me-2"
        return option


class ConsentForm(forms.Form):
    informed_on = GermanDateField(label=_("Informed about data processing on"))
    information_language = forms.ChoiceField(
        label=_("Language of the information"), choices=settings.DOCUMENT_LANGUAGES
    )
    written = forms.BooleanField(label=_("Written consent signed"), required=False)
    signed_on = GermanDateField(label=_("Signed on"), required=False)
    scope_storage = forms.BooleanField(
        label=_("Store data in the counselling file"), required=False, initial=True
    )
    scope_share_with_partners = forms.BooleanField(
        label=_("Pass data to the partners named"), required=False
    )
    # The queryset is the centre's partners, set per client in __init__.
    partners: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(
        label=_("Network partners named"),
        queryset=None,
        required=False,
        widget=CheckboxList,
        help_text=_("Referrals with personal data are possible only to the partners ticked here."),
    )
    other_recipients = forms.CharField(
        label=_("Other recipients named"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Only recipients that are not network partners (a person, another authority), "
            "one per line."
        ),
    )
    scope_contact_phone = forms.BooleanField(label=_("Contact by phone"), required=False)
    scope_contact_email = forms.BooleanField(label=_("Contact by e-mail"), required=False)

    def __init__(self, *args: Any, partners: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partners"].queryset = partners  # type: ignore[attr-defined]


class ConsentWithdrawForm(forms.Form):
    withdrawn_on = GermanDateField(label=_("Withdrawn on"))
