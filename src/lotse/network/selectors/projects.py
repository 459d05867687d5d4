"""Reading projects and the district needs analysis, scoped to the user's centres."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404, HttpRequest

from lotse.organisation.models import Centre

from ..access import network_centres
from ..models import Activity, DistrictNeed, Project, ProjectGoal


def project_for_request(request: HttpRequest, pk: int, *, write: bool = False) -> Project:
    project = (
        Project.objects.visible_to(request.user).select_related("centre").filter(pk=pk).first()
    )
    if project is None:
        raise Http404
    writable = network_centres(request.user, write=True)
    if write and not writable.filter(pk=project.centre_id).exists():
        raise PermissionDenied
    return project


def goal_for_request(request: HttpRequest, pk: int) -> ProjectGoal:
    goal = ProjectGoal.objects.filter(
        pk=pk, project__centre__in=network_centres(request.user)
    ).first()
    if goal is None:
        raise Http404
    if not network_centres(request.user, write=True).filter(pk=goal.project.centre_id).exists():
        raise PermissionDenied
    return goal


def need_for_request(request: HttpRequest, pk: int, *, write: bool = False) -> DistrictNeed:
    need = DistrictNeed.objects.visible_to(request.user).filter(pk=pk).first()
    if need is None:
        raise Http404
    if write and not network_centres(request.user, write=True).filter(pk=need.centre_id).exists():
        raise PermissionDenied
    return need


def projects_of(centre: Centre | None, status: str = "") -> QuerySet[Project]:
    projects = Project.objects.filter(centre=centre).annotate(goal_count=Count("goals"))
    if status:
        projects = projects.filter(status=status)
    return projects.prefetch_related("partners").order_by("-starts_on", "title")


def project_activities(project: Project) -> QuerySet[Activity]:
    return project.activities.order_by("-held_on")


@dataclass
class District:
    name: str
    needs: list[DistrictNeed] = field(default_factory=list)

    @property
    def gaps(self) -> int:
        """Needs no partner covers."""
        return sum(1 for need in self.needs if not need.partners.all())


def needs_by_district(centre: Centre | None) -> list[District]:
    """The centre's district needs, grouped by district, each with its covering partners."""
    districts: dict[str, District] = {}
    needs = (
        DistrictNeed.objects.filter(centre=centre)
        .prefetch_related(Prefetch("partners"))
        .order_by("district", "need")
    )
    for need in needs:
        districts.setdefault(need.district, District(need.district)).needs.append(need)
    return list(districts.values())
