"""Integration courses and a course provider's at-risk list (§D6)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from lotse.accounts.roles import CLIENT_ROLES
from lotse.accounts.typing import AuthenticatedRequest
from lotse.audit.services.reads import log_list_read
from lotse.clients.models import visible_client_q
from lotse.common.access import role_required
from lotse.common.query import query_id, query_page
from lotse.common.views.conflicts import save_keeping_entries
from lotse.common.views.paging import page_size
from lotse.network.access import network_required
from lotse.network.choices import PartnerCategory
from lotse.network.models import Partner
from lotse.network.selectors import partner_for_request

from .. import selectors, services
from ..choices import RUNNING_STATUSES, CourseType
from ..forms import CourseForm
from ..models import CourseParticipation, IntegrationCourse


@network_required()
def course_list(request: AuthenticatedRequest) -> HttpResponse:
    courses = (
        IntegrationCourse.objects.visible_to(request.user)
        .select_related("provider")
        .annotate(
            participants=Count("participations", distinct=True),
            at_risk=Count(
                "participations",
                filter=Q(participations__at_risk=True, participations__status__in=RUNNING_STATUSES),
                distinct=True,
            ),
        )
        .order_by("-start_on", "title")
    )
    course_type = request.GET.get("type", "")
    if course_type in CourseType.values:
        courses = courses.filter(course_type=course_type)
    page = Paginator(courses, page_size(request)).get_page(query_page(request))
    return render(
        request,
        "courses/course_list.html",
        {
            "page": page,
            "course_type": course_type,
            "course_types": CourseType.choices,
            "can_write": selectors.course_providers(request.user, write=True).exists(),
            "providers": selectors.course_providers(request.user),
            "can_see_clients": request.user.has_role(*CLIENT_ROLES),
        },
    )


def _course_form_page(
    request: AuthenticatedRequest, course: IntegrationCourse | None
) -> HttpResponse:
    providers = selectors.course_providers(request.user, write=True)
    initial = {"version": course.version} if course else {}
    provider = query_id(request, "provider")
    if course is None and provider is not None:
        initial["provider"] = provider
    form = CourseForm(request.POST or None, instance=course, initial=initial, providers=providers)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        attempt = save_keeping_entries(
            form,
            lambda: (
                services.course_create(provider=data["provider"], data=data)
                if course is None
                else services.course_update(
                    course=course,
                    expected_version=data["version"] or 0,
                    provider=data["provider"],
                    data=data,
                )
            ),
            record=course,
        )
        if attempt.saved and attempt.result is not None:
            messages.success(request, _("The course has been saved."))
            return redirect("course_detail", course_id=attempt.result.pk)
        status = attempt.status
    return render(
        request, "courses/course_form.html", {"form": form, "course": course}, status=status
    )


@network_required(write=True)
def course_create(request: AuthenticatedRequest) -> HttpResponse:
    return _course_form_page(request, None)


@network_required(write=True)
def course_edit(request: AuthenticatedRequest, course_id: int) -> HttpResponse:
    return _course_form_page(request, selectors.course_for_request(request, course_id, write=True))


@network_required()
def course_detail(request: AuthenticatedRequest, course_id: int) -> HttpResponse:
    """The course; of its participants only the clients of the user's own teams by name."""
    course = selectors.course_for_request(request, course_id)
    everyone = CourseParticipation.objects.filter(course=course)
    visible = list(everyone.filter(visible_client_q(request.user)).select_related("client"))
    can_write = Partner.objects.writable_by(request.user).filter(pk=course.provider_id).exists()
    can_see_clients = request.user.has_role(*CLIENT_ROLES)
    if can_see_clients:
        log_list_read(request, clients=[p.client_id for p in visible])
    return render(
        request,
        "courses/course_detail.html",
        {
            "course": course,
            "participations": visible,
            "others": everyone.count() - len(visible),
            "can_write": can_write,
            "can_see_clients": can_see_clients,
        },
    )


@role_required(*CLIENT_ROLES)
def course_at_risk(request: AuthenticatedRequest, partner_id: int) -> HttpResponse:
    """Participants at risk in this provider's courses, to talk over with the provider —
    only those whose written consent allows passing data to this provider."""
    provider = partner_for_request(request, partner_id)
    if provider.category != PartnerCategory.COURSE_PROVIDER:
        raise Http404
    listed, withheld = selectors.provider_at_risk_list(request.user, provider)
    log_list_read(request, clients=[p.client_id for p in listed])
    return render(
        request,
        "courses/course_at_risk.html",
        {"provider": provider, "participations": listed, "withheld": withheld},
    )
