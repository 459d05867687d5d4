"""Forms of the network pages. Field definitions come from the models; saving goes through
the services, which check the rules."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotse.common.forms import GermanDateField
from lotse.organisation.models import Centre

from ..choices import DataItem, PartnerCategory, ReferralOutcome, default_tier
from ..models import Activity, ContactPerson, CooperationAgreement, Partner, Project
from ..uploads import max_upload_bytes

DEFAULT_FEEDBACK_DAYS = 14


class CheckboxList(forms.CheckboxSelectMultiple):
    """Several check boxes: the shared form include styles every non-check widget as a text
    field ("form-control"); here the wrapper gets no class and each box Bootstrap's."""

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        attrs = {k: v for k, v in (attrs or {}).items() if k != "class"}
        return super().get_context(name, value, attrs)

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(*args, **kwargs)
        option["attrs"]["class"] = "form-check-input me-2"
        return option


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class PartnerForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    opening_hours = forms.CharField(
        label=_("Opening hours"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("As the client should read them, e.g. Mon–Thu 8:00–12:00, Tue 14:00–17:00."),
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("About the institution only, never about clients."),
    )

    class Meta:
        model = Partner
        fields = [
            "name",
            "category",
            "tier",
            "street",
            "postal_code",
            "city",
            "phone",
            "email",
            "website",
            "languages",
            "opening_hours",
            "notes",
            "opening_in_mission_statement",
            "active",
        ]

    def __init__(self, *args: Any, centres: QuerySet[Centre] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["tier"].required = False
        self.fields["tier"].help_text = _("Empty: the tier the category has in the concept.")
        if centres is not None:
            self.fields["centre"] = forms.ModelChoiceField(
                label=_("Counselling centre"), queryset=centres, empty_label=None
            )
            self.order_fields(["centre", *self.Meta.fields])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("tier") and data.get("category"):
            data["tier"] = default_tier(data["category"])
        return data


class ContactPersonForm(forms.ModelForm):
    class Meta:
        model = ContactPerson
        fields = ["name", "function", "phone", "email", "languages"]


class AgreementForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    valid_from = GermanDateField(label=_("Valid from"))
    valid_until = GermanDateField(label=_("Valid until"), required=False)
    review_on = GermanDateField(
        label=_("Review on"), required=False, help_text=_("When to look at it together again.")
    )
    subject = forms.CharField(
        label=_("Subject"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What was agreed, in a few sentences."),
    )
    document = forms.FileField(
        label=_("Signed agreement (PDF)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    class Meta:
        model = CooperationAgreement
        fields = [
            "title",
            "valid_from",
            "valid_until",
            "review_on",
            "topic_information_events",
            "topic_counselling_in_course",
            "topic_dropout_alerts",
            "topic_responsibilities",
            "topic_resource_pooling",
            "topic_intercultural_opening",
            "subject",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["document"].help_text = _(
            "A PDF file of at most %(size)s MB. It is stored outside the web server and only "
            "shown to staff of this centre."
        ) % {"size": max_upload_bytes() // (1024 * 1024)}


class ReferralForm(forms.Form):
    partner = forms.ModelChoiceField(label=_("Partner"), queryset=Partner.objects.none())
    purpose = forms.CharField(
        label=_("Purpose"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the client needs from the partner."),
    )
    referred_on = GermanDateField(label=_("Date of referral"))
    expected_feedback_on = GermanDateField(
        label=_("Feedback expected by"),
        required=False,
        help_text=_("Shown on the dashboard when the date has passed without an outcome."),
    )
    data_items = forms.MultipleChoiceField(
        label=_("Data passed on to the partner"),
        choices=DataItem.choices,
        required=False,
        widget=CheckboxList,
        help_text=_("Only within the client's written consent naming this partner."),
    )
    without_personal_data = forms.BooleanField(
        label=_("Record without passing personal data"),
        required=False,
        help_text=_("The partner learns nothing about the client from us; the client goes alone."),
    )

    def __init__(self, *args: Any, partners: QuerySet[Partner], **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "referred_on": timezone.localdate(),
                "expected_feedback_on": timezone.localdate()
                + timedelta(days=DEFAULT_FEEDBACK_DAYS),
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners  # type: ignore[attr-defined]


class IncomingReferralForm(forms.Form):
    partner = forms.ModelChoiceField(label=_("Referred by"), queryset=Partner.objects.none())
    purpose = forms.CharField(label=_("Reason given"), widget=forms.Textarea(attrs={"rows": 3}))
    referred_on = GermanDateField(label=_("Date of referral"))

    def __init__(self, *args: Any, partners: QuerySet[Partner], **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"referred_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners  # type: ignore[attr-defined]


class OutcomeForm(VersionedForm):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=ReferralOutcome.choices)
    outcome_on = GermanDateField(label=_("Outcome known on"), required=False)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ActivityForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    held_on = GermanDateField(label=_("Date"))
    outcome = forms.CharField(
        label=_("Outcome"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What came of it. Numbers only, never names of clients."),
    )
    partners = forms.ModelMultipleChoiceField(
        label=_("Partners"),
        queryset=Partner.objects.none(),
        required=False,
        widget=CheckboxList,
    )

    class Meta:
        model = Activity
        fields = [
            "kind",
            "core_area",
            "topic",
            "held_on",
            "participants",
            "partner_staff",
            "project",
            "outcome",
        ]

    def __init__(
        self,
        *args: Any,
        partners: QuerySet[Partner],
        projects: QuerySet[Project] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partners"].queryset = partners  # type: ignore[attr-defined]
        self.fields["project"].queryset = (  # type: ignore[attr-defined]
            projects if projects is not None else Project.objects.none()
        )
        self.fields["project"].required = False


class PartnerFilterForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False)
    category = forms.ChoiceField(
        label=_("Category"),
        required=False,
        choices=[("", _("all categories")), *PartnerCategory.choices],
    )
