"""Reading course data: courses by the user's centres, participations through the client."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from lotse.clients.models import Client, visible_client_q
from lotse.clients.services import sharing_allowed
from lotse.network.choices import PartnerCategory
from lotse.network.models import Partner

from ..choices import RUNNING_STATUSES
from ..models import CourseParticipation, IntegrationCourse


def course_for_request(request: HttpRequest, pk: int, *, write: bool = False) -> IntegrationCourse:
    course = (
        IntegrationCourse.objects.visible_to(request.user)
        .select_related("provider__centre")
        .filter(pk=pk)
        .first()
    )
    if course is None:
        raise Http404
    if (
        write
        and not Partner.objects.writable_by(request.user).filter(pk=course.provider_id).exists()
    ):
        raise PermissionDenied
    return course


def course_providers(user: Any, *, write: bool = False) -> QuerySet[Partner]:
    partners = Partner.objects.writable_by(user) if write else Partner.objects.visible_to(user)
    return partners.filter(category=PartnerCategory.COURSE_PROVIDER).order_by("name")


def participation_of_client(client: Client, pk: int) -> CourseParticipation:
    found = (
        CourseParticipation.objects.filter(client=client, pk=pk)
        .select_related("course__provider")
        .first()
    )
    if found is None:
        raise Http404
    return found


def courses_for_client(client: Client) -> QuerySet[IntegrationCourse]:
    return IntegrationCourse.objects.filter(
        provider__centre_id=client.team.service.centre_id
    ).select_related("provider")


def at_risk_participations(user: Any) -> QuerySet[CourseParticipation]:
    """Running participations flagged at risk, of clients in the user's teams."""
    return (
        CourseParticipation.objects.filter(
            visible_client_q(user),
            at_risk=True,
            status__in=RUNNING_STATUSES,
        )
        .select_related("client", "course__provider")
        .order_by("risk_flagged_on", "pk")
    )


def provider_at_risk_list(user: Any, provider: Partner) -> tuple[list[CourseParticipation], int]:
    """The participants at risk in ``provider``'s courses that may be discussed with the
    provider: only those whose consent allows passing data to it. Returns (listed, withheld)."""
    candidates = at_risk_participations(user).filter(course__provider=provider)
    listed, withheld = [], 0
    for participation in candidates:
        if sharing_allowed(participation.client, provider):
            listed.append(participation)
        else:
            withheld += 1
    return listed, withheld
