"""Writing projects, their goals and the district needs analysis (DOMAIN §D17)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from lotse.accounts.models import User
from lotse.audit.services import log_action
from lotse.common.errors import DomainError
from lotse.common.services.versioning import save_versioned
from lotse.organisation.models import Centre

from ..models import DistrictNeed, GoalStatus, Partner, Project, ProjectGoal
from . import CHANGED_MEANWHILE, pick

PROJECT_FIELDS = (
    "title",
    "district",
    "status",
    "starts_on",
    "ends_on",
    "description",
    "participants",
)
NEED_FIELDS = ("district", "need", "source", "found_on", "note")


def _check_partners(centre: Centre, partners: list[Partner]) -> None:
    if any(p.centre_id != centre.pk for p in partners):
        raise DomainError(_("Only partners of this centre can be named."))


def _check_project(values: Mapping[str, Any]) -> None:
    starts, ends = values.get("starts_on"), values.get("ends_on")
    if isinstance(starts, date) and isinstance(ends, date) and ends < starts:
        raise DomainError(_("A project cannot end before it starts."))


@transaction.atomic
def project_create(
    *, centre: Centre, created_by: User, data: Mapping[str, Any], partners: Iterable[Partner]
) -> Project:
    values, chosen = pick(data, PROJECT_FIELDS), list(partners)
    _check_partners(centre, chosen)
    _check_project(values)
    project = Project.objects.create(centre=centre, created_by=created_by, **values)
    project.partners.set(chosen)
    return project


@transaction.atomic
def project_update(
    *,
    project: Project,
    expected_version: int,
    data: Mapping[str, Any],
    partners: Iterable[Partner],
) -> Project:
    values, chosen = pick(data, PROJECT_FIELDS), list(partners)
    _check_partners(project.centre, chosen)
    _check_project(values)
    saved = save_versioned(
        project, expected_version=expected_version, changes=values, message=CHANGED_MEANWHILE
    )
    before = set(saved.partners.values_list("pk", flat=True))
    saved.partners.set(chosen)
    after = {p.pk for p in chosen}
    if before != after:
        log_action(action="project.partners_changed", obj=saved, data={"partners": sorted(after)})
    return saved


def project_goal_add(*, project: Project, text: str, due_on: date | None) -> ProjectGoal:
    text = text.strip()
    if not text:
        raise DomainError(_("Please describe the goal."))
    if due_on is not None and due_on < project.starts_on:
        raise DomainError(_("A goal cannot be due before the project starts."))
    return ProjectGoal.objects.create(project=project, text=text, due_on=due_on)


def project_goal_set_status(*, goal: ProjectGoal, status: str) -> ProjectGoal:
    if status not in GoalStatus.values:
        raise DomainError(_("Please choose a status."))
    if goal.status != status:
        goal.status = status
        goal.save(update_fields=["status"])
    return goal


@transaction.atomic
def district_need_create(
    *, centre: Centre, created_by: User, data: Mapping[str, Any], partners: Iterable[Partner]
) -> DistrictNeed:
    values, chosen = pick(data, NEED_FIELDS), list(partners)
    _check_partners(centre, chosen)
    need = DistrictNeed.objects.create(centre=centre, created_by=created_by, **values)
    need.partners.set(chosen)
    return need


@transaction.atomic
def district_need_update(
    *,
    need: DistrictNeed,
    expected_version: int,
    data: Mapping[str, Any],
    partners: Iterable[Partner],
) -> DistrictNeed:
    values, chosen = pick(data, NEED_FIELDS), list(partners)
    _check_partners(need.centre, chosen)
    saved = save_versioned(
        need, expected_version=expected_version, changes=values, message=CHANGED_MEANWHILE
    )
    saved.partners.set(chosen)
    return saved
