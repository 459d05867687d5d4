"""Shared bits of the volunteer views: guards and the teams and districts a user works with."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import QuerySet
from django.forms import Form

from lotse.accounts.typing import AuthenticatedRequest
from lotse.common.access import role_required
from lotse.organisation.models import Team

from ..access import VOLUNTEER_ROLES, managed_team_ids
from ..models import District

manager_required = role_required(*VOLUNTEER_ROLES)


def teams_of(request: AuthenticatedRequest) -> QuerySet[Team]:
    return Team.objects.filter(pk__in=managed_team_ids(request.user)).select_related(
        "service__centre"
    )


def districts_of(request: AuthenticatedRequest) -> QuerySet[District]:
    centres = teams_of(request).values("service__centre_id")
    return District.objects.filter(centre_id__in=centres).order_by("name")


def report_form_errors(request: AuthenticatedRequest, form: Form) -> None:
    """For small POST actions that redirect: the form's errors as messages."""
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else str(error))
