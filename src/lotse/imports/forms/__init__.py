from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lotse.organisation.models import Team

from ..models import ImportKind
from ..services.mapping import FIELDS, KIND_FIELDS


class UploadForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What the list holds"),
        choices=ImportKind.choices,
        initial=ImportKind.CLIENTS,
        required=False,  # a form without the choice (an older page) imports clients
    )
    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.none())
    file = forms.FileField(
        label=_("File"),
        help_text=_("Excel (.xlsx) or CSV, as Excel saves it (also with semicolons)."),
    )

    def __init__(self, *args: Any, teams: QuerySet[Team], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        team_field = self.fields["team"]
        assert isinstance(team_field, forms.ModelChoiceField)
        team_field.queryset = teams
        if teams.count() == 1:
            team_field.initial = teams.first()

    def clean_kind(self) -> str:
        return str(self.cleaned_data.get("kind") or ImportKind.CLIENTS)


def mapping_choices(kind: str = ImportKind.CLIENTS) -> list[tuple[str, str]]:
    return [
        ("", str(_("(not imported)"))),
        *((code, str(FIELDS[code])) for code in KIND_FIELDS[kind]),
    ]


class MappingForm(forms.Form):
    """One choice per column of the header; built from the run's headers."""

    def __init__(
        self,
        *args: Any,
        headers: list[str],
        mapping: dict[int, str],
        kind: str = ImportKind.CLIENTS,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        for column, header in enumerate(headers):
            self.fields[f"col_{column}"] = forms.ChoiceField(
                label=header or _("Column %(number)d") % {"number": column + 1},
                choices=mapping_choices(kind),
                required=False,
                initial=mapping.get(column, ""),
            )

    def mapping(self) -> dict[int, str]:
        chosen: dict[int, str] = {}
        for name, code in self.cleaned_data.items():
            if code and code not in chosen.values():
                chosen[int(name.removeprefix("col_"))] = code
        return chosen
