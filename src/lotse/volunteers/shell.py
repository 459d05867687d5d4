"""Navigation entries, dashboard panels and the client-file tab of the volunteers app."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotse.audit.services.reads import note_shown
from lotse.clients.file_sections import file_section
from lotse.clients.tabs import client_tab
from lotse.common.registry import dashboard_panel, nav_entry

from .access import manages_volunteers, works_with_groups
from .models import GroupOfferParticipant
from .selectors.dashboard import document_warnings, next_evening, silent_partnerships
from .shown import partnership_people

VOLUNTEER_PAGES = (
    "volunteer_list",
    "volunteer_create",
    "volunteer_detail",
    "volunteer_edit",
    "volunteer_document_add",
    "volunteer_districts",
    "volunteer_figures",
    "training_overview",
    "training_session_create",
    "training_session_detail",
    "partner_list",
    "partner_create",
    "partner_detail",
    "partner_edit",
    "matching_suggestions",
    "partnership_list",
    "partnership_detail",
    "partnership_meeting_add",
    "group_evening_list",
    "group_evening_create",
    "group_evening_detail",
)

# "Ehrenamt" in the German interface (UI.md).
nav_entry(
    "volunteers",
    _("Volunteering"),
    "volunteer_list",
    order=40,
    visible=manages_volunteers,
    active_for=VOLUNTEER_PAGES,
)
nav_entry(
    "jmd_group_offers",
    _("Group work"),
    "jmd_offer_list",
    order=45,
    visible=works_with_groups,
    active_for=("jmd_offer_list", "jmd_offer_create", "jmd_offer_detail"),
)
client_tab("partnership", _("Integration partnership"), "partnership_client_tab", order=60)


@dashboard_panel("volunteer_silent", order=30, template="volunteers/panels/silent.html")
def silent_panel(request: HttpRequest, today: date | None = None) -> dict[str, Any] | None:
    """Active partnerships without a meeting for three weeks (``today`` fixes the clock)."""
    if not manages_volunteers(request.user):
        return None
    today = today or timezone.localdate()
    silent = silent_partnerships(user=request.user, today=today)
    note_shown(request, **partnership_people(s.partnership for s in silent))
    return {"silent": silent, "today": today}


@dashboard_panel("volunteer_reminders", order=31, template="volunteers/panels/reminders.html")
def reminders_panel(request: HttpRequest, today: date | None = None) -> dict[str, Any] | None:
    """Missing or expiring documents, and the next group evening."""
    if not manages_volunteers(request.user):
        return None
    today = today or timezone.localdate()
    upcoming, suggestion = next_evening(user=request.user, today=today)
    documents = document_warnings(user=request.user, today=today)
    note_shown(request, volunteers=[w.volunteer.pk for w in documents[:8]])
    return {
        "documents": documents,
        "upcoming": upcoming,
        "suggestion": suggestion,
        "today": today,
    }


@file_section(
    "group_offers", place="overview", template="volunteers/fragments/client_groups.html", order=20
)
def group_offers_section(request: HttpRequest, client: Any) -> dict[str, Any] | None:
    """The group work the client takes part in, with its dates (§D17: a group contact
    appears in each participant's file). One query, a second for the dates when there are
    offers; nothing is shown for a client in none."""
    rows = list(
        GroupOfferParticipant.objects.filter(client=client)
        .select_related("offer")
        .prefetch_related("offer__dates")
        .order_by("-created_at")
    )
    if not rows:
        return None
    return {"group_rows": rows, "can_open_offers": works_with_groups(request.user)}
