"""Forms of the statistics pages: filters, bundle upload, funding periods and their lines."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import QueryDict
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

from lotse.common.forms import GermanDateField
from lotse.organisation.models import Centre, Team

from ..cache import cached_place
from ..folding import fold
from ..models import CostCategory, FunderKind, FundingPeriod, FundingStatus
from ..periods import RULE, PeriodNotPublishable, published_period
from ..scope import Unit, led_team_ids, units_for
from ..selectors.base import Period
from ..suppression import min_cell

YEARS_BACK = 6


def year_choices() -> list[tuple[int, int]]:
    this = timezone.localdate().year
    return [(y, y) for y in range(this, this - YEARS_BACK, -1)]


def part_choices() -> list[tuple[str, Any]]:
    halves = [("h1", _("first half year")), ("h2", _("second half year"))]
    quarters = [(f"q{q}", _("quarter %(q)s") % {"q": q}) for q in range(1, 5)]
    months = [(f"m{m:02d}", MONTHS[m]) for m in range(1, 13)]
    return [("", _("whole year")), *halves, *quarters, *months]


def part_period(year: int, part: str) -> Period:
    """The calendar year, or its half year, quarter or month named by ``part``."""
    if not part:
        return Period.year(year)
    size = {"h": 6, "q": 3, "m": 1}[part[0]]
    first = (int(part[1:]) - 1) * size + 1
    last = first + size - 1
    return Period(date(year, first, 1), date(year, last, calendar.monthrange(year, last)[1]))


class PeriodForm(forms.Form):
    """A calendar year or part of it, or a period from–to (both dates given).

    Published figures (``published=True``) take whole calendar months, quarters, half years or
    years only (``periods.published_period``); a team lead's view of their own teams takes
    any day range.
    """

    unit = forms.ChoiceField(label=_("Unit"), required=False, choices=())
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, choices=())
    part = forms.ChoiceField(label=_("Part of the year"), required=False, choices=())
    start = GermanDateField(label=_("or from"), required=False)
    end = GermanDateField(label=_("to"), required=False)

    def __init__(
        self, *args: Any, units: list[Unit], published: bool = True, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = year_choices()  # type: ignore[attr-defined]
        self.fields["part"].choices = part_choices()  # type: ignore[attr-defined]
        self.fields["unit"].choices = [(u.key, u.label) for u in units]  # type: ignore[attr-defined]
        self.units = units
        self.published = published
        if published:
            self.fields["start"].help_text = RULE

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if bool(start) != bool(end):
            raise forms.ValidationError(_("Give both dates of the period, or choose a year."))
        if start and end and end < start:
            self.add_error("end", _("The period cannot end before it starts."))
        elif start and end and self.published:
            try:
                published_period(start, end)
            except PeriodNotPublishable as error:
                self.add_error("start", str(error))
        return data

    def chosen_period(self) -> Period:
        data = getattr(self, "cleaned_data", {}) or {}
        if self.is_bound and self.errors:
            return Period.year(timezone.localdate().year)
        if data.get("start") and data.get("end"):
            return Period(data["start"], data["end"])
        return part_period(data.get("year") or timezone.localdate().year, data.get("part") or "")

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
    published: bool = True
    notes: list[str] = field(default_factory=list)
    too_small: bool = False
    requested: Unit | None = None  # the unit asked for, before folding

    @property
    def refused(self) -> str:
        """Why these figures may not be published ("" when they may)."""
        if self.form.is_bound and self.form.errors:
            return " ".join(str(e) for errors in self.form.errors.values() for e in errors)
        if self.too_small:
            return " ".join(self.notes)
        return ""


def choose(user: Any, query: QueryDict, *, working_view: bool = False) -> Choice:
    """Unit and period from the query string (defaults: the widest unit, this year); 403 for
    someone without a unit to see, or for a unit that is not theirs.

    Figures are published unless ``working_view`` (the dashboard) shows a team lead their
    own teams: then any day range and any small team are fine. Published figures take a
    calendar period and fold small units into the next level (``folding.fold``).
    """
    units = units_for(user)
    if not units:
        raise PermissionDenied
    wanted = query.get("unit") if query else None
    if wanted and wanted not in {u.key for u in units}:
        raise PermissionDenied
    unit = next((u for u in units if u.key == wanted), units[0])
    published = not (working_view and set(unit.team_ids) <= led_team_ids(user))
    form = PeriodForm(query or None, units=units, published=published)
    if query:
        form.is_valid()
    choice = Choice(
        form=form,
        unit=unit,
        period=form.chosen_period(),
        units=units,
        published=published,
        requested=unit,
    )
    if published:
        # The dashboard decides by the counts its figures come from (kept, cached); reports
        # and exports count afresh.
        place = cached_place(unit.team_ids, choice.period) if working_view else None
        folded = fold(unit, units, choice.period, min_cell(), place=place)
        choice.unit, choice.notes, choice.too_small = folded.unit, folded.notes, folded.too_small
    return choice


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


class KeyUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Public key file (JSON)"),
        help_text=_(
            "Written by “lotse stats keygen” at the sending centre. Compare the key id shown "
            "after upload with the centre by telephone."
        ),
    )
    label = forms.CharField(label=_("Whose key"), max_length=200, required=False)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > 10_000:
            raise forms.ValidationError(_("A key file is smaller than 10 kB."))
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

    def __init__(
        self, *args: Any, centres: Any, pairs: set[tuple[int, str]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["centre"].queryset = centres  # type: ignore[attr-defined]
        self.pairs = pairs

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        centre, service = data.get("centre"), data.get("service")
        if self.pairs is not None and centre and service and (centre.pk, service) not in self.pairs:
            self.add_error("service", _("You have no team of this service in this centre."))
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


def funding_pairs(units: list[Unit]) -> set[tuple[int, str]]:
    """(centre, service) of every team in scope: a team lead's funding periods are those of
    the services of the teams they lead, the officer's every one of their providers'."""
    team_ids = {t for u in units for t in u.team_ids}
    rows = Team.objects.filter(pk__in=team_ids).values_list("service__centre_id", "service__kind")
    return set(rows)


def funding_filter(units: list[Unit]) -> Q:
    query = Q(pk__in=[])
    for centre_id, service in funding_pairs(units):
        query |= Q(centre_id=centre_id, service=service)
    return query


def centre_choices(units: list[Unit]) -> Any:
    keys = {centre_id for centre_id, _service in funding_pairs(units)}
    return Centre.objects.filter(pk__in=keys).order_by("name")


def default_year() -> int:
    return date.today().year
