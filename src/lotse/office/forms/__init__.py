"""Forms for flags and tasks; the services check the rules again (team, membership)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lotse.accounts.models import Membership
from lotse.accounts.roles import CLIENT_ROLES
from lotse.cases.models import Case
from lotse.clients.models import Client
from lotse.common.forms import GermanDateField
from lotse.organisation.models import Team

from ..models import FlagKind
from ..services.flags import MAX_NOTE_LENGTH as MAX_FLAG_NOTE
from ..services.tasks import MAX_NOTE_LENGTH, MAX_TITLE_LENGTH


class FlagForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Flag"),
        choices=FlagKind.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    note = forms.CharField(
        label=_("Note (optional)"),
        max_length=MAX_FLAG_NOTE,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )

    def __init__(self, *args: Any, active_kinds: set[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        taken = active_kinds or set()
        self.fields["kind"].choices = [  # type: ignore[attr-defined]
            (code, label) for code, label in FlagKind.choices if code not in taken
        ]


def team_members(teams: QuerySet[Team] | list[int]) -> QuerySet[Any]:
    """Active people with a client role in these teams: who can be given a task."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            pk__in=Membership.objects.filter(team__in=teams, role__in=CLIENT_ROLES).values(
                "user_id"
            ),
        )
        .order_by("full_name")
    )


class TaskForm(forms.Form):
    title = forms.CharField(
        label=_("Task"),
        max_length=MAX_TITLE_LENGTH,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    due_date = GermanDateField(label=_("Due on"))
    team = forms.ModelChoiceField(
        label=_("Team"),
        queryset=Team.objects.none(),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    assignee = forms.ModelChoiceField(
        label=_("For"),
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label=_("the whole team"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    case = forms.ModelChoiceField(
        label=_("Case"),
        queryset=Case.objects.none(),
        required=False,
        empty_label=_("— the client's file —"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    note = forms.CharField(
        label=_("Note (optional)"),
        max_length=MAX_NOTE_LENGTH,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )

    def __init__(
        self,
        *args: Any,
        teams: QuerySet[Team],
        user: Any,
        client: Client | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.client = client
        if client is not None:
            teams = teams.filter(pk=client.team_id)
            self.fields["case"].queryset = Case.objects.filter(client=client)  # type: ignore[attr-defined]
            self.fields["case"].label_from_instance = (  # type: ignore[attr-defined]
                lambda case: f"{case.get_service_display()} · {case.opened_on:%d.%m.%Y}"
            )
        else:
            del self.fields["case"]
        self.fields["team"].queryset = teams  # type: ignore[attr-defined]
        self.fields["assignee"].queryset = team_members(teams)  # type: ignore[attr-defined]
        if not self.is_bound:
            self.fields["assignee"].initial = user.pk
            first = teams.first()
            if first is not None:
                self.fields["team"].initial = first.pk
        if teams.count() == 1:
            self.fields["team"].widget = forms.HiddenInput()


class DoneForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
