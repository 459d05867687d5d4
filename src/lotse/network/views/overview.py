"""Coverage of the mandatory partners, the §D12 indicators, and activities (§D8, §D9)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from lotse.accounts.typing import AuthenticatedRequest
from lotse.common.query import query_int, query_page
from lotse.common.views.conflicts import save_keeping_entries
from lotse.common.views.paging import page_size
from lotse.organisation.models import Centre

from .. import selectors, services
from ..access import network_centres, network_required
from ..choices import PartnerCategory
from ..forms import ActivityForm
from ..indicators import Period
from ..models import Activity, Partner, Project
from ..selectors import projects as project_selectors


def _centre_choice(request: AuthenticatedRequest) -> tuple[Centre, dict[str, object]]:
    centre = selectors.chosen_centre(request)
    if centre is None:  # the guard lets only people with a network centre in
        raise PermissionDenied
    return centre, {"centre": centre, "centres": network_centres(request.user).order_by("name")}


@network_required()
def coverage(request: AuthenticatedRequest) -> HttpResponse:
    """Which mandatory categories have an active partner with a current agreement (§D12)."""
    centre, context = _centre_choice(request)
    today = timezone.localdate()
    result = selectors.centre_coverage(centre, today)
    labels = dict(PartnerCategory.choices)
    partners_by_category: dict[str, list[Partner]] = {}
    for partner in Partner.objects.filter(centre=centre, active=True):
        partners_by_category.setdefault(partner.category, []).append(partner)
    rows = [
        {
            "category": row.category,
            "label": labels[row.category],
            "status": str(row.status),
            "partners": partners_by_category.get(row.category, []),
        }
        for row in result.rows
    ]
    districts = project_selectors.needs_by_district(centre)
    return render(
        request,
        "network/coverage.html",
        {
            **context,
            "coverage": result,
            "rows": rows,
            "today": today,
            "district_needs": sum(len(d.needs) for d in districts),
            "district_gaps": sum(d.gaps for d in districts),
        },
    )


@network_required()
def indicators(request: AuthenticatedRequest) -> HttpResponse:
    centre, context = _centre_choice(request)
    this_year = timezone.localdate().year
    year = query_int(request, "year", minimum=2000, maximum=this_year, default=this_year)
    assert year is not None
    network, opening = selectors.centre_indicators(centre, Period.year(year))
    _, opening_before = selectors.centre_indicators(centre, Period.year(year - 1))
    return render(
        request,
        "network/indicators.html",
        {
            **context,
            "year": year,
            "years": list(range(this_year, this_year - 5, -1)),
            "network": network,
            "opening": opening,
            "opening_before": opening_before,
        },
    )


@network_required()
def activity_list(request: AuthenticatedRequest) -> HttpResponse:
    activities = (
        Activity.objects.visible_to(request.user)
        .select_related("centre")
        .prefetch_related("partners")
        .order_by("-held_on", "topic")
    )
    kind = request.GET.get("kind", "")
    if kind:
        activities = activities.filter(kind=kind)
    page = Paginator(activities, page_size(request)).get_page(query_page(request))
    can_write = network_centres(request.user, write=True).exists()
    return render(
        request,
        "network/activity_list.html",
        {
            "page": page,
            "can_write": can_write,
            "kind": kind,
            "kinds": Activity._meta.get_field("kind").choices,
        },
    )


def _activity_form_page(request: AuthenticatedRequest, activity: Activity | None) -> HttpResponse:
    centre = activity.centre if activity else selectors.chosen_centre(request, write=True)
    partners = Partner.objects.filter(centre=centre).order_by("name")
    initial: dict[str, object] = (
        {"version": activity.version, "partners": list(activity.partners.all())}
        if activity
        else {"held_on": timezone.localdate()}
    )
    form = ActivityForm(
        request.POST or None,
        instance=activity,
        initial=initial,
        partners=partners,
        projects=Project.objects.filter(centre=centre).order_by("-starts_on"),
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        attempt = save_keeping_entries(
            form,
            lambda: (
                services.activity_create(
                    centre=centre,  # type: ignore[arg-type]
                    created_by=request.user,
                    data=data,
                    partners=data["partners"],
                )
                if activity is None
                else services.activity_update(
                    activity=activity,
                    expected_version=data["version"] or 0,
                    data=data,
                    partners=data["partners"],
                )
            ),
            record=activity,
        )
        if attempt.saved:
            messages.success(request, _("The activity has been saved."))
            return redirect("activity_list")
        status = attempt.status
    return render(
        request,
        "network/activity_form.html",
        {"form": form, "activity": activity, "centre": centre},
        status=status,
    )


@network_required(write=True)
def activity_create(request: AuthenticatedRequest) -> HttpResponse:
    return _activity_form_page(request, None)


@network_required(write=True)
def activity_edit(request: AuthenticatedRequest, activity_id: int) -> HttpResponse:
    activity = selectors.activity_for_request(request, activity_id, write=True)
    return _activity_form_page(request, activity)
