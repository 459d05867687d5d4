"""Choosing the receiving team and writing the handover note; the receiving lead's decision."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lotse.organisation.models import Team

from ..services.transfer import NOTE_MAX, receiving_teams


class TeamChoiceField(forms.ModelChoiceField[Team]):
    def label_from_instance(self, obj: Team) -> str:
        centre = obj.service.centre
        return f"{obj.name} – {obj.service.get_kind_display()} – {centre.name} ({centre.provider})"


class TransferForm(forms.Form):
    to_team = TeamChoiceField(label=_("Receiving team"), queryset=Team.objects.none())
    note = forms.CharField(
        label=_("Handover note"),
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "For the receiving team lead, who decides with it: what the person needs and why "
            "the file changes teams. Only what is necessary."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_team"].queryset = receiving_teams()  # type: ignore[attr-defined]
