"""Figures of the volunteer programme for coordinators, team leads and statistics officers."""

from __future__ import annotations

from datetime import date

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from lotse.accounts.typing import AuthenticatedRequest
from lotse.common.access import role_required

from ..access import FIGURES_ROLES, manages_volunteers, team_ids_for
from ..forms import PeriodForm
from ..selectors.figures import volunteer_figures


@role_required(*FIGURES_ROLES)
def volunteer_figures_view(request: AuthenticatedRequest) -> HttpResponse:
    today = timezone.localdate()
    initial = {"start": date(today.year, 1, 1), "end": today}
    form = PeriodForm(request.GET or None, initial=initial)
    period = form.cleaned_data if form.is_valid() else initial
    team_ids = list(team_ids_for(request.user, FIGURES_ROLES).values_list("team_id", flat=True))
    figures = volunteer_figures(team_ids=team_ids, start=period["start"], end=period["end"])
    peak = max((n for _month, n in figures.meetings_per_month), default=0)
    return render(
        request,
        "volunteers/figures.html",
        {
            "form": form,
            "figures": figures,
            "peak": peak or 1,
            "can_manage": manages_volunteers(request.user),
        },
    )
