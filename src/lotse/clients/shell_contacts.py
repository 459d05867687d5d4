"""Contacts, follow-ups and the timeline: navigation, tabs and dashboard panels."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotse.accounts.roles import CLIENT_ROLES
from lotse.audit.services.reads import note_shown
from lotse.common.registry import dashboard_panel, head_and_total

from .selectors.contacts import FOLLOW_UP_HORIZON_DAYS, follow_up_state, follow_ups_due
from .tabs import client_tab

client_tab("contacts", _("Contacts"), "client_contacts", order=10)
client_tab("timeline", _("Timeline"), "client_timeline", order=90)

FOLLOW_UPS_SHOWN = 10


@dashboard_panel("follow_ups", order=5, template="clients/panels/follow_ups.html")
def follow_ups(request: HttpRequest) -> dict[str, Any] | None:
    """Wiedervorlagen: open follow-ups of visible clients, due within a week, overdue first."""
    user = request.user
    if not user.has_role(*CLIENT_ROLES):  # type: ignore[union-attr]
        return None
    today = timezone.localdate()
    contacts, total = head_and_total(follow_ups_due(user=user, today=today), FOLLOW_UPS_SHOWN)
    # The contacts' clients are visible ones (not merged): writable where the team is.
    writable_teams = user.client_team_ids(writable=True)  # type: ignore[union-attr]
    note_shown(request, clients=[contact.client_id for contact in contacts])
    items = [
        {
            "contact": contact,
            "client": contact.client,
            "state": follow_up_state(contact, today),
            "can_write": contact.client.team_id in writable_teams,
        }
        for contact in contacts
    ]
    return {
        "total": total,
        "items": items,
        "today": today,
        "horizon": FOLLOW_UP_HORIZON_DAYS,
    }
