"""The case working list's filter form (GET): every value checked, errors in plain German."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lotse.clients.selectors.worklist import colleagues
from lotse.common.forms import GermanDateField
from lotse.organisation.models import NO_CLIENT_SERVICES, ServiceKind, Team

from ..phases import PHASE_CHOICES
from ..selectors.worklist import (
    DEFAULT_SORT,
    MAX_PAGES,
    REVIEW_DUE,
    REVIEW_OVERDUE,
    STATUS_CLOSED,
    STATUS_OPEN,
    CaseFilters,
)

ALL: list[tuple[str, Any]] = [("", _("all"))]
# A select as well as the column headers: on a phone the table turns into cards without them.
SORT_CHOICES: list[tuple[str, Any]] = [
    ("-opened", _("Opened, newest first")),
    ("opened", _("Opened, oldest first")),
    ("phase", _("Phase, in process order")),
    ("-phase", _("Phase, in reverse order")),
    ("file_number", _("File number, A to Z")),
    ("-file_number", _("File number, Z to A")),
    ("next_review", _("Next review, earliest first")),
    ("-next_review", _("Next review, latest first")),
]
FILTER_FIELDS = (
    "counsellor",
    "team",
    "service",
    "phase",
    "status",
    "opened_from",
    "opened_to",
    "review",
    "near_limit",
)


class CaseListForm(forms.Form):
    counsellor = forms.TypedChoiceField(
        label=_("Counsellor"), required=False, coerce=int, empty_value=None
    )
    team = forms.TypedChoiceField(label=_("Team"), required=False, coerce=int, empty_value=None)
    service = forms.ChoiceField(label=_("Service"), required=False)
    phase = forms.ChoiceField(label=_("Phase"), required=False, choices=ALL + PHASE_CHOICES)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[*ALL, (STATUS_OPEN, _("open")), (STATUS_CLOSED, _("closed"))],
    )
    opened_from = GermanDateField(label=_("Opened from"), required=False)
    opened_to = GermanDateField(label=_("Opened until"), required=False)
    review = forms.ChoiceField(
        label=_("Review date"),
        required=False,
        choices=[
            *ALL,
            (REVIEW_DUE, _("due within two weeks")),
            (REVIEW_OVERDUE, _("overdue")),
        ],
    )
    near_limit = forms.BooleanField(label=_("Near the three-year limit"), required=False)
    sort = forms.ChoiceField(label=_("Sort order"), required=False, choices=SORT_CHOICES)
    page = forms.IntegerField(label=_("Page"), required=False, min_value=1, max_value=MAX_PAGES)

    def __init__(self, data: Any, *, user: Any) -> None:
        super().__init__(data)
        people = [(str(u.pk), u.get_full_name() or u.get_username()) for u in colleagues(user)]
        self.people = people  # also the choices of a new counsellor for selected cases
        teams = Team.objects.filter(pk__in=user.client_team_ids()).order_by("name", "pk")
        self._choices("counsellor", ALL + people)
        self._choices("team", ALL + [(str(t.pk), t.name) for t in teams])
        self._choices(
            "service",
            ALL
            + [
                (kind, label)
                for kind, label in ServiceKind.choices
                if kind not in NO_CLIENT_SERVICES
            ],
        )
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs["class"] = "form-check-input"
            elif isinstance(widget, forms.Select):
                widget.attrs["class"] = "form-select"
            else:
                widget.attrs["class"] = "form-control"
        # Plain German instead of Django's "Select a valid choice. x is not one of …".
        for name in ("counsellor", "team", "service", "phase", "status", "review", "sort"):
            self.fields[name].error_messages["invalid_choice"] = _(
                "Please choose one of the offered values."
            )
        self.fields["page"].error_messages.update(
            {
                "invalid": _("The page must be a whole number."),
                "min_value": _("The page must be a whole number."),
                "max_value": _(
                    "Only the first %(limit_value)s pages are shown. Please narrow the filter."
                ),
            }
        )

    def _choices(self, name: str, choices: list[tuple[str, Any]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("opened_from"), data.get("opened_to")
        if start and end and start > end:
            self.add_error("opened_to", _("The end of the period lies before its start."))
        return data

    def filters(self) -> CaseFilters:
        """The valid filters; a field with an error counts as not chosen."""
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return CaseFilters(
            counsellor=data.get("counsellor"),
            team=data.get("team"),
            service=data.get("service") or "",
            phase=data.get("phase") or "",
            status=data.get("status") or "",
            opened_from=data.get("opened_from"),
            opened_to=data.get("opened_to") if "opened_to" not in self.errors else None,
            review=data.get("review") or "",
            near_limit=bool(data.get("near_limit")),
        )

    def valid_values(self, *, drop: tuple[str, ...] = ()) -> list[tuple[str, str]]:
        """The valid filters (and sort) as typed, in a fixed order, without the page: for
        links that keep them and for saving them."""
        keys = [k for k in (*FILTER_FIELDS, "sort") if k not in drop and k not in self.errors]
        return [(k, str(self.data.get(k, ""))) for k in keys if self.data.get(k, "")]

    def chosen_sort(self) -> str:
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return str(data.get("sort") or DEFAULT_SORT)

    def page_number(self) -> int:
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return int(data.get("page") or 1)
