"""The administrator's page "Nachrichten an Klient*innen": per centre, whether the
confirmations and reminders name the service (issue #18 §2)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lotse.accounts.roles import Role
from lotse.accounts.typing import AuthenticatedRequest
from lotse.common.access import role_required
from lotse.organisation.models import Centre

from ..services import centre_set_name_service
from ..texts import sender_name

FIELD = "name_service"


@require_http_methods(["GET", "POST"])
@role_required(Role.ADMINISTRATOR)
def centre_settings(request: AuthenticatedRequest) -> HttpResponse:
    centres = list(Centre.objects.select_related("provider").order_by("name"))
    if request.method == "POST":
        ticked = set(request.POST.getlist(FIELD))
        changed = sum(
            centre_set_name_service(centre=centre, on=str(centre.pk) in ticked)
            for centre in centres
        )
        messages.success(
            request,
            _("The settings have been saved.") if changed else _("Nothing was changed."),
        )
        return redirect("messaging_centres")
    rows = [{"centre": centre, "sender": sender_name(centre)} for centre in centres]
    return render(request, "messaging/centres.html", {"rows": rows, "field": FIELD})
