"""Forms of the staff pages: booking, status changes, office hours."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, cast

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from lotse.accounts.models import User

from ..models import AppointmentStatus, RequestStatus, Weekday
from ..selectors import local_tz
from ..slots import WeeklyPeriod


def slot_value(moment: datetime) -> str:
    return moment.astimezone(local_tz()).isoformat()


def grouped_slot_choices(slots: Sequence[datetime]) -> list[tuple[str, list[tuple[str, str]]]]:
    """Slots grouped by day ("Tuesday, 01.12.2026" → "09:00", "09:45", …)."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for slot in slots:
        local = slot.astimezone(local_tz())
        day = formats.date_format(local, "l, d.m.Y")
        # The closed list shows only the option: it names the day as well as the time.
        groups.setdefault(day, []).append((slot_value(local), f"{day}, {local:%H:%M}"))
    return list(groups.items())


class BookingForm(forms.Form):
    # Chosen beforehand with the GET form (the free times depend on it).
    counsellor = forms.ModelChoiceField(
        label=_("Counsellor"),
        queryset=User.objects.none(),
        empty_label=None,
        widget=forms.HiddenInput,
    )
    slot = forms.ChoiceField(
        label=_("Free time"),
        help_text=_("Office hours minus the appointments already booked for this counsellor."),
    )
    language = forms.ChoiceField(
        label=_("Language of the letter"), choices=settings.DOCUMENT_LANGUAGES
    )
    note = forms.CharField(
        label=_("Note for the letter"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Printed on the letter, e.g. which documents to bring."),
    )

    def __init__(
        self,
        *args: Any,
        counsellors: QuerySet[User],
        slots: Sequence[datetime],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["counsellor"]).queryset = counsellors
        cast(forms.ChoiceField, self.fields["slot"]).choices = grouped_slot_choices(slots)

    def clean_slot(self) -> datetime:
        value = self.cleaned_data["slot"]
        try:
            return datetime.fromisoformat(value)
        except ValueError as error:
            raise forms.ValidationError(_("Please choose a free time.")) from error


class AppointmentStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("What happened?"), choices=AppointmentStatus.choices)
    version = forms.IntegerField(widget=forms.HiddenInput)


class RequestStatusForm(forms.Form):
    status = forms.ChoiceField(
        choices=[
            (RequestStatus.CONTACTED.value, RequestStatus.CONTACTED.label),
            (RequestStatus.CLOSED.value, RequestStatus.CLOSED.label),
            (RequestStatus.NEW.value, RequestStatus.NEW.label),
            ("release", _("not spam")),
        ]
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class OfficeHoursForm(forms.Form):
    """Up to two periods per weekday; an empty row means closed."""

    PERIODS = 2

    def __init__(self, *args: Any, periods: Sequence[WeeklyPeriod] = (), **kwargs: Any) -> None:
        initial: dict[str, Any] = dict(kwargs.pop("initial", None) or {})
        seen: dict[int, int] = {}
        for period in sorted(periods, key=lambda p: (p.weekday, p.start)):
            index = seen.get(period.weekday, 0)
            if index < self.PERIODS:
                initial[f"d{period.weekday}_{index}_start"] = period.start
                initial[f"d{period.weekday}_{index}_end"] = period.end
                seen[period.weekday] = index + 1
        kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        for day, label in Weekday.choices:
            for index in range(self.PERIODS):
                for part, part_label in (("start", _("from")), ("end", _("until"))):
                    self.fields[f"d{day}_{index}_{part}"] = forms.TimeField(
                        label=f"{label} {part_label}",
                        required=False,
                        widget=forms.TimeInput(format="%H:%M", attrs={"type": "time"}),
                    )

    def rows(self) -> list[tuple[str, list[tuple[forms.BoundField, forms.BoundField]]]]:
        return [
            (
                str(label),
                [
                    (self[f"d{day}_{index}_start"], self[f"d{day}_{index}_end"])
                    for index in range(self.PERIODS)
                ],
            )
            for day, label in Weekday.choices
        ]

    def periods(self) -> list[WeeklyPeriod]:
        result = []
        for day, _label in Weekday.choices:
            for index in range(self.PERIODS):
                start = self.cleaned_data.get(f"d{day}_{index}_start")
                end = self.cleaned_data.get(f"d{day}_{index}_end")
                if start and end:
                    result.append(WeeklyPeriod(weekday=day, start=start, end=end))
        return result

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for day, _label in Weekday.choices:
            for index in range(self.PERIODS):
                start = data.get(f"d{day}_{index}_start")
                end = data.get(f"d{day}_{index}_end")
                if bool(start) != bool(end):
                    self.add_error(
                        f"d{day}_{index}_start", _("Please give both the start and the end.")
                    )
                elif start and end and start >= end:
                    self.add_error(f"d{day}_{index}_end", _("The end must be after the start."))
        return data
