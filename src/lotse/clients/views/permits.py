"""Residence status: the panel on the client's overview, its form, and the expiry list."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lotse.accounts.roles import CLIENT_ROLES
from lotse.accounts.typing import AuthenticatedRequest
from lotse.audit.services.reads import log_list_read
from lotse.common.access import role_required
from lotse.common.errors import ConflictError
from lotse.common.query import query_choice, query_page
from lotse.common.registry import without_encrypted

from ..forms.permits import PermitForm
from ..selectors import client_for_request
from ..selectors.permits import current_permit, permits_expiring
from ..services.permits import PermitError, permit_record
from . import detail_context
from .permit_panel import permit_panel_context

# The working list's horizons in weeks; the first is the default (§D17: 8 weeks ahead).
WITHIN_WEEKS = (8, 4, 12)
# A working list, not an archive: more than this many rows are not paged through.
LIST_CAP = 500
PAGE_SIZE = 50


@login_required
@require_POST
def client_permit_add(request: AuthenticatedRequest, client_id: int) -> HttpResponse:
    """Record a permit; with HTMX only the panel is replaced, the typed text kept on errors."""
    client = client_for_request(request, client_id, write=True)
    form = PermitForm(request.POST)
    shown: PermitForm | None = form
    if form.is_valid():
        try:
            permit_record(
                client=client,
                data=form.permit_data(),
                recorded_by=request.user,
                expected_current=form.cleaned_data["current"],
            )
        except ConflictError as error:
            # The entries stay; now based on the permit recorded meanwhile (shown above them).
            latest = current_permit(client)
            data = request.POST.copy()
            data["current"] = str(latest.pk) if latest else ""
            shown = PermitForm(data)
            shown.is_valid()
            shown.add_error(None, str(error.message))
        except PermitError as error:
            form.add_error(error.field, str(error.message))
        else:
            if not request.htmx:
                messages.success(request, _("The residence status has been recorded."))
                return redirect("client_detail", client_id=client.pk)
            shown = None  # saved: the panel shows an empty form again
    if not request.htmx:
        # Without JavaScript: the whole overview again, the form with its errors in the panel.
        context = detail_context(request, client)
        context.update(permit_panel_context(client, shown))
        return render(request, "clients/client_detail.html", context)
    context = {"client": client, "can_edit": True, **permit_panel_context(client, shown)}
    return render(request, "clients/fragments/permits.html", context)


@role_required(*CLIENT_ROLES)
def permits_expiring_list(request: AuthenticatedRequest) -> HttpResponse:
    """Working list: current permits of the user's teams ending within 4, 8 or 12 weeks."""
    weeks = query_choice(request, "within", WITHIN_WEEKS)
    today = timezone.localdate()
    permits = without_encrypted(
        permits_expiring(request.user, within_days=weeks * 7, today=today), keep=("kind",)
    )
    capped = list(permits[: LIST_CAP + 1])
    page = Paginator(capped[:LIST_CAP], PAGE_SIZE).get_page(query_page(request))
    log_list_read(request, clients=[permit.client_id for permit in page])
    rows = [{"permit": permit, "days_left": permit.days_left(today)} for permit in page]
    return render(
        request,
        "clients/permits_expiring.html",
        {
            "page": page,
            "rows": rows,
            "weeks": weeks,
            "week_choices": sorted(WITHIN_WEEKS),
            "capped": len(capped) > LIST_CAP,
            "today": today,
        },
    )
