"""Shared pieces of the statistics views: the roles, the filter, the chosen statistics."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from lotse.accounts.roles import Role

from ..forms import PeriodForm
from ..scope import Unit, units_for
from ..selectors import Period

STATISTICS_VIEW_ROLES = (Role.STATISTICS_OFFICER, Role.TEAM_LEAD)
BUNDLE_ROLES = (Role.STATISTICS_OFFICER,)


@dataclass
class Choice:
    form: PeriodForm
    unit: Unit
    period: Period
    units: list[Unit]


def choose(request: HttpRequest) -> Choice:
    """Unit and period from the query string (defaults: the widest unit, this year)."""
    units = units_for(request.user)
    if not units:
        raise PermissionDenied
    form = PeriodForm(request.GET or None, units=units)
    if request.GET:
        form.is_valid()
    return Choice(form=form, unit=form.chosen_unit(), period=form.chosen_period(), units=units)
