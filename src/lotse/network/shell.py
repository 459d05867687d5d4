"""The network's navigation entry, client-file tab and dashboard panel."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotse.accounts.roles import CLIENT_ROLES
from lotse.audit.services.reads import note_shown
from lotse.clients.tabs import client_tab
from lotse.common.registry import dashboard_panel, head_and_total, nav_entry

from .access import NETWORK_READ_ROLES
from .selectors import overdue_referrals

PANEL_ROWS = 8

nav_entry(
    "network",
    _("Network"),
    "network_partner_list",
    order=40,
    visible=lambda user: user.has_role(*NETWORK_READ_ROLES),
    active_for=(
        "network_partner_list",
        "network_partner_create",
        "network_partner_detail",
        "network_partner_edit",
        "network_agreement_list",
        "network_agreement_create",
        "network_agreement_edit",
        "network_coverage",
        "network_indicators",
        "activity_list",
        "activity_create",
        "activity_edit",
        "referral_overdue",
    ),
)

client_tab("referrals", _("Referrals"), "referral_list", order=40)


@dashboard_panel("referrals_overdue", order=30, template="network/panels/overdue_referrals.html")
def referrals_overdue(request: HttpRequest) -> dict[str, Any] | None:
    """Outgoing referrals of the user's clients still waiting for an outcome past their date."""
    if not request.user.has_role(*CLIENT_ROLES):  # type: ignore[union-attr]
        return None
    overdue = overdue_referrals(request.user, timezone.localdate())
    rows, total = head_and_total(overdue, PANEL_ROWS)
    note_shown(request, clients=[referral.client_id for referral in rows])
    return {"total": total, "rows": rows}
