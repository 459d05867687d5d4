"""Forms of the statistics pages: filters, bundle upload, funding periods and their lines."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotse.common.forms import GermanDateField
from lotse.organisation.models import Centre

from ..models import CostCategory, FunderKind, FundingPeriod, FundingStatus
from ..scope import Unit, units_for
from ..selectors.base import Period

YEARS_BACK = 6


def year_choices() -> list[tuple[int, int]]:
    this = timezone.localdate().year
    return [(y, y) for y in range(this, this - YEARS_BACK, -1)]


class PeriodForm(forms.Form):
    """A calendar year, or a period from–to (both dates given)."""

    unit = forms.ChoiceField(label=_("Unit"), required=False, choices=())
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, choices=())
    start = GermanDateField(label=_("or from"), required=False)
    end = GermanDateField(label=_("to"), required=False)

    def __init__(self, *args: Any, units: list[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = year_choices()  # type: ignore[attr-defined]
        self.fields["unit"].choices = [(u.key, u.label) for u in units]  # type: ignore[attr-defined]
        self.units = units

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if bool(start) != bool(end):
            raise forms.ValidationError(_("Give both dates of the period, or choose a year."))
        if start and end and end < start:
            self.add_error("end", _("The period cannot end before it starts."))
        return data

    def chosen_period(self) -> Period:
        data = getattr(self, "cleaned_data", {}) or {}
        if data.get("start") and data.get("end"):
            return Period(data["start"], data["end"])
        return Period.year(data.get("year") or timezone.localdate().year)

    def chosen_unit(self) -> Unit:
        data = getattr(self, "cleaned_data", {}) or {}
        key = data.get("unit")
        return next((u for u in self.units if u.key == key), self.units[0])


@dataclass
class Choice:
    form: PeriodForm
    unit: Unit
    period: Period
    units: list[Unit]


def choose(user: Any, query: QueryDict) -> Choice:
    """Unit and period from the query string (defaults: the widest unit, this year); 403 for
    someone without a unit to see."""
    units = units_for(user)
    if not units:
        raise PermissionDenied
    form = PeriodForm(query or None, units=units)
    if query:
        form.is_valid()
    return Choice(form=form, unit=form.chosen_unit(), period=form.chosen_period(), units=units)


class BundleUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Bundle file (JSON)"),
        help_text=_("A bundle written by “lotse stats export” or “lotse stats merge”."),
    )

    MAX_BYTES = 5 * 1024 * 1024

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload


class FundingPeriodForm(forms.ModelForm):
    starts_on = GermanDateField(label=_("starts on"))
    ends_on = GermanDateField(label=_("ends on"))

    class Meta:
        model = FundingPeriod
        fields = [
            "centre",
            "service",
            "title",
            "starts_on",
            "ends_on",
            "federal_share_percent",
            "recipient",
            "salutation",
            "signatory",
        ]
        widgets = {"recipient": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, centres: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["centre"].queryset = centres  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The funding period cannot end before it starts."))
        return data


class CostLineForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)
    category = forms.ChoiceField(label=_("Category"), choices=CostCategory.choices)
    label = forms.CharField(label=_("Description"), max_length=200, required=False)
    amount = forms.DecimalField(label=_("Amount (€)"), min_value=0, max_digits=12, decimal_places=2)
    eligible = forms.BooleanField(label=_("eligible"), required=False, initial=True)


class FundingLineForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)
    funder_kind = forms.ChoiceField(label=_("Funder"), choices=FunderKind.choices)
    funder_name = forms.CharField(label=_("Name of the funder"), max_length=200, required=False)
    amount = forms.DecimalField(label=_("Amount (€)"), min_value=0, max_digits=12, decimal_places=2)
    status = forms.ChoiceField(label=_("Status"), choices=FundingStatus.choices)


CostLines = forms.formset_factory(CostLineForm, extra=3, can_delete=True)
FundingLines = forms.formset_factory(FundingLineForm, extra=3, can_delete=True)


def filled(formset: forms.BaseFormSet) -> list[dict[str, Any]]:
    """The lines of a valid formset that were filled in and not ticked for deletion."""
    lines = []
    for form in formset.forms:
        data = getattr(form, "cleaned_data", None)
        if not data or data.get("DELETE"):
            continue
        lines.append({k: v for k, v in data.items() if k != "DELETE"})
    return lines


def centre_choices(units: list[Unit]) -> Any:
    keys = [int(u.key[1:]) for u in units if u.level == "centre"]
    return Centre.objects.filter(pk__in=keys).order_by("name")


def default_year() -> int:
    return date.today().year
