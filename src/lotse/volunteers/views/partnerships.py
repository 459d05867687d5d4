"""Partnerships: list, detail with the match reasons, status changes, the quick meeting log."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Max
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lotse.accounts.typing import AuthenticatedRequest
from lotse.audit.services.reads import log_list_read
from lotse.common.errors import DomainError
from lotse.common.query import query_page

from .. import services
from ..choices import Activity
from ..forms import MeetingForm, TransitionForm
from ..matching_text import component_rows
from ..models import Partnership
from ..rules import days_without_meeting
from ..selectors.volunteers import managed_partnership
from ..shown import partnership_people
from ..states import PartnershipStatus
from .common import manager_required, report_form_errors


@manager_required
def partnership_list(request: AuthenticatedRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    partnerships = (
        Partnership.objects.managed_by(request.user)
        .select_related("volunteer", "partner")
        .annotate(last_meeting=Max("meetings__date"), meeting_count=Count("meetings"))
        .order_by("-proposed_on", "-pk")
    )
    if status in PartnershipStatus.values:
        partnerships = partnerships.filter(status=status)
    page = Paginator(partnerships, 25).get_page(query_page(request))
    log_list_read(request, **partnership_people(page))
    return render(
        request,
        "volunteers/partnership_list.html",
        {"page": page, "status": status, "statuses": PartnershipStatus.choices},
    )


def _meetings_context(
    partnership: Partnership, form: MeetingForm | None = None
) -> dict[str, object]:
    today = timezone.localdate()
    meetings = list(partnership.meetings.select_related("logged_by"))  # type: ignore[attr-defined]
    labels = dict(Activity.choices)
    return {
        "partnership": partnership,
        "meetings": [(m, [labels.get(a, a) for a in m.activities]) for m in meetings],
        "meeting_form": form or MeetingForm(initial={"date": today}, prefix="meeting"),
        "days_silent": days_without_meeting(
            meetings[0].date if meetings else None, partnership.started_on, today
        ),
    }


@manager_required
def partnership_detail(request: AuthenticatedRequest, partnership_id: int) -> HttpResponse:
    partnership = managed_partnership(request, partnership_id)
    context = _meetings_context(partnership)
    context.update(
        reasons=component_rows(partnership.match_reasons),
        transition_form=TransitionForm(
            current=partnership.status,
            initial={"version": partnership.version, "on": timezone.localdate()},
        ),
    )
    return render(request, "volunteers/partnership_detail.html", context)


@manager_required
@require_POST
def partnership_transition(request: AuthenticatedRequest, partnership_id: int) -> HttpResponse:
    partnership = managed_partnership(request, partnership_id)
    form = TransitionForm(request.POST, current=partnership.status)
    if not form.is_valid():
        report_form_errors(request, form)
        return redirect("partnership_detail", partnership_id=partnership.pk)
    data = form.cleaned_data
    try:
        services.partnership_transition(
            partnership=partnership,
            target=data["target"],
            expected_version=data["version"],
            on=data["on"],
            reason=data["reason"],
            note=data["note"],
        )
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The status of the partnership has been changed."))
    return redirect("partnership_detail", partnership_id=partnership.pk)


@manager_required
def partnership_meeting_add(request: AuthenticatedRequest, partnership_id: int) -> HttpResponse:
    """The quick log; with HTMX it answers with the refreshed meeting list only."""
    partnership = managed_partnership(request, partnership_id)
    form = MeetingForm(
        request.POST or None, initial={"date": timezone.localdate()}, prefix="meeting"
    )
    saved = False
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_log(
                partnership=partnership, logged_by=request.user, **form.cleaned_data
            )
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            saved = True
            if not request.htmx:
                messages.success(request, _("The meeting has been logged."))
                return redirect("partnership_detail", partnership_id=partnership.pk)
            form = MeetingForm(initial={"date": timezone.localdate()}, prefix="meeting")
    context = _meetings_context(partnership, form)
    context["saved"] = saved
    if request.htmx:
        return render(request, "volunteers/fragments/meetings.html", context)
    return render(request, "volunteers/meeting_form.html", context)
